"""Planted bugs in reference/batchnorm.py: one per BatchNorm class (each class must fail alone), as
if the student had written that class's statistics code separately."""
from . import Bug

BUGS = [
    Bug(file="batchnorm.py",
        old='''            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")
''',
        new='''            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")

    def _track(self, mean, var, n):
        self.num_batches_tracked = self.num_batches_tracked + 1
        factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
        self._update_running_stats(mean.reshape(-1), var.reshape(-1), factor)
''',
        layer="BatchNorm1d", checks=("state",),
        description="running_var is updated with the biased batch variance (torch uses the unbiased one)"),
    Bug(file="batchnorm.py",
        old='''            raise ValueError(f"expected 4D input (got {input.ndim}D input)")
''',
        new='''            raise ValueError(f"expected 4D input (got {input.ndim}D input)")

    def _track(self, mean, var, n):
        self.num_batches_tracked = self.num_batches_tracked + 1
        factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
        self._update_running_stats(mean.reshape(-1), var.reshape(-1) * (n / (n - 1)), 1.0 - factor)
''',
        layer="BatchNorm2d", checks=("state",),
        description="momentum applied the wrong way round: running = momentum * running + "
                    "(1 - momentum) * batch_statistic"),
    Bug(file="batchnorm.py",
        old='''            raise ValueError(f"expected 5D input (got {input.ndim}D input)")
''',
        new='''            raise ValueError(f"expected 5D input (got {input.ndim}D input)")

    def _batch_moments(self, input, axes):
        return input.mean(axis=axes, keepdims=True), input.var(axis=axes, ddof=1, keepdims=True)
''',
        layer="BatchNorm3d", checks=("forward", "input_grad", "param_grad", "state"),
        description="normalizes with the unbiased batch variance (ddof=1) instead of the biased one"),
]
