"""Planted bugs of the loss family (reference/loss.py)."""
from . import Bug

BUGS = [
    Bug(file="loss.py",
        old="return distribution, classes.valid, classes.total_weight",
        new="return distribution, classes.valid, classes.valid.size",
        layer="CrossEntropyLoss", checks=("forward", "input_grad", "state"),
        description="CrossEntropyLoss 'mean' divides by the number of target positions (ignored ones "
                    "included, class weights ignored) instead of the sum of the non-ignored targets' weights."),
    Bug(file="loss.py",
        old="smooth = classes.valid[..., None] * classes.class_weight",
        new="smooth = classes.class_weight",
        layer="CrossEntropyLoss", checks=("forward", "state"),
        description="CrossEntropyLoss applies the label-smoothing term to ignored targets too (their "
                    "loss should be 0)."),
    Bug(file="loss.py",
        old="denominator = classes.total_weight",
        new="denominator = np.count_nonzero(classes.valid)",
        layer="NLLLoss", checks=("forward", "input_grad", "state"),
        description="NLLLoss 'mean' divides by the count of non-ignored targets instead of the sum of "
                    "their class weights."),
    Bug(file="loss.py",
        old="return d * d, 2.0 * d",
        new="return d * d, d",
        layer="MSELoss", checks=("input_grad",),
        description="MSELoss backward forgets the factor 2 of d(x - y)^2/dx."),
    Bug(file="loss.py",
        old="losses = (1.0 - y) * input - log_weight * log_sigmoid",
        new="sigmoid = special.expit(input)\n"
            "        losses = -(positive * np.log(sigmoid) + (1.0 - y) * np.log(1.0 - sigmoid))",
        layer="BCEWithLogitsLoss", checks=("forward", "state"),
        description="BCEWithLogitsLoss computed as BCE(sigmoid(x)) with naive logarithms: log(1 - sigmoid(x)) "
                    "is log(0) = -inf for large logits instead of the stable log-sigmoid form."),
    Bug(file="loss.py",
        old="log_x = np.maximum(np.log(input), _LOG_FLOOR)",
        new="log_x = np.log(input)",
        layer="BCELoss", checks=("forward", "state"),
        description="BCELoss does not clamp log(x) at -100: an input of exactly 0 gives an infinite (or "
                    "nan, 0 * -inf) loss where torch gives 100 * y."),
]
