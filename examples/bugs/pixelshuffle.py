"""Planted bugs in reference/pixelshuffle.py (PixelShuffle's channel order bug is in pooling.py's list)."""
from . import Bug

BUGS = [
    Bug(file="pixelshuffle.py",
        old="        return _unshuffle(input, r)\n",
        new='''        *lead, channels, rows, cols = input.shape
        height, width = rows // r, cols // r
        x = input.reshape(*lead, channels, height, r, width, r)
        k = len(lead)
        x = x.transpose(*range(k), k + 2, k + 4, k, k + 1, k + 3)  # (r_i, r_j, C) instead of (C, r_i, r_j)
        return x.reshape(*lead, channels * r * r, height, width)
''',
        layer="PixelUnshuffle", checks=("forward", "state"),
        description="output channels ordered (r_i, r_j, C) instead of (C, r_i, r_j)"),
    Bug(file="pixelshuffle.py",
        old="        return _unshuffle(grad_output, self.upscale_factor)\n",
        new="        r = self.upscale_factor\n"
            "        *lead, c, h, w = grad_output.shape\n"
            "        return grad_output.reshape(*lead, c * r * r, h // r, w // r)  # a reshape is not a permutation\n",
        layer="PixelShuffle", checks=("input_grad",),
        description="backward reshapes the gradient back to the input shape instead of applying the "
                    "inverse permutation (pixel unshuffle)"),
]
