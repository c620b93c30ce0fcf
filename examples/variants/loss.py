"""Correct variants of reference/loss.py: another subgradient of |d| at 0, another log-softmax."""
import numpy as np

from . import Variant


def _input_grad(loss, x, target):
    loss(np.asarray(x, dtype=np.float64), np.asarray(target, dtype=np.float64))
    return loss.backward()


VARIANTS = [
    Variant(file="loss.py",
            edits=(("    def _pointwise(self, d):\n        return np.abs(d), np.sign(d)\n",
                    "    def _pointwise(self, d):\n        return np.abs(d), np.where(d >= 0, 1.0, -1.0).astype(d.dtype)\n"),),
            layers=("L1Loss",), description="L1Loss: subgradient +1 at input == target (torch: 0)",
            probe=lambda nn: _input_grad(nn.L1Loss(), [1.0, 2.0], [1.0, 0.0])),
    Variant(file="loss.py",
            edits=(("if self.beta == 0:\n            return np.abs(d), np.sign(d)",
                    "if self.beta == 0:\n            return np.abs(d), np.where(d > 0, 1.0, -1.0).astype(d.dtype)"),),
            layers=("SmoothL1Loss",), description="SmoothL1Loss(beta=0): subgradient -1 at input == target",
            probe=lambda nn: _input_grad(nn.SmoothL1Loss(beta=0.0), [1.0, 2.0], [1.0, 0.0])),
    Variant(file="loss.py",
            edits=(("    shifted = x - x.max(axis=-1, keepdims=True)\n"
                    "    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))",
                    "    x64 = x.astype(np.float64)  # float32 x - lse loses |x| * eps for large logits\n"
                    "    return (x64 - special.logsumexp(x64, axis=-1, keepdims=True)).astype(x.dtype)"),),
            layers=("CrossEntropyLoss",), description="CrossEntropyLoss's log-softmax as x - scipy.special.logsumexp(x)",
            probe=lambda nn: nn.CrossEntropyLoss(reduction="none")(
                (np.random.default_rng(3).standard_normal((64, 7)) * 5).astype(np.float32),
                np.arange(64) % 7)),
]
