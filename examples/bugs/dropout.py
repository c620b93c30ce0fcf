"""Planted bugs in reference/dropout.py."""
from examples.bugs import Bug

BUGS = [
    Bug(file="dropout.py",
        old="        return self._keep_mask(input.shape, input.dtype) / (1.0 - self.p), None\n",
        new="        return self._keep_mask(input.shape, input.dtype), None\n",
        layer="Dropout", checks=("forward", "input_grad"),
        description="zeroes elements but does not scale the kept ones by 1/(1-p) (the output's "
                    "expected value shrinks by 1-p in training)"),
    Bug(file="dropout.py",
        old="        channels = input.shape[:-1] + (1,)  # one draw per (n, c), shared along L\n"
            "        return self._keep_mask(channels, input.dtype) / (1.0 - self.p), None\n",
        new="        channels = input.shape[:-1] + (1,)  # one draw per (n, c), shared along L\n"
            "        return self._keep_mask(channels, input.dtype) / self.p, None\n",
        layer="Dropout1d", checks=("forward", "input_grad"),
        description="rescales the kept channels by 1/p instead of 1/(1-p) (p read as the keep "
                    "probability; right only for p = 0.5)"),
    Bug(file="dropout.py",
        old="        channels = input.shape[:2] + (1,) * (input.ndim - 2)  # one draw per (n, c)\n",
        new="        channels = input.shape  # one draw per element\n",
        layer="Dropout2d", checks=("forward",),
        description="draws the mask per element instead of per channel (plain dropout)"),
    Bug(file="dropout.py",
        old="        shift = (keep - 1.0) * (SELU_SCALE_ALPHA * a) + SELU_SCALE_ALPHA * a * self.p\n",
        new="        shift = SELU_SCALE_ALPHA * a * self.p\n",
        layer="AlphaDropout", checks=("forward", "input_grad"),
        description="dropped elements become the affine shift b instead of a*alpha' + b (forgets to "
                    "set them to SELU's saturation value -1.758 first); input_grad fails too, as it "
                    "reads the mask off the forward output"),
]
