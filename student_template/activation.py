# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Activation functions as layers: elementwise nonlinearities, PReLU, RReLU and the softmax family.

Most layers here are elementwise, y = f(x) element by element: forward caches the input (and/or
the output) and backward returns ``grad_output * f'(x)``. Layers accepting ``inplace=True`` write
y into the input array and return that array (cache a copy of x first if backward needs it).
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401
from . import init  # noqa: F401

__all__ = ['ReLU', 'Hardtanh', 'ReLU6', 'LeakyReLU', 'PReLU', 'RReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'Sigmoid', 'LogSigmoid', 'Tanh', 'Hardsigmoid', 'Hardswish', 'SiLU', 'Mish', 'Softplus', 'Softsign', 'Tanhshrink', 'Hardshrink', 'Softshrink', 'Threshold', 'Softmax', 'Softmin', 'LogSoftmax']


class ReLU(Module):
    r"""Rectified linear unit: :math:`\text{ReLU}(x) = \max(0, x)`.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else 0.
    """

    def __init__(self, inplace=False):
        raise NotImplementedError("ReLU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReLU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReLU.backward")


class Hardtanh(Module):
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

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None):
        raise NotImplementedError("Hardtanh.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Hardtanh.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Hardtanh.backward")


class ReLU6(Hardtanh):
    r""":math:`\text{ReLU6}(x) = \min(\max(0, x), 6)`: Hardtanh with min_val=0, max_val=6.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where 0 < x < 6, else 0.
    """

    def __init__(self, inplace=False):
        raise NotImplementedError("ReLU6.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReLU6.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReLU6.backward")


class LeakyReLU(Module):
    r""":math:`\text{LeakyReLU}(x) = x` if :math:`x > 0`, else :math:`\text{negative\_slope} \cdot x`.

    Args:
        negative_slope: slope for x <= 0 (any float, negative too). Default: 0.01.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else negative_slope * g.
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        raise NotImplementedError("LeakyReLU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LeakyReLU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LeakyReLU.backward")


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

    def __init__(self, num_parameters=1, init=0.25):
        raise NotImplementedError("PReLU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("PReLU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("PReLU.backward")

    def reset_parameters(self):
        raise NotImplementedError("PReLU.reset_parameters")


class RReLU(Module):
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

    def __init__(self, lower=0.125, upper=0.3333333333333333, inplace=False):
        raise NotImplementedError("RReLU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("RReLU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("RReLU.backward")


class ELU(Module):
    r""":math:`\text{ELU}(x) = x` if :math:`x > 0`, else :math:`\alpha (e^x - 1)`.

    Args:
        alpha: the alpha value (any float). Default: 1.0.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else alpha * e^x * g.
    """

    def __init__(self, alpha=1.0, inplace=False):
        raise NotImplementedError("ELU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ELU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ELU.backward")


class SELU(Module):
    r"""Scaled ELU: :math:`\text{SELU}(x) = \text{scale} \cdot \text{ELU}_\alpha(x)` with the fixed
    constants alpha = 1.6732632423543772848170429916717 and scale = 1.0507009873554804934193349852946.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = scale * g where x > 0, else scale * alpha * e^x * g.
    """

    def __init__(self, inplace=False):
        raise NotImplementedError("SELU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("SELU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("SELU.backward")


class CELU(Module):
    r""":math:`\text{CELU}(x) = \max(0, x) + \min(0, \alpha (e^{x/\alpha} - 1))`.

    Args:
        alpha: the alpha value; 0 raises RuntimeError at forward. Default: 1.0.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > 0, else e^{x/alpha} * g.
    """

    def __init__(self, alpha=1.0, inplace=False):
        raise NotImplementedError("CELU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("CELU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("CELU.backward")


class GELU(Module):
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

    def __init__(self, approximate='none'):
        raise NotImplementedError("GELU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("GELU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("GELU.backward")


class Sigmoid(Module):
    r""":math:`\sigma(x) = \frac{1}{1 + e^{-x}}` (computed without overflow: scipy.special.expit).

    Shape: input (*), output (*), same shape.

    Backward: dx = g * y * (1 - y), y = sigma(x).
    """

    def __init__(self):
        raise NotImplementedError("Sigmoid.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Sigmoid.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Sigmoid.backward")


class LogSigmoid(Module):
    r""":math:`\text{LogSigmoid}(x) = \log \sigma(x) = -\log(1 + e^{-x})` (stable: scipy.special.log_expit).

    Shape: input (*), output (*), same shape.

    Backward: dx = g * sigma(-x) = g * (1 - sigma(x)).
    """

    def __init__(self):
        raise NotImplementedError("LogSigmoid.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LogSigmoid.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LogSigmoid.backward")


class Tanh(Module):
    r""":math:`\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}`.

    Shape: input (*), output (*), same shape.

    Backward: dx = g * (1 - y^2), y = tanh(x).
    """

    def __init__(self):
        raise NotImplementedError("Tanh.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Tanh.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Tanh.backward")


class Hardsigmoid(Module):
    r"""Piecewise-linear sigmoid: 0 if :math:`x \le -3`, 1 if :math:`x \ge 3`, else :math:`x/6 + 1/2`
    (computed as min(max(x + 3, 0), 6) / 6).

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g / 6 where -3 < x < 3, else 0.
    """

    def __init__(self, inplace=False):
        raise NotImplementedError("Hardsigmoid.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Hardsigmoid.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Hardsigmoid.backward")


class Hardswish(Module):
    r""":math:`\text{Hardswish}(x) = x \cdot \text{Hardsigmoid}(x)`: 0 if :math:`x \le -3`, x if
    :math:`x \ge 3`, else :math:`x (x + 3) / 6`.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = 0 where x < -3, g where x > 3, else g (2x + 3) / 6.
    """

    def __init__(self, inplace=False):
        raise NotImplementedError("Hardswish.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Hardswish.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Hardswish.backward")


class SiLU(Module):
    r"""Sigmoid linear unit (swish): :math:`\text{SiLU}(x) = x \sigma(x)`.

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g * s (1 + x (1 - s)), s = sigma(x).
    """

    def __init__(self, inplace=False):
        raise NotImplementedError("SiLU.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("SiLU.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("SiLU.backward")


class Mish(Module):
    r""":math:`\text{Mish}(x) = x \tanh(\text{softplus}(x))`, softplus(x) = log(1 + e^x)
    (computed without overflow as logaddexp(0, x)).

    Args:
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: with t = tanh(softplus(x)): dx = g (t + x sigma(x) (1 - t^2)).
    """

    def __init__(self, inplace=False):
        raise NotImplementedError("Mish.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Mish.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Mish.backward")


class Softplus(Module):
    r""":math:`\text{Softplus}(x) = \frac{1}{\beta} \log(1 + e^{\beta x})`, except that the layer
    returns x itself where :math:`\beta x > \text{threshold}` (numerical stability: there the two
    agree to within e^{-threshold}).

    Args:
        beta: the beta value. Default: 1.0.
        threshold: beta * x above this value reverts to the linear function. Default: 20.0.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where beta * x > threshold, else g * sigma(beta * x).
    """

    def __init__(self, beta=1.0, threshold=20.0):
        raise NotImplementedError("Softplus.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Softplus.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Softplus.backward")


class Softsign(Module):
    r""":math:`\text{Softsign}(x) = \frac{x}{1 + |x|}`.

    Shape: input (*), output (*), same shape.

    Backward: dx = g / (1 + |x|)^2.
    """

    def __init__(self):
        raise NotImplementedError("Softsign.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Softsign.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Softsign.backward")


class Tanhshrink(Module):
    r""":math:`\text{Tanhshrink}(x) = x - \tanh(x)`.

    Shape: input (*), output (*), same shape.

    Backward: dx = g * tanh(x)^2.
    """

    def __init__(self):
        raise NotImplementedError("Tanhshrink.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Tanhshrink.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Tanhshrink.backward")


class Hardshrink(Module):
    r""":math:`\text{Hardshrink}(x) = x` if :math:`|x| > \lambda`, else 0 (also 0 at :math:`x = \pm\lambda`).

    Args:
        lambd: the lambda value (a negative one makes the layer the identity). Default: 0.5.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where the forward kept x (x < -lambd or x > lambd), else 0.
    """

    def __init__(self, lambd=0.5):
        raise NotImplementedError("Hardshrink.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Hardshrink.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Hardshrink.backward")


class Softshrink(Module):
    r""":math:`\text{Softshrink}(x) = x - \lambda` if :math:`x > \lambda`, :math:`x + \lambda` if
    :math:`x < -\lambda`, else 0.

    Args:
        lambd: the lambda value, >= 0 (a negative one raises RuntimeError at forward). Default: 0.5.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where |x| > lambd, else 0.
    """

    def __init__(self, lambd=0.5):
        raise NotImplementedError("Softshrink.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Softshrink.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Softshrink.backward")


class Threshold(Module):
    r""":math:`y = x` if :math:`x > \text{threshold}`, else ``value`` (also at x == threshold).

    Args:
        threshold: the value to threshold at.
        value: the value that replaces x where x <= threshold.
        inplace: write the result into the input and return it. Default: False.

    Shape: input (*), output (*), same shape.

    Backward: dx = g where x > threshold, else 0.
    """

    def __init__(self, threshold, value, inplace=False):
        raise NotImplementedError("Threshold.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Threshold.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Threshold.backward")


class Softmax(Module):
    r""":math:`\text{Softmax}(x_i) = \frac{e^{x_i}}{\sum_j e^{x_j}}` along ``dim``; every slice along
    dim sums to 1. Computed as e^{x_i - max_j x_j} / sum_j e^{x_j - max_j x_j} so that large inputs
    do not overflow (scipy.special.softmax).

    Args:
        dim: the dimension along which softmax is computed. Default: None (legacy rule: dim 0 for
            0-, 1- and 3-d inputs, else dim 1, with a deprecation warning).

    Shape: input (*), output (*), same shape.

    Backward: dx = y * (g - sum_j g_j y_j), the sum along dim.
    """

    def __init__(self, dim=None):
        raise NotImplementedError("Softmax.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Softmax.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Softmax.backward")


class Softmin(Module):
    r""":math:`\text{Softmin}(x) = \text{Softmax}(-x)` along ``dim``:
    :math:`\frac{e^{-x_i}}{\sum_j e^{-x_j}}` (stable for large inputs as Softmax).

    Args:
        dim: the dimension along which softmin is computed. Default: None (legacy rule as Softmax).

    Shape: input (*), output (*), same shape.

    Backward: dx = -y * (g - sum_j g_j y_j), the sum along dim.
    """

    def __init__(self, dim=None):
        raise NotImplementedError("Softmin.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Softmin.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Softmin.backward")


class LogSoftmax(Module):
    r""":math:`\text{LogSoftmax}(x_i) = \log \frac{e^{x_i}}{\sum_j e^{x_j}} = x_i - \log \sum_j e^{x_j}`
    along ``dim``, computed as x_i - m - log sum_j e^{x_j - m} with m = max_j x_j so that large
    inputs do not overflow (scipy.special.log_softmax).

    Args:
        dim: the dimension along which log-softmax is computed. Default: None (legacy rule as Softmax).

    Shape: input (*), output (*), same shape.

    Backward: dx = g - e^y * sum_j g_j, the sum along dim (e^y is the softmax).
    """

    def __init__(self, dim=None):
        raise NotImplementedError("LogSoftmax.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LogSoftmax.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LogSoftmax.backward")
