"""Planted bugs in reference/init.py (torch.nn.init's functions)."""
from . import Bug

BUGS = [
    Bug(file="init.py",
        old='    if nonlinearity == "relu":\n        return math.sqrt(2.0)\n',
        new='    if nonlinearity == "relu":\n        return 2.0\n',
        layer="init.calculate_gain", checks=("init",),
        description="ReLU gain 2 instead of sqrt(2): the variance factor used as the gain (std gain)",
        also=(("init.kaiming_uniform_", ("init",)), ("init.kaiming_normal_", ("init",)))),
    Bug(file="init.py",
        old='def kaiming_normal_(tensor, a: float = 0, mode: str = "fan_in",',
        new='def kaiming_normal_(tensor, a: float = 0, mode: str = "fan_out",',
        layer="init.kaiming_normal_", checks=("init",),
        description="kaiming_normal_ defaults to mode='fan_out' (std = gain / sqrt(fan_out)) instead of fan_in"),
    Bug(file="init.py",
        old="    u = _rng(generator).uniform(low, high, size=array.shape)\n",
        new="    u = _rng(generator).uniform(0.0, 1.0, size=array.shape)  # then clipped to [a, b]\n",
        layer="init.trunc_normal_", checks=("init",),
        description="trunc_normal_ clips a plain normal to [a, b] instead of truncating: the mass outside "
                    "piles up on the bounds"),
]
