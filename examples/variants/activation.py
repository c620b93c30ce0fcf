"""Correct variants of reference/activation.py: other subgradients at kinks, other stable formulas."""
import numpy as np

from . import Variant


def _grad_at(layer, x, grad=None):
    """backward of ``layer`` after a forward on float64 ``x`` (upstream gradient: ones)."""
    x = np.asarray(x, dtype=np.float64)
    layer(x)
    return layer.backward(np.ones_like(x) if grad is None else grad)


def _forward(layer, x, dtype="float64"):
    return layer(np.asarray(x, dtype=dtype))


#: A fixed float32 sample whose results differ in the last bits between two correct formulas.
SAMPLE = np.random.default_rng(7).standard_normal((4, 33)) * 4

VARIANTS = [
    Variant(file="activation.py",
            edits=(("    def _derivative(self, x, y):\n        return x > 0\n",
                    "    def _derivative(self, x, y):\n        return x >= 0  # ReLU'(0) = 1\n"),),
            layers=("ReLU",), description="ReLU'(0) = 1 (the other subgradient at the kink)",
            probe=lambda nn: _grad_at(nn.ReLU(), [-1.0, 0.0, 1.0])),
    Variant(file="activation.py",
            edits=(("return (x > self.min_val) & (x < self.max_val)",
                    "return (x >= self.min_val) & (x <= self.max_val)  # gradient 1 at the boundaries"),),
            layers=("Hardtanh", "ReLU6"), description="Hardtanh/ReLU6 pass the gradient at min_val and max_val",
            probe=lambda nn: (_grad_at(nn.Hardtanh(), [-1.0, 0.0, 1.0]), _grad_at(nn.ReLU6(), [0.0, 6.0]))),
    Variant(file="activation.py",
            edits=(("return ((x > -3.0) & (x < 3.0)) / 6.0", "return ((x >= -3.0) & (x <= 3.0)) / 6.0"),),
            layers=("Hardsigmoid",), description="Hardsigmoid's gradient is 1/6 at x = +-3",
            probe=lambda nn: _grad_at(nn.Hardsigmoid(), [-3.0, 0.0, 3.0])),
    Variant(file="activation.py",
            edits=(("return np.where(x < -3.0, 0.0, np.where(x > 3.0, 1.0, x / 3.0 + 0.5))",
                    "return np.where(x <= -3.0, 0.0, np.where(x >= 3.0, 1.0, x / 3.0 + 0.5))"),),
            layers=("Hardswish",), description="Hardswish's gradient at x = +-3 taken from the outer pieces (0 and 1)",
            probe=lambda nn: _grad_at(nn.Hardswish(), [-3.0, 0.0, 3.0])),
    Variant(file="activation.py",
            edits=(("return np.where(x > 0, 1.0, self.negative_slope)",
                    "return np.where(x >= 0, 1.0, self.negative_slope)"),),
            layers=("LeakyReLU",), description="LeakyReLU'(0) = 1 instead of negative_slope",
            probe=lambda nn: _grad_at(nn.LeakyReLU(0.1), [0.0])),
    Variant(file="activation.py",
            edits=(("grad = np.where(x > 0, grad_output, self._slopes(x.ndim) * grad_output)",
                    "grad = np.where(x >= 0, grad_output, self._slopes(x.ndim) * grad_output)"),),
            layers=("PReLU",), description="PReLU'(0) = 1 for the input gradient (the weight's term x * g is 0 there anyway)",
            probe=lambda nn: _grad_at(nn.PReLU(), [0.0, -1.0])),
    Variant(file="activation.py",
            edits=(("def _elu_derivative(x, alpha: float):\n    return np.where(x > 0, 1.0,",
                    "def _elu_derivative(x, alpha: float):\n    return np.where(x >= 0, 1.0,"),),
            layers=("ELU", "SELU"), description="ELU/SELU: the linear piece's gradient at x = 0 (1, not alpha)",
            probe=lambda nn: (_grad_at(nn.ELU(alpha=0.5), [0.0]), _grad_at(nn.SELU(), [0.0]))),
    Variant(file="activation.py",
            edits=(("self._output = np.asarray(special.softmax(input, axis=self._axis_used), dtype=input.dtype)",
                    "x64 = input.astype(np.float64)  # float32 exp(x - lse) loses |x| * eps at |x| ~ 1e4\n"
                    "        lse = special.logsumexp(x64, axis=self._axis_used, keepdims=True)\n"
                    "        self._output = np.asarray(np.exp(x64 - lse), dtype=input.dtype).reshape(input.shape)"),
                   ("self._output = np.asarray(special.softmax(-input, axis=self._axis_used), dtype=input.dtype)",
                    "x64 = -input.astype(np.float64)\n"
                    "        lse = special.logsumexp(x64, axis=self._axis_used, keepdims=True)\n"
                    "        self._output = np.asarray(np.exp(x64 - lse), dtype=input.dtype).reshape(input.shape)")),
            layers=("Softmax", "Softmin"), description="Softmax/Softmin as exp(x - logsumexp(x)) instead of max-subtraction",
            probe=lambda nn: _forward(nn.Softmax(dim=1), SAMPLE, "float32")),
    Variant(file="activation.py",
            edits=(("self._output = np.asarray(special.log_softmax(input, axis=self._axis_used), dtype=input.dtype)",
                    "x64 = input.astype(np.float64)  # float32 x - lse loses |x| * eps at |x| ~ 1e4\n"
                    "        lse = special.logsumexp(x64, axis=self._axis_used, keepdims=True)\n"
                    "        self._output = np.asarray(x64 - lse, dtype=input.dtype).reshape(input.shape)"),),
            layers=("LogSoftmax",), description="LogSoftmax as x - logsumexp(x)",
            probe=lambda nn: _forward(nn.LogSoftmax(dim=1), SAMPLE, "float32")),
    Variant(file="activation.py",
            edits=(("    def _function(self, x):\n        return special.expit(x)\n",
                    "    def _function(self, x):\n        return 0.5 * (1.0 + np.tanh(0.5 * x))  # sigmoid via tanh\n"),),
            layers=("Sigmoid",), description="Sigmoid as (1 + tanh(x / 2)) / 2",
            probe=lambda nn: _forward(nn.Sigmoid(), SAMPLE)),
    Variant(file="activation.py",
            edits=(("return 1.0 - y * y", "return 1.0 / np.cosh(np.minimum(np.abs(x), 350.0)) ** 2  # sech^2"),),
            layers=("Tanh",), description="Tanh backward as sech^2(x) from the input instead of 1 - y^2",
            probe=lambda nn: _grad_at(nn.Tanh(), SAMPLE)),
    Variant(file="activation.py",
            edits=(("return 0.5 * x * (1.0 + special.erf(x * math.sqrt(0.5)))", "return x * special.ndtr(x)"),),
            layers=("GELU",), description="exact GELU as x * Phi(x) with scipy.special.ndtr instead of erf",
            probe=lambda nn: _forward(nn.GELU(), SAMPLE)),
    Variant(file="activation.py",
            edits=(("np.logaddexp(0.0, scaled) / self.beta",
                    "(np.maximum(scaled, 0.0) + np.log(1.0 + np.exp(-np.abs(scaled)))) / self.beta"),),
            layers=("Softplus",), description="Softplus as max(z, 0) + log(1 + exp(-|z|)) instead of logaddexp",
            probe=lambda nn: _forward(nn.Softplus(beta=0.7), SAMPLE)),
]
