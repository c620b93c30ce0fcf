"""Planted bugs in reference/upsampling.py (Upsample's missing clamp is in pooling.py's list)."""
from . import Bug

BUGS = [
    Bug(file="upsampling.py",
        old='        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)\n',
        new='        super().__init__(size, scale_factor, mode="bilinear")\n',
        layer="UpsamplingBilinear2d", checks=("forward", "input_grad", "state"),
        description="UpsamplingBilinear2d leaves align_corners at its default False (torch's class uses True)"),
    Bug(file="upsampling.py",
        old='        super().__init__(size, scale_factor, mode="nearest")\n',
        new='        super().__init__(size, scale_factor, mode="nearest-exact")  # round, not floor\n',
        layer="UpsamplingNearest2d", checks=("forward", "input_grad", "state"),
        description="nearest neighbour taken by rounding the source position (nearest-exact) instead of "
                    "torch's floor(o * scale)"),
]
