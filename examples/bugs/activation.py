"""Planted bugs in reference/activation.py: realistic student mistakes, one layer each."""
from . import Bug

BUGS = [
    Bug(file="activation.py",
        old="self._output = np.asarray(special.softmax(input, axis=self._axis_used), dtype=input.dtype)",
        new="self._output = np.asarray(np.exp(input) / np.sum(np.exp(input), axis=self._axis_used, "
            "keepdims=True), dtype=input.dtype)",
        layer="Softmax", checks=("forward", "input_grad", "state"),
        description="softmax without subtracting the max: exp overflows on large logits (inf/inf = nan)"),
    Bug(file="activation.py",
        old="return np.where(x > 0, 1.0, self.negative_slope)",
        new="return np.where(x > 0, 1.0, 0.0)",
        layer="LeakyReLU", checks=("input_grad",),
        description="LeakyReLU backward copied from ReLU: gradient 0 instead of negative_slope for x < 0"),
    Bug(file="activation.py",
        old="return self.SQRT_2_OVER_PI * (x + self.KAPPA * x * x * x)",
        new="return self.SQRT_2_OVER_PI * x",
        layer="GELU", checks=("forward", "input_grad", "state"),
        description="GELU tanh approximation without the 0.044715 x^3 term"),
    Bug(file="activation.py",
        old="return np.where(scaled > self.threshold, x, np.logaddexp(0.0, scaled) / self.beta)",
        new="return np.where(x > self.threshold, x, np.logaddexp(0.0, scaled) / self.beta)",
        layer="Softplus", checks=("forward", "state"),
        description="Softplus compares x instead of beta * x with the threshold (linear region wrong "
                    "when beta != 1)"),
    Bug(file="activation.py",
        old="return y * (1.0 - y)",
        new="return y",
        layer="Sigmoid", checks=("input_grad",),
        description="Sigmoid backward multiplies by s instead of s * (1 - s)"),
    Bug(file="activation.py",
        old="""    def _derivative(self, x, y):
        return self._slopes
""",
        new="""    def _derivative(self, x, y):
        return np.where(x > 0, 1.0, (self.lower + self.upper) / 2)
""",
        layer="RReLU", checks=("input_grad",),
        description="RReLU backward uses the eval-mode slope (lower + upper) / 2 instead of the random "
                    "slopes drawn by the forward"),
    Bug(file="activation.py",
        old="        return np.clip(x, self.min_val, self.max_val)\n",
        new="        return np.clip(x, self.min_val, self.max_val, out=x)  # saves an allocation\n",
        layer="Hardtanh", checks=("forward",),
        description="Hardtanh clips with out=x: the caller's input is overwritten even with inplace=False "
                    "(the gradient is still right: clipped values sit where the derivative is 0 anyway); "
                    "ReLU6 is a Hardtanh(0, 6) and inherits the bug",
        also=(("ReLU6", ("forward",)),)),
]
