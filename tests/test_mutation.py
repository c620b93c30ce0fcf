"""Mutation testing (oracle/mutation.py): the mutator's operators and skip rules, the seeded
selection, and a fixed sample of reference mutants graded for real (killed, survived as a listed
equivalent, not covered).

The sample's coverage map is measured on Identity and Linear only (cheap); the full run is
``python -m oracle.mutation`` (docs/mutation.md).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oracle import mutation  # noqa: E402
from oracle.mutation import (Mutant, Pool, compiles, equivalent_reasons, load_equivalents,  # noqa: E402
                             mutants_of_source, run_family, select, tally)

SAMPLE_SOURCE = '''"""Module docstring: never mutated."""
import warnings

SCALE = 2; __doc__ = "x" * 3


def area(width, height=3, keep=True, scale: int = 4):
    """Docstring: never mutated."""
    if width < 0:
        message = "width " + str(width - 1)
        raise ValueError(f"negative {width + 1}")
    warnings.warn("a warning " + str(width * 2))
    total = width * height + SCALE - 1
    total += (
        width
        / 2)
    ok = total >= 0 and not keep; total *= 2
    return -divide(total, width), values.sum(axis=0, keepdims=keep), total @ total ** 2 // 3 % 5


class Shape:
    def extra_repr(self):
        return f"{self.width + 1}"
'''


@pytest.fixture(scope="module")
def sample_mutants():
    return mutants_of_source(SAMPLE_SOURCE, "sample.py")


def test_every_operator_is_generated(sample_mutants):
    kinds = {m.operator.split()[0] for m in sample_mutants}
    assert kinds == {"arith", "augassign", "drop-term", "compare", "boolop", "drop-unary", "constant",
                     "flip-bool", "swap-args", "drop-keyword"}
    operators = {m.operator for m in sample_mutants}
    assert {"arith Add->Sub", "arith Mult->Div", "arith Div->Mult", "arith MatMult->Mult", "arith Pow->Mult",
            "arith FloorDiv->Div", "arith Mod->FloorDiv", "augassign Mult->Div", "compare GtE->Gt",
            "compare Lt->LtE", "boolop And->Or", "drop-unary USub", "drop-unary Not", "constant +1",
            "constant -1", "drop-keyword axis", "drop-keyword keepdims"} <= operators


def test_each_mutant_is_valid_python_that_differs_and_keeps_line_numbers(sample_mutants):
    original = ast.parse(SAMPLE_SOURCE)
    for mutant in sample_mutants:
        mutated = mutant.apply(SAMPLE_SOURCE)
        assert compiles(mutant, SAMPLE_SOURCE), mutant
        assert ast.dump(ast.parse(mutated)) != ast.dump(original)
        assert len(mutated.splitlines()) == len(SAMPLE_SOURCE.splitlines()), mutant  # lines keep their numbers


def test_multi_line_expression_is_replaced_in_place(sample_mutants):
    mutant = next(m for m in sample_mutants if m.operator == "arith Div->Mult")
    assert mutant.line == 15 and mutant.original == "width\n/ 2)"
    assert "(width * 2" in mutant.apply(SAMPLE_SOURCE).splitlines()[14]


def test_messages_docstrings_annotations_and_repr_are_never_mutated(sample_mutants):
    lines = {m.line for m in sample_mutants}
    never = {1, 8, 10, 11, 12, 23}  # docstrings, the block ending in raise, warnings.warn, extra_repr
    assert not lines & never
    assert 9 in lines  # the argument check's condition is graded
    default = [m for m in sample_mutants if m.line == 7]  # height=3, keep=True, scale: int = 4
    assert sorted(m.operator for m in default) == ["constant +1", "constant +1", "constant -1",
                                                   "constant -1", "flip-bool"]
    assert all(m.anchor == ((7, 18),) for m in default)  # a default runs with any line of the body


def test_anchors_and_owners(sample_mutants):
    module_level = next(m for m in sample_mutants if m.line == 4)
    assert module_level.anchor == ((1, len(SAMPLE_SOURCE.splitlines())),) and module_level.owner == "<module>"
    inside = next(m for m in sample_mutants if m.line == 13)
    assert inside.anchor == ((13, 13), (13, 13)) and inside.owner == "area"
    multi_line = next(m for m in sample_mutants if m.operator == "arith Div->Mult")
    assert multi_line.anchor == ((15, 16), (14, 14))  # its lines and its statement's first line


def test_swapped_arguments_skip_commutative_calls():
    mutants = mutants_of_source("def f(a, b):\n    return max(a, b) + g(a, b) + g(a, a)\n", "s.py")
    swaps = [m for m in mutants if m.operator == "swap-args"]
    assert [m.mutated for m in swaps] == ["return max(a, b) + (g(b, a)) + g(a, a)"]


def test_selection_is_seeded_and_deterministic():
    mutants = mutation.generate_mutants(mutation.REFERENCE_DIR / "activation.py")
    first = select(mutants, 20, seed=3, family="activation")
    assert first == select(mutants, 20, seed=3, family="activation")
    assert first != select(mutants, 20, seed=4, family="activation")
    assert len(first) == 20 and first == sorted(first, key=lambda m: (m.line, m.col, m.operator))
    assert select(mutants, None, 0, "activation") == mutants


def test_equivalent_list_is_well_formed_and_documented():
    entries = load_equivalents()
    assert entries, "mutation/equivalent.toml lists the accepted equivalent mutants"
    for entry in entries:
        assert (ROOT / entry["file"]).is_file()
        assert len(entry["reason"]) > 30, entry  # a real explanation, not a label


# ----------------------------------------------------------------------------------------------
# A fixed sample of reference mutants, graded for real
# ----------------------------------------------------------------------------------------------
def _find(mutants, operator: str, original: str, mutated: str) -> Mutant:
    found = [m for m in mutants if m.operator == operator and original in m.original and mutated in m.mutated]
    assert len(found) == 1, (operator, original, mutated, found)
    return found[0]


#: (operator, original fragment, mutated fragment, expected status, expected killer): the killer is
#: the first failing check in the run's order (the mutant's checks, fastest first)
SAMPLE = [
    ("drop-term right", "output = output + self.bias.data", "output = (output)", "killed", "Linear·"),
    ("arith MatMult->Mult", "return grad_output @ self.weight.data", "*", "killed", "Linear·"),
    # the bias gradient is computed by every backward: input_grad or param_grad may see it first
    ("drop-keyword axis", "flat_g.sum(axis=0)", "flat_g.sum()", "killed", "Linear·"),
    ("constant +1", "bound = 1 / math.sqrt(fan_in)", "(2) / math", "killed", "Linear·init"),
    ("compare Lt->LtE", "if in_features < 0 or", "(in_features <= 0)", "killed", "Linear·"),
    ("constant +1", "init.kaiming_uniform_(self.weight, a=math.sqrt(5))", "(6)", "killed", "Linear·init"),
]


@pytest.fixture(scope="module")
def coverage():
    """The coverage map of three cheap layers (cached in reports/mutation/ like the full run's)."""
    return mutation.coverage_map(["Identity", "Linear", "Unflatten"], jobs=2, log=lambda *a: None)


def test_sample_of_reference_mutants(coverage):
    mutants = mutation.generate_mutants(mutation.REFERENCE_DIR / "linear.py")
    chosen = [_find(mutants, op, orig, mut) for op, orig, mut, _, _ in SAMPLE]
    results = run_family("linear", chosen, mutants, coverage, Pool(2), 0, [], log=lambda *a: None)["mutants"]
    for (op, orig, mut, status, killer), entry in zip(SAMPLE, results):
        assert entry["status"] == status, entry
        assert entry["killed_by"].startswith(killer), entry


def test_a_listed_equivalent_mutant_survives_and_is_left_out_of_the_rate(coverage):
    mutants = mutation.generate_mutants(mutation.REFERENCE_DIR / "flatten.py")
    listed = _find(mutants, "drop-unary USub", "known = math.prod(s for s in sizes if s != -1)", "s != (1)")
    killed = _find(mutants, "compare Eq->NotEq", "if input.ndim == 0:", "!=")
    assert listed in equivalent_reasons(mutants, load_equivalents())
    results = run_family("flatten", [listed, killed], mutants, {"Unflatten": coverage["Unflatten"]},
                         Pool(2), 0, load_equivalents(), log=lambda *a: None)["mutants"]
    assert results[0]["status"] == "equivalent" and "reshape" in results[0]["equivalent_reason"]
    assert results[0]["checks"]  # it was graded (and survived), not skipped
    assert results[1]["status"] == "not covered"  # Flatten's lines: Unflatten never runs them
    assert tally(results) | {} == {"killed": 0, "survived": 0, "equivalent": 1, "not covered": 1,
                                   "mutants": 2, "kill_rate": 0.0}


def test_a_line_no_graded_check_runs_is_not_covered(coverage):
    mutants = mutation.generate_mutants(mutation.REFERENCE_DIR / "linear.py")
    mutant = _find(mutants, "arith MatMult->Mult", "output = input @ self.weight.data.T", "*")
    only_identity = {"Identity": coverage["Identity"]}
    results = run_family("linear", [mutant], mutants, only_identity, Pool(1), 0, [],
                         log=lambda *a: None)["mutants"]
    assert results[0]["status"] == "not covered" and results[0]["checks"] == [] and results[0]["n_checks"] == 0
    assert tally(results)["kill_rate"] == 0.0


def test_docstring_builders_and_class_attributes():
    source = ('def _doc(n):\n    return "x" * (n + 1)\n\n\nclass Base:\n    def run(self):\n        return self.k + 1\n\n\n'
              'class Child(Base):\n    __doc__ = _doc(2)\n    k = 3\n')
    mutants = mutants_of_source(source, "s.py")
    assert {m.line for m in mutants} == {7, 12}  # nothing in _doc (docstrings only) nor in __doc__
    attribute = next(m for m in mutants if m.line == 12)
    assert attribute.owner == "Child" and set(attribute.anchor) == {(10, 12), (5, 7)}  # runs via Base.run


def test_an_equivalent_entry_marks_only_its_own_mutant_among_mutants_sharing_an_id():
    """Add->Sub on either + of ``s + left + right`` starts at the same column: one id, two mutants."""
    mutants = mutation.generate_mutants(mutation.REFERENCE_DIR / "conv.py")
    twins = [m for m in mutants if m.operator == "arith Add->Sub" and m.original == "if s + left + right < 1:"]
    assert len(twins) == 2 and twins[0].id == twins[1].id
    reasons = equivalent_reasons(mutants, load_equivalents())
    marked = [m for m in twins if m in reasons]
    assert [m.mutated for m in marked] == ["if (s - left) + right < 1:"]
