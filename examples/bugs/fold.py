"""Planted bugs in reference/fold.py."""
from examples.bugs import Bug

BUGS = [
    Bug(file="fold.py",
        old='        size = input.shape[-2:]\n        blocks = _blocks_shape([s + 2 * p for s, p',
        new='        size = input.shape[-2:]\n        blocks = _blocks_shape([s + p for s, p',
        layer="Unfold", checks=("forward", "input_grad", "state"),
        description="the L formula counts the padding once (size + padding instead of size + 2 * padding), "
                    "so small padded inputs whose blocks do fit are rejected"),
    Bug(file="fold.py",
        old="        grad_input = _im2col(g, **self._args)\n",
        new='        args = self._args\n'
            '        grad_input = _im2col(g, args["kernel_size"], (1, 1), args["padding"], args["stride"])\n',
        layer="Fold", checks=("input_grad",),
        description="backward gathers the blocks without dilation (the forward's dilation is forgotten)"),
    Bug(file="fold.py",
        old="    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):\n",
        new="    def __init__(self, output_size, kernel_size, stride=1, padding=0, dilation=1):  # Conv2d's order\n",
        layer="Fold", checks=("forward", "input_grad", "state"),
        description="positional arguments in Conv2d's order (stride, padding, dilation) instead of torch's "
                    "Fold(output_size, kernel_size, dilation, padding, stride)"),
]
