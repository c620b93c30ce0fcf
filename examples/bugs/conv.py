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
]
