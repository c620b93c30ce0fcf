"""Registry entries for reference/container.py: Sequential and ModuleList.

Every case grades one chain of modules (Linear, activation, Linear, ...), assembled through the
container API a student's network uses: positional and OrderedDict construction, indexing
(negative down to -len), slicing, append, extend, +=, insert and item assignment. A mistake in
any of them changes which modules run, in which order, or under which state_dict names, so the
generic checks (forward, gradients, state_dict keys) see it. ModuleList has no forward of its own:
its cases are graded as ``Sequential(*module_list)``, torch's idiom for running one.

Semantics confirmed in torch 2.13: slicing a Sequential keeps the children's names ("1.weight"
stays "1.weight"), slicing a ModuleList renumbers them from 0; appending to an OrderedDict
Sequential names the child str(len); indexing outside -len..len-1 raises IndexError, also for
ModuleList item assignment. ModuleList.insert is drawn at 0..len only: torch's insert at a
negative index raises KeyError and past the end names the child by the index given.
"""
from __future__ import annotations

from collections import OrderedDict

from hypothesis import strategies as st

from ..spec import Case, Ctor, Edit, LayerSpec, Unpack
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds, shapes

ACTIVATIONS = st.sampled_from(["Tanh", "Sigmoid", "Identity"])

#: Modules that never belong to a drawn chain: running one by mistake (a wrong slice bound, an
#: insert at the wrong place) fails on shapes (width 6 > the chain's 5) or changes the values.
DECOYS = st.sampled_from([Ctor("Linear", (6, 6)), Ctor("ReLU"), Ctor("Softplus", (), {"beta": 2.0})])

#: Child names of an OrderedDict Sequential: not "0", "1", ..., so keys like "fc.weight" show.
#: At least as many as a drawn Sequential's children (5 modules + 2 + 2 decoys).
CHILD_NAMES = ("fc", "act", "hidden", "out", "proj", "encoder", "head", "z", "stem", "block", "tail")


def _chain(draw):
    """(input width, modules) of a valid chain Linear, activation, Linear, ... (1 to 3 Linear)."""
    widths = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    modules = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:])):
        modules.append(Ctor("Linear", (n_in, n_out), {"bias": draw(st.booleans())}))
        if i < len(widths) - 2:
            modules.append(Ctor(draw(ACTIVATIONS)))
    return widths[0], modules


def _case(draw, ctor: Ctor, width: int) -> Case:
    dtype, seed = draw(dtypes), draw(seeds)
    lead = shapes(draw, min_dims=1, max_dims=2, max_side=4)
    x = normal_array(rng_for(seed), lead + (width,), dtype)
    return Case(ctor, inputs=(x,), dtype=dtype, seed=seed)


def _index(draw, position: int, length: int) -> int:
    """``position`` spelled as a negative or a non-negative index (negative first: position 0 as
    -len is the boundary a wrong range check gets wrong)."""
    return draw(st.sampled_from([position - length, position]))


def _with_decoys(draw, modules: list) -> tuple[list, slice | None]:
    """(modules with decoys around them, the slice selecting exactly ``modules``), or (modules,
    None) when the case does not slice."""
    if not draw(st.booleans()):
        return list(modules), None
    front = draw(st.lists(DECOYS, max_size=2))
    back = draw(st.lists(DECOYS, max_size=2))
    full = front + list(modules) + back
    start = _index(draw, len(front), len(full))
    end = len(front) + len(modules)
    stop = draw(st.sampled_from([end - len(full), end] if back else [None, end]))  # stop 0 would be empty
    return full, slice(start, stop)


def _additions(draw, modules: list, container: str) -> list[Edit]:
    """Edits adding ``modules`` at the end, one at a time or (ModuleList) as lists."""
    ways = st.sampled_from(["append", "extend", "__iadd__"] if container == "ModuleList" else ["append"])
    edits, rest = [], list(modules)
    while rest:
        way = draw(ways)
        count = 1 if way == "append" else draw(st.integers(1, len(rest)))
        edits.append(Edit(way, (rest[0],)) if way == "append" else Edit(way, (rest[:count],)))
        rest = rest[count:]
    return edits


def _selected(draw, held: Ctor, container: str) -> Ctor:
    """``held``, or half of the time a container holding it among decoys, indexed to select it."""
    if not draw(st.booleans()):
        return held
    if container == "ModuleList":  # a ModuleList element must be a module: run it as a Sequential
        held = Ctor("Sequential", (Unpack(held),))
    before = draw(st.lists(DECOYS, max_size=2)) if draw(st.booleans()) else []  # often first: -len
    after = draw(st.lists(DECOYS, max_size=2))
    items = before + [held] + after
    index = _index(draw, len(before), len(items))
    args = tuple(items) if container == "Sequential" else (items,)
    return Ctor(container, args, edits=(Edit("__getitem__", (index,)),))


@st.composite
def sequential_cases(draw):
    """A chain assembled by independent choices, so that each shows up in about half the cases:
    OrderedDict or positional construction, the tail appended, decoys sliced off, and the whole
    held in an outer Sequential and picked out by index."""
    width, modules = _chain(draw)
    full, window = _with_decoys(draw, modules)
    built = draw(st.integers(0, len(full)))
    if draw(st.booleans()):
        names = draw(st.lists(st.sampled_from(CHILD_NAMES), min_size=built, max_size=built, unique=True))
        args = (OrderedDict(zip(names, full[:built])),)
    else:
        args = tuple(full[:built])
    edits = _additions(draw, full[built:], "Sequential")
    if window is not None:
        edits.append(Edit("__getitem__", (window,)))
    return _case(draw, _selected(draw, Ctor("Sequential", args, edits=tuple(edits)), "Sequential"), width)


@st.composite
def module_list_cases(draw):
    """Graded as Sequential(*module_list): the ModuleList must hold exactly the chain, in order.
    Independent choices: construction from a list or empty, the tail appended/extended/+=, one
    module inserted, one assigned over a decoy, decoys sliced off, picked out by index."""
    width, modules = _chain(draw)
    full, window = _with_decoys(draw, modules)
    target = list(full)
    if draw(st.booleans()):  # l[j] = module later replaces a decoy placed at j now
        assigned = draw(st.integers(0, len(full) - 1))
        full = full[:assigned] + [draw(DECOYS)] + full[assigned + 1:]
    else:
        assigned = None
    built = draw(st.integers(0, len(full)))
    edits = []
    if built and draw(st.booleans()):  # one of the constructor's modules comes by insert instead
        inserted = draw(st.integers(0, built - 1))
        args = (full[:inserted] + full[inserted + 1:built],)
        edits.append(Edit("insert", (inserted, full[inserted])))
    else:
        args = (full[:built],) if built or draw(st.booleans()) else ()
    edits += _additions(draw, full[built:], "ModuleList")
    if assigned is not None:
        edits.append(Edit("__setitem__", (_index(draw, assigned, len(full)), target[assigned])))
    if window is not None:
        edits.append(Edit("__getitem__", (window,)))
    held = _selected(draw, Ctor("ModuleList", args, edits=tuple(edits)), "ModuleList")
    return _case(draw, Ctor("Sequential", (Unpack(held),)), width)


@st.composite
def container_error_cases(draw, container: str):
    """Indexing (or, for ModuleList, assigning) outside -len..len-1 raises IndexError."""
    width, modules = _chain(draw)
    outside = [len(modules), -len(modules) - 1, len(modules) + 2]
    if container == "Sequential":
        options = [Ctor("Sequential", tuple(modules), edits=(Edit("__getitem__", (bad,)),)) for bad in outside]
    else:
        edits = [Edit("__getitem__", (bad,)) for bad in outside] + \
                [Edit("__setitem__", (bad, Ctor("Tanh"))) for bad in outside]
        options = [Ctor("Sequential", (Unpack(Ctor("ModuleList", (modules,), edits=(edit,))),)) for edit in edits]
    return _case(draw, one_kind(draw, options), width)


SPECS = [
    LayerSpec("Sequential", "container", sequential_cases,
              error_cases=lambda: container_error_cases("Sequential"), has_params=True, composite=True,
              examples={"forward": 60, "errors": 20},  # cheap; each way to assemble in ~30 of them
              hints={"forward": "Sequential feeds each module's output to the next, in order; s[i] returns the "
                                "i-th child (i from -len to len-1), s[a:b] a Sequential of those children, "
                                "append adds one at the end.",
                     "input_grad": "Sequential.backward calls each module's backward in reverse order.",
                     "param_grad": "Sequential.backward must reach every child's backward, each of which ADDS its "
                                   "own weight/bias gradients (keys '0.weight', '2.bias', ...).",
                     "state": "Children are named '0', '1', ... or by the keys of an OrderedDict ('fc.weight'); "
                              "a slice keeps the original names; append names the child str(len); "
                              "train()/eval() must reach every child.",
                     "errors": "Indexing outside -len..len-1 raises IndexError."}),
    LayerSpec("ModuleList", "container", module_list_cases,
              error_cases=lambda: container_error_cases("ModuleList"), has_params=True, composite=True,
              examples={"forward": 60, "errors": 20},  # cheap; each way to assemble in ~30 of them
              hints={"forward": "ModuleList holds its children in list order: append/extend/+= add at the end, "
                                "insert(i, m) puts m at position i and shifts the rest, l[i] = m replaces "
                                "(i from -len to len-1), l[a:b] is a new ModuleList of those children.",
                     "input_grad": "Graded as Sequential(*module_list): every child must be there, in order.",
                     "param_grad": "Graded as Sequential(*module_list): every child must be there, in order, "
                                   "each adding its own parameter gradients.",
                     "state": "Graded as Sequential(*module_list): the children must come out in list order, "
                              "and train()/eval() must reach each of them.",
                     "errors": "Indexing or assigning outside -len..len-1 raises IndexError."}),
]
