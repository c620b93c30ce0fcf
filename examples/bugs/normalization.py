"""Planted bugs in reference/normalization.py (GroupNorm, LayerNorm) and reference/instancenorm.py."""
from . import Bug

BUGS = [
    Bug(file="normalization.py",
        old="grouped = input.reshape(batch, self.num_groups, group_size)",
        new="grouped = input.reshape(batch, channels // self.num_groups, -1)",
        layer="GroupNorm", checks=("forward", "input_grad", "param_grad", "state"),
        description="num_groups confused with the number of channels per group: the input is split "
                    "into C / num_groups groups of num_groups channels"),
    Bug(file="normalization.py",
        old="axes = tuple(range(input.ndim - len(self.normalized_shape), input.ndim))",
        new="axes = (input.ndim - 1,)",
        layer="LayerNorm", checks=("forward", "input_grad", "param_grad", "state"),
        description="normalizes over the last dimension only, whatever the length of normalized_shape"),
    Bug(file="instancenorm.py",
        old='''    _no_batch_dim = 2
''',
        new='''    _no_batch_dim = 2

    def _track(self, mean, var, n):
        self.num_batches_tracked = self.num_batches_tracked + 1
        factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
        self._update_running_stats(mean.mean(axis=0), var.mean(axis=0) * (n / (n - 1)), factor)
''',
        layer="InstanceNorm1d", checks=("state",),
        description="running statistics tracked as BatchNorm does: num_batches_tracked is incremented "
                    "and momentum=None becomes a cumulative average (InstanceNorm does neither)"),
    Bug(file="normalization.py",
        old="        x_hat, inv_std = normalize(grouped, mean, var, self.eps)\n",
        new="        inv_std = 1.0 / (np.sqrt(var) + self.eps)  # eps outside the square root\n"
            "        x_hat = (grouped - mean) * inv_std\n",
        layer="GroupNorm", checks=("forward", "input_grad", "param_grad", "state"),
        description="eps added to the standard deviation instead of the variance: 1 / (sqrt(var) + eps)"),
]
