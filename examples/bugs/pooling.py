"""Planted bugs for the pooling and vision layers (reference/pooling.py, pixelshuffle.py,
upsampling.py).

The N-d pooling classes share one implementation, so a bug meant for one layer is planted as that
class's own (wrong) override: the code a student who wrote that class separately would have.
"""
from . import Bug

BUGS = [
    Bug(file="pooling.py",
        old='''    _dims = 2


class MaxPool3d(_MaxPoolNd):''',
        new='''    _dims = 2

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        super().__init__(kernel_size, 1 if stride is None else stride, padding, dilation,
                         return_indices, ceil_mode)


class MaxPool3d(_MaxPoolNd):''',
        layer="MaxPool2d", checks=("forward", "input_grad", "state"),
        description="stride defaults to 1 instead of kernel_size"),
    Bug(file="pooling.py",
        old="        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)\n",
        new="        super().__init__(kernel_size, stride, padding, ceil_mode)\n",
        layer="AvgPool1d", checks=("forward", "input_grad", "state"),
        description="count_include_pad is not passed on, so padding always counts in the divisor"),
    Bug(file="pooling.py",
        old='''    _low_ndim_error = IndexError  # torch: a 1-D/2-D input fails on a dimension lookup


class AvgPool3d(_AvgPoolNd):''',
        new='''    _low_ndim_error = IndexError  # torch: a 1-D/2-D input fails on a dimension lookup

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)


class AvgPool3d(_AvgPoolNd):''',
        layer="AvgPool2d", checks=("forward", "input_grad", "state", "errors"),
        description="divisor_override is accepted but ignored (and 0 is not rejected)"),
    Bug(file="pixelshuffle.py",
        old="        return _shuffle(input, r)\n",
        new='''        *lead, channels, height, width = input.shape
        c = channels // (r * r)
        x = input.reshape(*lead, r, r, c, height, width)  # (r, r, C) instead of (C, r, r)
        k = len(lead)
        x = x.transpose(*range(k), k + 2, k + 3, k, k + 4, k + 1)
        return x.reshape(*lead, c, height * r, width * r)
''',
        layer="PixelShuffle", checks=("forward", "state"),
        description="channels split as (r, r, C) instead of (C, r, r): the channel factors in the "
                    "wrong order"),
    Bug(file="upsampling.py",
        old="    return source if cubic else np.maximum(source, 0.0)\n",
        new="    return source\n",
        layer="Upsample", checks=("forward", "input_grad", "state"),
        description="linear modes without align_corners do not clamp the source position at 0"),
]
