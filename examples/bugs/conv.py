"""Planted bugs in reference/conv.py.

One implementation serves Conv1d/2d/3d (and the transposed convolutions), so a bug in its shared
code fails every dimension; the bugs planted here are confined to one layer.
"""
from examples.bugs import Bug

BUGS = [
    Bug(file="conv.py",
        old="    for axis, (left, right) in enumerate(pads, start=2):\n",
        new="    for axis, (left, right) in enumerate(pads[:2], start=2):  # the image's H and W\n",
        layer="Conv3d", checks=("forward", "input_grad", "param_grad", "state"),
        description="reflect/replicate/circular padding is applied to the first two spatial dims only (an "
                    "image habit): a volume's last dim is left unpadded"),
    Bug(file="conv.py",
        old="    _dims = 2\n\n\nclass Conv3d(_ConvNd):",
        new="""    _dims = 2

    def _pads(self) -> tuple:
        if self.padding == "same":  # the odd extra element put on the left
            totals = [d * (k - 1) for d, k in zip(self.dilation, self.kernel_size)]
            return tuple((t - t // 2, t // 2) for t in totals)
        return super()._pads()


class Conv3d(_ConvNd):""",
        layer="Conv2d", checks=("forward", "input_grad", "param_grad", "state"),
        description="padding='same' with an even kernel puts the odd extra element on the left (torch: right)"),
    Bug(file="conv.py",
        old="    _dims = 2\n\n\nclass ConvTranspose3d(_ConvTransposeNd):",
        new="""    _dims = 2

    def _output_padding(self, input, output_size) -> tuple:  # output_padding forgotten
        return (0, 0) if output_size is None else super()._output_padding(input, output_size)


class ConvTranspose3d(_ConvTransposeNd):""",
        layer="ConvTranspose2d", checks=("forward", "state", "errors"),
        description="output_padding is dropped: the output misses the extra rows/columns on the bottom/right "
                    "(and an invalid output_padding >= stride is not rejected); the gradients are right, as no input "
                    "element reaches those rows"),
]
