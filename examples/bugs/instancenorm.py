"""Planted bugs in reference/instancenorm.py (InstanceNorm1d's BatchNorm-style tracking is in
normalization.py's list)."""
from . import Bug

BUGS = [
    Bug(file="instancenorm.py",
        old="    _no_batch_dim = 3\n",
        new="""    _no_batch_dim = 3

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = False, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, bias=bias)
""",
        layer="InstanceNorm2d", checks=("param_grad", "state", "errors"),
        description="affine defaults to True (BatchNorm's default); InstanceNorm's is False: no weight "
                    "and bias unless asked for (and a channel mismatch raises ValueError, the affine error)"),
    Bug(file="instancenorm.py",
        old="        self._update_running_stats(mean.mean(axis=0), var.mean(axis=0) * (n / (n - 1)), factor)\n",
        new="        self._update_running_stats(mean.mean(axis=0), var.mean(axis=0), factor)\n",
        layer="InstanceNorm2d", checks=("state",),
        description="running_var tracks the biased instance variance instead of the unbiased one (n / (n - 1))",
        also=(("InstanceNorm1d", ("state",)), ("InstanceNorm3d", ("state",)))),
]
