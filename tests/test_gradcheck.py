"""Every reference layer's backward agrees with central differences (reference.gradcheck), on
cases drawn by its registry entry in float64, with the same random parameter values the oracle
loads. Cases with inputs at kinks (where no derivative exists) are skipped here; the oracle masks
them instead.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import reference
from oracle.checks import state_to_load
from oracle.executor import Executor
from oracle.registry import SPECS
from reference.gradcheck import gradcheck

DIFFERENTIABLE = [spec for spec in SPECS if spec.cases is not None]

#: Where central differences do not apply to a layer's drawn cases: BCELoss inputs within eps of
#: 0 or 1 step outside its domain or across its clamped log.
NUMERIC_DOMAIN = {"BCELoss": lambda case: bool(np.all((case.inputs[0] > 1e-3) & (case.inputs[0] < 1 - 1e-3)))}


def build(case):
    executor = Executor(reference)
    executor.run([{"op": "new", "ctor": case.ctor, "seed": case.seed}])
    module = executor.module
    return module


@pytest.mark.parametrize("spec", DIFFERENTIABLE, ids=[s.name for s in DIFFERENTIABLE])
def test_gradcheck(spec):
    @settings(max_examples=4, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case=spec.cases())
    def run(case):
        assume(all(np.all(mask) for mask in case.grad_masks.values()))
        assume(NUMERIC_DOMAIN.get(spec.name, lambda case: True)(case))
        # Embedding's max_norm renormalizes weight rows in place during forward; torch (and the
        # reference) treat that renorm as a constant, so a numerical derivative does not apply.
        assume(case.ctor.kwargs.get("max_norm") is None)
        # Its padding_idx row receives no gradient by definition (not as a derivative), and
        # scale_grad_by_freq divides each row's gradient by its count (a training heuristic).
        assume(case.ctor.kwargs.get("padding_idx") is None)
        assume(not case.ctor.kwargs.get("scale_grad_by_freq"))
        module = build(case)
        state = {k: np.asarray(v) for k, v in module.state_dict().items()}
        params = {name for name, _ in module.named_parameters()}
        tensors = state_to_load(spec, case, state, params)
        module.load_state_dict({k: v.astype(np.float64) if v.dtype.kind == "f" else v for k, v in tensors.items()})
        module.train(case.train)
        output_grads = None
        if spec.upstream is not None:  # outputs the spec sends no gradient to (indices, attention weights)
            probe = spec.upstream(case, _float64_output(module, case), np.random.default_rng(0))
            output_grads = tuple(g is not None for g in probe)
        gradcheck(module, *case.inputs, grad_inputs=case.grad_inputs if spec.differentiable else (),
                  output_grads=output_grads, forward_kwargs=case.forward_kwargs, seed=case.seed,
                  max_elements=40)

    run()


def _float64_output(module, case):
    copy_inputs = [x.astype(np.float64) if isinstance(x, np.ndarray) and x.dtype.kind == "f" else x
                   for x in case.inputs]
    np.random.seed(case.seed % 2**32)
    return module(*copy_inputs, **case.forward_kwargs)
