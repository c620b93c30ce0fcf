"""Activation functions as layers: elementwise nonlinearities, PReLU, RReLU and the softmax family.

Most layers here are elementwise, y = f(x) element by element: forward caches the input (and/or
the output) and backward returns ``grad_output * f'(x)``. Layers accepting ``inplace=True`` write
y into the input array and return that array (cache a copy of x first if backward needs it).
"""
from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import special

from . import init
from .module import DEFAULT_DTYPE, Module, Parameter

__all__ = ["ReLU", "Hardtanh", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "ELU", "SELU", "CELU", "GELU",
           "Sigmoid", "LogSigmoid", "Tanh", "Hardsigmoid", "Hardswish", "SiLU", "Mish", "Softplus",
           "Softsign", "Tanhshrink", "Hardshrink", "Softshrink", "Threshold", "Softmax", "Softmin",
           "LogSoftmax"]


class _Elementwise(Module):
    """Base of the elementwise activations: ``y = f(x)`` element by element.

    Subclasses implement ``_function(x)`` (the forward formula) and ``_derivative(x, y)`` (f'(x),
    given the input x and the output y = f(x), whichever is handier). The output dtype follows the
    input dtype.

    Forward caches x (a copy when ``inplace``, since the input is then overwritten) and y;
    backward returns ``grad_output * f'(x)``.
    """

    inplace = False

    def __init__(self):
        super().__init__()

    def forward(self, input):
        output = np.asarray(self._function(input), dtype=input.dtype)
        self._input = input.copy() if self.inplace else input
        self._output = output
        if self.inplace:
            input[...] = output
            return input
        return output

    def backward(self, grad_output):
        grad = grad_output * self._derivative(self._input, self._output)
        return np.asarray(grad, dtype=self._input.dtype)

    def _function(self, x):
        raise NotImplementedError

    def _derivative(self, x, y):
        raise NotImplementedError

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


# ----------------------------------------------------------------------------------------------
# Rectifiers
# ----------------------------------------------------------------------------------------------
class ReLU(_Elementwise):
    r"""Rectified linear unit: :math:`\text{ReLU}(x) = \max(0, x)`.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else 0.
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def _function(self, x):
        return np.maximum(x, 0.0)

    def _derivative(self, x, y):
        return x > 0


class Hardtanh(_Elementwise):
    r"""Clamps to a range: :math:`\text{Hardtanh}(x) = \min(\max(x, \text{min\_val}), \text{max\_val})`.

    Args:
        min_val: lower end of the linear region. Default: -1.0.
        max_val: upper end of the linear region. Default: 1.0.
        inplace: write the result into the input and return it. Default: False.
        min_value, max_value: deprecated names of min_val/max_val; when given (not None) they
            override min_val/max_val and emit a FutureWarning.

    Raises AssertionError at construction if max_val <= min_val.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where min_val < x < max_val, else 0.
    """

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False,
                 min_value: float | None = None, max_value: float | None = None):
        super().__init__()
        if min_value is not None:
            warnings.warn("keyword argument `min_value` is deprecated and renamed to `min_val`",
                          FutureWarning, stacklevel=2)
            min_val = min_value
        if max_value is not None:
            warnings.warn("keyword argument `max_value` is deprecated and renamed to `max_val`",
                          FutureWarning, stacklevel=2)
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        if self.max_val <= self.min_val:
            raise AssertionError(f"max_val ({self.max_val}) must be greater than min_val ({self.min_val})")

    def _function(self, x):
        return np.clip(x, self.min_val, self.max_val)

    def _derivative(self, x, y):
        return (x > self.min_val) & (x < self.max_val)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}" + (", inplace=True" if self.inplace else "")


class ReLU6(Hardtanh):
    r""":math:`\text{ReLU6}(x) = \min(\max(0, x), 6)`: Hardtanh with min_val=0, max_val=6.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where 0 < x < 6, else 0.
    """

    def __init__(self, inplace: bool = False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class LeakyReLU(_Elementwise):
    r""":math:`\text{LeakyReLU}(x) = x` if :math:`x > 0`, else :math:`\text{negative\_slope} \cdot x`.

    Args:
        negative_slope: slope for x <= 0 (any float, negative too). Default: 0.01.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else negative_slope * g.
    """

    def __init__(self, negative_slope: float = 1e-2, inplace: bool = False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def _function(self, x):
        return np.where(x > 0, x, x * self.negative_slope)

    def _derivative(self, x, y):
        return np.where(x > 0, 1.0, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    r"""LeakyReLU with a learned slope: :math:`\text{PReLU}(x) = x` if :math:`x > 0`, else :math:`a \cdot x`.

    With num_parameters = C, channel c (dimension 1 of the input) uses its own slope a_c; with
    num_parameters = 1 one slope is shared by every element.

    Args:
        num_parameters: number of slopes: 1, or the number of input channels. Default: 1.
        init: initial value of every slope. Default: 0.25.

    Shape: input (*) with any number of dims when num_parameters = 1; (N, C, *) with
        C = num_parameters otherwise (a 1-d input counts as one channel; a 0-d input is rejected).
        Output: same shape as the input.

    Attributes:
        weight: (num_parameters,), initialized to ``init``.

    Backward: dx = g where x > 0, else a * g; da += sum of (x * g where x <= 0) over every
        dimension except the channel one (over everything when num_parameters = 1).
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25):
        super().__init__()
        if num_parameters < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {num_parameters}: "
                               f"[{num_parameters}]")
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(np.empty(num_parameters, dtype=DEFAULT_DTYPE))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.constant_(self.weight, self.init)

    def _slopes(self, ndim: int):
        """The weight shaped to broadcast against an input with ``ndim`` dims (channel dim 1)."""
        if self.num_parameters == 1:
            return self.weight.data.reshape(())
        return self.weight.data.reshape((-1,) + (1,) * (ndim - 2))

    def _check_input(self, input) -> None:
        if self.num_parameters == 1:
            return
        if input.ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.shape[1] if input.ndim >= 2 else 1
        if channels != self.num_parameters:
            raise RuntimeError("Mismatch of parameter numbers and input channel size. Found parameter "
                               f"numbers = {self.num_parameters} and channel size = {channels}.")

    def forward(self, input):
        self._check_input(input)
        self._input = input
        return np.asarray(np.where(input > 0, input, self._slopes(input.ndim) * input), dtype=input.dtype)

    def backward(self, grad_output):
        x = self._input
        negative_part = np.where(x > 0, 0.0, x * grad_output)
        if self.num_parameters == 1:
            self.weight.accumulate_grad(negative_part.sum())
        else:
            self.weight.accumulate_grad(negative_part.sum(axis=(0,) + tuple(range(2, x.ndim))))
        grad = np.where(x > 0, grad_output, self._slopes(x.ndim) * grad_output)
        return np.asarray(grad, dtype=x.dtype)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(_Elementwise):
    r"""Randomized leaky ReLU: :math:`\text{RReLU}(x) = x` if :math:`x > 0`, else :math:`a \cdot x`.

    In training mode every element gets its own random slope a ~ U(lower, upper), drawn anew at
    each forward (NumPy's global generator); in eval mode a = (lower + upper) / 2 for every element.

    Args:
        lower: lower bound of the slope distribution. Default: 1/8.
        upper: upper bound of the slope distribution. Default: 1/3.
        inplace: write the result into the input and return it. Default: False.

    Raises RuntimeError at forward if lower > upper.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else a * g, with the very slopes a of the latest forward.
    """

    def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3, inplace: bool = False):
        super().__init__()
        self.lower = lower
        self.upper = upper
        self.inplace = inplace

    def _function(self, x):
        if self.lower > self.upper:
            raise RuntimeError("Lower bound should be less than or equal to the upper bound")
        if self.training:
            negative_slopes = np.random.uniform(self.lower, self.upper, size=x.shape).astype(x.dtype)
        else:
            negative_slopes = (self.lower + self.upper) / 2
        self._slopes = np.where(x > 0, 1.0, negative_slopes).astype(x.dtype)
        return x * self._slopes

    def _derivative(self, x, y):
        return self._slopes

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}" + (", inplace=True" if self.inplace else "")


# ----------------------------------------------------------------------------------------------
# Exponential units
# ----------------------------------------------------------------------------------------------
def _elu(x, alpha: float):
    """x where x > 0, else alpha * (exp(x) - 1) (exp evaluated on min(x, 0): no overflow)."""
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _elu_derivative(x, alpha: float):
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


class ELU(_Elementwise):
    r""":math:`\text{ELU}(x) = x` if :math:`x > 0`, else :math:`\alpha (e^x - 1)`.

    Args:
        alpha: the alpha value (any float). Default: 1.0.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else alpha * e^x * g.
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def _function(self, x):
        return _elu(x, self.alpha)

    def _derivative(self, x, y):
        return _elu_derivative(x, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class SELU(_Elementwise):
    r"""Scaled ELU: :math:`\text{SELU}(x) = \text{scale} \cdot \text{ELU}_\alpha(x)` with the fixed
    constants alpha = 1.6732632423543772848170429916717 and scale = 1.0507009873554804934193349852946.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = scale * g where x > 0, else scale * alpha * e^x * g.
    """

    ALPHA = 1.6732632423543772848170429916717
    SCALE = 1.0507009873554804934193349852946

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def _function(self, x):
        return self.SCALE * _elu(x, self.ALPHA)

    def _derivative(self, x, y):
        return self.SCALE * _elu_derivative(x, self.ALPHA)


class CELU(_Elementwise):
    r""":math:`\text{CELU}(x) = \max(0, x) + \min(0, \alpha (e^{x/\alpha} - 1))`.

    Args:
        alpha: the alpha value; 0 raises RuntimeError at forward. Default: 1.0.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else e^{x/alpha} * g.
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def _function(self, x):
        if self.alpha == 0:
            raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
        return np.where(x > 0, x, self.alpha * np.expm1(np.minimum(x, 0.0) / self.alpha))

    def _derivative(self, x, y):
        return np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0) / self.alpha))

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(_Elementwise):
    r"""Gaussian error linear unit: :math:`\text{GELU}(x) = x \Phi(x)`, Phi the standard normal CDF,
    :math:`\Phi(x) = \frac{1}{2}(1 + \text{erf}(x / \sqrt{2}))`.

    With approximate='tanh':
    :math:`\text{GELU}(x) \approx \frac{x}{2} (1 + \tanh(\sqrt{2/\pi} (x + 0.044715 x^3)))`.

    Args:
        approximate: 'none' or 'tanh'; anything else raises RuntimeError at forward. Default: 'none'.

    Shape: input (*), output (*), same shape.

    Backward: 'none': dx = g (Phi(x) + x phi(x)), phi the standard normal density;
        'tanh': with u = sqrt(2/pi) (x + 0.044715 x^3) and t = tanh(u),
        dx = g (0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)).
    """

    SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
    KAPPA = 0.044715

    def __init__(self, approximate: str = "none"):
        super().__init__()
        self.approximate = approximate

    def _function(self, x):
        if self.approximate == "none":
            return 0.5 * x * (1.0 + special.erf(x * math.sqrt(0.5)))
        if self.approximate == "tanh":
            return 0.5 * x * (1.0 + np.tanh(self._tanh_argument(x)))
        raise RuntimeError("approximate argument must be either none or tanh.")

    def _tanh_argument(self, x):
        return self.SQRT_2_OVER_PI * (x + self.KAPPA * x * x * x)

    def _derivative(self, x, y):
        if self.approximate == "none":
            cdf = 0.5 * (1.0 + special.erf(x * math.sqrt(0.5)))
            pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
            return cdf + x * pdf
        t = np.tanh(self._tanh_argument(x))
        inner_derivative = self.SQRT_2_OVER_PI * (1.0 + 3.0 * self.KAPPA * x * x)
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * inner_derivative

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


# ----------------------------------------------------------------------------------------------
# Sigmoid-shaped and smooth functions
# ----------------------------------------------------------------------------------------------
class Sigmoid(_Elementwise):
    r""":math:`\sigma(x) = \frac{1}{1 + e^{-x}}` (computed without overflow: scipy.special.expit).

    Shape: input (*), output (*), same shape.

    Backward: dx = g * y * (1 - y), y = sigma(x).
    """

    def _function(self, x):
        return special.expit(x)

    def _derivative(self, x, y):
        return y * (1.0 - y)


class LogSigmoid(_Elementwise):
    r""":math:`\text{LogSigmoid}(x) = \log \sigma(x) = -\log(1 + e^{-x})` (stable: scipy.special.log_expit).

    Shape: input (*), output (*), same shape.

    Backward: dx = g * sigma(-x) = g * (1 - sigma(x)).
    """

    def _function(self, x):
        return special.log_expit(x)

    def _derivative(self, x, y):
        return special.expit(-x)


class Tanh(_Elementwise):
    r""":math:`\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}`.

    Shape: input (*), output (*), same shape.

    Backward: dx = g * (1 - y^2), y = tanh(x).
    """

    def _function(self, x):
        return np.tanh(x)

    def _derivative(self, x, y):
        return 1.0 - y * y


class Hardsigmoid(_Elementwise):
    r"""Piecewise-linear sigmoid: 0 if :math:`x \le -3`, 1 if :math:`x \ge 3`, else :math:`x/6 + 1/2`
    (computed as min(max(x + 3, 0), 6) / 6).

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g / 6 where -3 < x < 3, else 0.
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def _function(self, x):
        return np.clip(x + 3.0, 0.0, 6.0) / 6.0

    def _derivative(self, x, y):
        return ((x > -3.0) & (x < 3.0)) / 6.0


class Hardswish(_Elementwise):
    r""":math:`\text{Hardswish}(x) = x \cdot \text{Hardsigmoid}(x)`: 0 if :math:`x \le -3`, x if
    :math:`x \ge 3`, else :math:`x (x + 3) / 6`.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = 0 where x < -3, g where x > 3, else g (2x + 3) / 6.
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def _function(self, x):
        return x * np.clip(x + 3.0, 0.0, 6.0) / 6.0

    def _derivative(self, x, y):
        return np.where(x < -3.0, 0.0, np.where(x > 3.0, 1.0, x / 3.0 + 0.5))


class SiLU(_Elementwise):
    r"""Sigmoid linear unit (swish): :math:`\text{SiLU}(x) = x \sigma(x)`.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g * s (1 + x (1 - s)), s = sigma(x).
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def _function(self, x):
        return x * special.expit(x)

    def _derivative(self, x, y):
        s = special.expit(x)
        return s * (1.0 + x * (1.0 - s))


class Mish(_Elementwise):
    r""":math:`\text{Mish}(x) = x \tanh(\text{softplus}(x))`, softplus(x) = log(1 + e^x)
    (computed without overflow as logaddexp(0, x)).

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: with t = tanh(softplus(x)): dx = g (t + x sigma(x) (1 - t^2)).
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def _function(self, x):
        return x * np.tanh(np.logaddexp(0.0, x))

    def _derivative(self, x, y):
        t = np.tanh(np.logaddexp(0.0, x))
        return t + x * special.expit(x) * (1.0 - t * t)


class Softplus(_Elementwise):
    r""":math:`\text{Softplus}(x) = \frac{1}{\beta} \log(1 + e^{\beta x})`, except that the layer
    returns x itself where :math:`\beta x > \text{threshold}` (numerical stability: there the two
    agree to within e^{-threshold}).

    Args:
        beta: the beta value. Default: 1.0.
        threshold: beta * x above this value reverts to the linear function. Default: 20.0.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where beta * x > threshold, else g * sigma(beta * x).
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def _function(self, x):
        scaled = x * self.beta
        return np.where(scaled > self.threshold, x, np.logaddexp(0.0, scaled) / self.beta)

    def _derivative(self, x, y):
        scaled = x * self.beta
        return np.where(scaled > self.threshold, 1.0, special.expit(scaled))

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softsign(_Elementwise):
    r""":math:`\text{Softsign}(x) = \frac{x}{1 + |x|}`.

    Shape: input (*), output (*), same shape.

    Backward: dx = g / (1 + |x|)^2.
    """

    def _function(self, x):
        return x / (1.0 + np.abs(x))

    def _derivative(self, x, y):
        return 1.0 / np.square(1.0 + np.abs(x))


class Tanhshrink(_Elementwise):
    r""":math:`\text{Tanhshrink}(x) = x - \tanh(x)`.

    Shape: input (*), output (*), same shape.

    Backward: dx = g * tanh(x)^2.
    """

    def _function(self, x):
        return x - np.tanh(x)

    def _derivative(self, x, y):
        return np.square(np.tanh(x))


# ----------------------------------------------------------------------------------------------
# Shrinkage and thresholding
# ----------------------------------------------------------------------------------------------
class Hardshrink(_Elementwise):
    r""":math:`\text{Hardshrink}(x) = x` if :math:`|x| > \lambda`, else 0 (also 0 at :math:`x = \pm\lambda`).

    Args:
        lambd: the lambda value (a negative one makes the layer the identity). Default: 0.5.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where the forward kept x (x < -lambd or x > lambd), else 0.
    """

    def __init__(self, lambd: float = 0.5):
        super().__init__()
        self.lambd = lambd

    def _zeroed(self, x):
        return (x >= -self.lambd) & (x <= self.lambd)

    def _function(self, x):
        return np.where(self._zeroed(x), 0.0, x)

    def _derivative(self, x, y):
        return ~self._zeroed(x)

    def extra_repr(self) -> str:
        return f"{self.lambd}"


class Softshrink(_Elementwise):
    r""":math:`\text{Softshrink}(x) = x - \lambda` if :math:`x > \lambda`, :math:`x + \lambda` if
    :math:`x < -\lambda`, else 0.

    Args:
        lambd: the lambda value, >= 0 (a negative one raises RuntimeError at forward). Default: 0.5.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where |x| > lambd, else 0.
    """

    def __init__(self, lambd: float = 0.5):
        super().__init__()
        self.lambd = lambd

    def _function(self, x):
        if self.lambd < 0:
            raise RuntimeError(f"lambda must be in range [0, {np.finfo(x.dtype).max:g}] for input dtype "
                               f"{x.dtype}, but found {self.lambd}")
        return np.where(x > self.lambd, x - self.lambd, np.where(x < -self.lambd, x + self.lambd, 0.0))

    def _derivative(self, x, y):
        return (x > self.lambd) | (x < -self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


class Threshold(_Elementwise):
    r""":math:`y = x` if :math:`x > \text{threshold}`, else ``value`` (also at x == threshold).

    Args:
        threshold: the value to threshold at.
        value: the value that replaces x where x <= threshold.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > threshold, else 0.
    """

    def __init__(self, threshold: float, value: float, inplace: bool = False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def _function(self, x):
        return np.where(x > self.threshold, x, self.value)

    def _derivative(self, x, y):
        return x > self.threshold

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


# ----------------------------------------------------------------------------------------------
# Softmax family
# ----------------------------------------------------------------------------------------------
class _SoftmaxBase(Module):
    """Shared by Softmax, LogSoftmax, Softmin: the ``dim`` argument and its legacy default.

    dim=None picks a dimension as torch's deprecated rule does (with a UserWarning): 0 for inputs
    of 0, 1 or 3 dims, else 1. A dim outside [-ndim, ndim - 1] raises IndexError (a 0-d input
    accepts 0 and -1).
    """

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def _axis(self, input) -> int:
        ndim = input.ndim
        if self.dim is None:
            warnings.warn(f"Implicit dimension choice for {type(self).__name__.lower()} has been "
                          "deprecated. Change the call to include dim=X as an argument.", UserWarning,
                          stacklevel=3)
            return 0 if ndim in (0, 1, 3) else 1
        size = max(ndim, 1)
        if not -size <= self.dim < size:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-size}, {size - 1}], "
                             f"but got {self.dim})")
        return self.dim % size

    def _softmax_backward(self, grad_output, y):
        """Softmax's vector-Jacobian product: y * (g - sum(g * y)) along the axis."""
        return y * (grad_output - np.sum(grad_output * y, axis=self._axis_used, keepdims=True))

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax(_SoftmaxBase):
    r""":math:`\text{Softmax}(x_i) = \frac{e^{x_i}}{\sum_j e^{x_j}}` along ``dim``; every slice along
    dim sums to 1. Computed as e^{x_i - max_j x_j} / sum_j e^{x_j - max_j x_j} so that large inputs
    do not overflow (scipy.special.softmax).

    Args:
        dim: the dimension along which softmax is computed. Default: None (legacy rule: dim 0 for
            0-, 1- and 3-d inputs, else dim 1, with a deprecation warning).

    Shape: input (*), output (*), same shape.

    Backward: dx = y * (g - sum_j g_j y_j), the sum along dim.
    """

    def forward(self, input):
        self._axis_used = self._axis(input)
        self._output = np.asarray(special.softmax(input, axis=self._axis_used), dtype=input.dtype)
        return self._output

    def backward(self, grad_output):
        return np.asarray(self._softmax_backward(grad_output, self._output), dtype=self._output.dtype)


class Softmin(_SoftmaxBase):
    r""":math:`\text{Softmin}(x) = \text{Softmax}(-x)` along ``dim``:
    :math:`\frac{e^{-x_i}}{\sum_j e^{-x_j}}` (stable for large inputs as Softmax).

    Args:
        dim: the dimension along which softmin is computed. Default: None (legacy rule as Softmax).

    Shape: input (*), output (*), same shape.

    Backward: dx = -y * (g - sum_j g_j y_j), the sum along dim.
    """

    def forward(self, input):
        self._axis_used = self._axis(input)
        self._output = np.asarray(special.softmax(-input, axis=self._axis_used), dtype=input.dtype)
        return self._output

    def backward(self, grad_output):
        return np.asarray(-self._softmax_backward(grad_output, self._output), dtype=self._output.dtype)


class LogSoftmax(_SoftmaxBase):
    r""":math:`\text{LogSoftmax}(x_i) = \log \frac{e^{x_i}}{\sum_j e^{x_j}} = x_i - \log \sum_j e^{x_j}`
    along ``dim``, computed as x_i - m - log sum_j e^{x_j - m} with m = max_j x_j so that large
    inputs do not overflow (scipy.special.log_softmax).

    Args:
        dim: the dimension along which log-softmax is computed. Default: None (legacy rule as Softmax).

    Shape: input (*), output (*), same shape.

    Backward: dx = g - e^y * sum_j g_j, the sum along dim (e^y is the softmax).
    """

    def forward(self, input):
        self._axis_used = self._axis(input)
        self._output = np.asarray(special.log_softmax(input, axis=self._axis_used), dtype=input.dtype)
        return self._output

    def backward(self, grad_output):
        grad = grad_output - np.exp(self._output) * np.sum(grad_output, axis=self._axis_used, keepdims=True)
        return np.asarray(grad, dtype=self._output.dtype)
