"""Mutation testing of the oracle: how many small bugs planted in reference/ does grading catch?

    python -m oracle.mutation [--families conv,loss] [--max-per-family N] [--jobs J] [--seed S]
                              [--report mutation/report.md] [--no-fail]

1. Mutants: a small AST mutator (stdlib ``ast``) plants one change per mutant in a reference file
   (arithmetic swap, comparison flip, constant off by one, boolean flip, dropped unary minus,
   dropped term of a sum, swapped arguments, dropped axis/keepdims keyword, AugAssign swap).
   Docstrings, strings, ``raise``/``assert`` statements (error messages), ``warnings.warn`` calls
   and the conditions of ``if`` blocks that only warn (warnings are not graded),
   annotations and ``__repr__``/``extra_repr`` are never mutated. Selection is seeded.
2. Coverage: every (layer, check) of the registry is graded once against an unmodified copy of
   the reference under ``sys.settrace``; the lines of the copy it executes are cached in
   ``reports/mutation/``. A mutant whose line no graded check executes is "not covered".
3. Running: each mutant's copy of reference/ is imported in a worker process under a unique
   package name and graded as a submission (grading profile, shrinking off: the first failing
   example kills it) on the (layer, check) pairs that execute its line; a mutant running past its
   time budget is killed by "timeout", as the real grader's call timeout would.
4. Report: per family and per class, mutants / killed / survived / equivalent (listed in
   ``mutation/equivalent.toml``) / not covered, kill rate = killed / (total - equivalent), each
   survivor's diff. The JSON next to the markdown keeps every family's latest results, so a run
   on some families updates only theirs.
"""
from __future__ import annotations

import argparse
import ast
import copy
import difflib
import hashlib
import itertools
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import tomllib
import warnings
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_ROOT / "reference"
EQUIVALENT_FILE = PROJECT_ROOT / "mutation" / "equivalent.toml"
CACHE_DIR = PROJECT_ROOT / "reports" / "mutation"
TARGET = 0.95

# ==============================================================================================
# Mutants
# ==============================================================================================
ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
              ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.MatMult: ast.Mult}
COMPARISON = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
              ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
#: Calls whose two arguments commute: swapping them is equivalent by construction, never generated.
COMMUTATIVE = {"max", "min", "np.maximum", "np.minimum", "np.add", "np.multiply", "np.fmax", "np.fmin",
               "np.logical_and", "np.logical_or", "np.hypot", "math.hypot", "np.array_equal", "np.allclose",
               "math.gcd", "np.gcd"}
#: Keywords whose removal changes a reduction (axis=... -> all axes, keepdims=True -> dropped dims).
REDUCTION_KEYWORDS = {"axis", "keepdims"}
#: Functions never mutated: text for humans only.
SKIP_FUNCTIONS = {"__repr__", "extra_repr", "__str__"}


@dataclass(frozen=True)
class Mutant:
    """One planted change: bytes [start, end) of the file's source replaced by ``replacement``.

    ``line`` is the 1-based line of the change, ``anchor`` the line ranges whose execution runs
    the mutated code (the line itself inside a function; the whole function body for a default
    argument; the class or the file for a class- or module-level statement), ``owner`` the
    enclosing class (or top-level function) name.
    """

    file: str
    line: int
    col: int
    operator: str
    start: tuple
    end: tuple
    replacement: str
    original: str
    mutated: str
    owner: str
    anchor: tuple

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.col}:{self.operator}"

    @property
    def family(self) -> str:
        return Path(self.file).stem

    def apply(self, source: str) -> str:
        """The mutated source of the whole file."""
        return _replace(source, self.start, self.end, self.replacement)


def _replace(source: str, start: tuple, end: tuple, text: str) -> str:
    """Replace from (line, byte col) ``start`` to ``end`` (ast positions are UTF-8 byte offsets)."""
    lines = source.encode().splitlines(keepends=True)
    (l0, c0), (l1, c1) = start, end
    head = b"".join(lines[:l0 - 1]) + lines[l0 - 1][:c0]
    tail = lines[l1 - 1][c1:] + b"".join(lines[l1:])
    return (head + text.encode() + tail).decode()


def _expression_text(node: ast.expr, lines_spanned: int) -> str:
    """An expression's replacement, parenthesized and padded with newlines so that every later
    line keeps its number (newlines are free inside parentheses)."""
    return "(" + ast.unparse(node) + "\n" * lines_spanned + ")"


def _swapped(node, op_map):
    new = copy.deepcopy(node)
    new.op = op_map[type(node.op)]()
    return new


def expression_mutations(node: ast.AST) -> list[tuple[str, ast.expr]]:
    """(operator name, replacement node) for one expression node."""
    out = []
    if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        out.append((f"arith {type(node.op).__name__}->{ARITHMETIC[type(node.op)].__name__}",
                    _swapped(node, ARITHMETIC)))
        if isinstance(node.op, (ast.Add, ast.Sub)):
            out.append(("drop-term right", node.left))
        if isinstance(node.op, ast.Add):
            out.append(("drop-term left", node.right))
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in COMPARISON:
                new = copy.deepcopy(node)
                new.ops[i] = COMPARISON[type(op)]()
                out.append((f"compare {type(op).__name__}->{type(new.ops[i]).__name__}", new))
    elif isinstance(node, ast.BoolOp):
        new = copy.deepcopy(node)
        new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        out.append((f"boolop {type(node.op).__name__}->{type(new.op).__name__}", new))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        out.append((f"drop-unary {type(node.op).__name__}", node.operand))
    elif isinstance(node, ast.Constant):
        out += _constant_mutations(node)
    elif isinstance(node, ast.Call):
        out += _call_mutations(node)
    return out


def _constant_mutations(node: ast.Constant) -> list:
    value = node.value
    if isinstance(value, bool):
        return [("flip-bool", ast.Constant(not value))]
    if isinstance(value, int):
        return [("constant +1", ast.Constant(value + 1)), ("constant -1", ast.Constant(value - 1))]
    if isinstance(value, float):
        return [("constant +1.0", ast.Constant(value + 1.0))]
    return []


def _call_mutations(node: ast.Call) -> list:
    out = []
    name = ast.unparse(node.func)
    args = node.args
    if len(args) == 2 and not any(isinstance(a, ast.Starred) for a in args) and name not in COMMUTATIVE \
            and ast.dump(args[0]) != ast.dump(args[1]):
        new = copy.deepcopy(node)
        new.args = [new.args[1], new.args[0]]
        out.append(("swap-args", new))
    for i, keyword in enumerate(node.keywords):
        if keyword.arg in REDUCTION_KEYWORDS:
            new = copy.deepcopy(node)
            del new.keywords[i]
            out.append((f"drop-keyword {keyword.arg}", new))
    return out


def _parents(tree: ast.AST) -> dict:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


@dataclass
class _Context:
    skip: bool
    anchor: tuple
    owner: str
    statement: ast.stmt | None


def _context(node: ast.AST, parents: dict, n_lines: int) -> _Context:
    """Is ``node`` mutable, which lines run it, and which class (or top-level function) owns it."""
    chain = [node]  # node, its parent, ..., the module
    while chain[-1] in parents:
        chain.append(parents[chain[-1]])
    if any(_is_skipped(parent, child) for child, parent in zip(chain, chain[1:])):
        return _Context(True, (), "", None)
    statement = next(n for n in chain if isinstance(n, ast.stmt))
    classes = [n.name for n in chain if isinstance(n, ast.ClassDef)]
    functions = [n.name for n in chain if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    owner = classes[0] if classes else (functions[-1] if functions else "<module>")
    return _Context(False, _anchor(node, statement, chain, n_lines), owner, statement)


def _anchor(node, statement, chain, n_lines) -> tuple:
    """Line ranges whose execution runs ``node``: inside a function body, its own lines and its
    statement's first line; in a default argument or decorator, the whole function; at class
    level (run at import), any line of the class or of its base classes in the same file (a
    subclass that only sets attributes runs its bases' methods); at module level, any line."""
    for child, parent in zip(chain, chain[1:]):
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            body = parent.body if isinstance(parent.body, list) else [parent.body]
            if any(child is b for b in body):
                return ((node.lineno, node.end_lineno), (statement.lineno, statement.lineno))
            return ((parent.lineno, parent.end_lineno),)
        if isinstance(parent, ast.ClassDef):
            return tuple((c.lineno, c.end_lineno) for c in _class_and_bases(parent, chain[-1]))
    return ((1, n_lines),)


def _class_and_bases(cls: ast.ClassDef, module: ast.Module) -> list:
    """``cls`` and, recursively, its base classes defined at the top of the same module."""
    by_name = {n.name: n for n in module.body if isinstance(n, ast.ClassDef)}
    found, todo = [], [cls]
    while todo:
        current = todo.pop()
        if current not in found:
            found.append(current)
            todo += [by_name[b.id] for b in current.bases if isinstance(b, ast.Name) and b.id in by_name]
    return found


def _is_skipped(parent: ast.AST, child: ast.AST) -> bool:
    """Error messages, warnings, annotations, imports, __all__/__doc__ and repr functions; and every
    statement of a block that ends in ``raise`` (building the message of an argument check:
    only the check's condition is graded)."""
    if isinstance(parent, (ast.Raise, ast.Assert, ast.JoinedStr, ast.Import, ast.ImportFrom)):
        return True
    for block in ("body", "orelse"):
        statements = getattr(parent, block, None)
        if isinstance(statements, list) and statements and isinstance(statements[-1], ast.Raise) \
                and any(child is s for s in statements):
            return True
    if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return parent.name in SKIP_FUNCTIONS or child is parent.returns
    if isinstance(parent, ast.arg) and child is parent.annotation:
        return True
    if isinstance(parent, ast.AnnAssign) and child is parent.annotation:
        return True
    if isinstance(parent, ast.Call) and ast.unparse(parent.func).endswith("warn"):
        return True
    if isinstance(parent, ast.If) and child is parent.test and not parent.orelse and _only_warns(parent.body):
        return True  # the condition of a warning: warnings are not graded
    if isinstance(parent, ast.Assign):  # export lists and generated docstrings
        return any(isinstance(t, ast.Name) and t.id in ("__all__", "__doc__") for t in parent.targets)
    return isinstance(parent, ast.Expr) and isinstance(child, ast.Constant)  # docstrings


def _only_warns(statements: list) -> bool:
    return all(isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)
               and ast.unparse(s.value.func).endswith("warn") for s in statements)


def _is_store(node: ast.AST) -> bool:
    return isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del))


def generate_mutants(path: Path) -> list[Mutant]:
    """Every mutant of one reference file, sorted by position."""
    return mutants_of_source(path.read_text(), str(path.resolve().relative_to(PROJECT_ROOT)))


def mutants_of_source(source: str, relative: str) -> list[Mutant]:
    """Every mutant of ``source`` (named ``relative`` in reports). Each replacement is valid by
    construction (a parenthesized expression or one simple statement); ``compiles`` verifies it."""
    tree = ast.parse(source)
    parents = _parents(tree)
    n_lines = len(source.splitlines())
    doc_only = _docstring_builders(tree)
    mutants = []
    for node in ast.walk(tree):
        candidates = _candidates(node)
        if not candidates:
            continue
        context = _context(node, parents, n_lines)
        if context.skip or context.owner in doc_only:
            continue
        for operator, start, end, text in candidates:
            mutated = _replace(source, start, end, text)
            mutants.append(Mutant(relative, node.lineno, node.col_offset, operator, start, end, text,
                                  original=_lines(source, node.lineno, node.end_lineno),
                                  mutated=_lines(mutated, node.lineno, node.end_lineno),
                                  owner=context.owner, anchor=context.anchor))
    return sorted(mutants, key=lambda m: (m.line, m.col, m.operator))


def _docstring_builders(tree: ast.Module) -> set:
    """Top-level functions used only to build ``__doc__`` strings (run at import, for humans)."""
    def names(nodes):
        return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}
    doc_values = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == "__doc__" for t in node.targets)]
    other = [node for node in ast.walk(tree) if isinstance(node, ast.stmt) and not isinstance(node, ast.FunctionDef)
             and not (isinstance(node, ast.Assign) and node.value in doc_values) and not isinstance(node, ast.ClassDef)]
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    used_elsewhere = names([n for n in other if not isinstance(n, (ast.FunctionDef, ast.ClassDef))])
    return (names(doc_values) & functions) - used_elsewhere


def compiles(mutant: Mutant, source: str | None = None) -> bool:
    """The mutated file parses, and differs from the original's AST (not a no-op)."""
    source = (PROJECT_ROOT / mutant.file).read_text() if source is None else source
    try:
        return ast.dump(ast.parse(mutant.apply(source))) != ast.dump(ast.parse(source))
    except SyntaxError:
        return False


def _candidates(node: ast.AST) -> list[tuple[str, tuple, tuple, str]]:
    """(operator, start, end, replacement text) for a node."""
    if isinstance(node, ast.AugAssign) and type(node.op) in ARITHMETIC and node.lineno == node.end_lineno:
        new = _swapped(node, ARITHMETIC)
        return [(f"augassign {type(node.op).__name__}->{type(new.op).__name__}",
                 (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), ast.unparse(new))]
    if not isinstance(node, ast.expr) or _is_store(node):
        return []
    span = node.end_lineno - node.lineno
    return [(operator, (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset),
             _expression_text(new, span)) for operator, new in expression_mutations(node)
            if ast.dump(new) != ast.dump(node)]


def _lines(source: str, first: int, last: int) -> str:
    return "\n".join(line.strip() for line in source.splitlines()[first - 1:last])


def select(mutants: list[Mutant], limit: int | None, seed: int, family: str) -> list[Mutant]:
    """A seeded sample of at most ``limit`` mutants, in file order (string seeds are hashed with
    SHA-512 by ``random``: the same on every machine and run)."""
    if limit is None or len(mutants) <= limit:
        return list(mutants)
    chosen = random.Random(f"{seed}:{family}").sample(range(len(mutants)), limit)
    return [mutants[i] for i in sorted(chosen)]


# ==============================================================================================
# Loading a (mutated) copy of reference/ in-process
# ==============================================================================================
_counter = itertools.count()


def load_copy(workdir: Path, mutant: Mutant | None = None):
    """Copy reference/ into ``workdir`` (with ``mutant`` applied) and import it under a unique
    package name; returns (package, its directory). reference/ uses relative imports only."""
    name = f"mutant_{os.getpid()}_{next(_counter)}"
    # Hypothesis draws integers/floats also from the constants of every *local* module loaded in
    # the process (hypothesis.internal.constants_ast); a path under "site-packages" is not local.
    # So no mutant's constants (nor an earlier mutant's, in the same worker) change the examples.
    target = workdir / "site-packages" / name
    shutil.copytree(REFERENCE_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    if mutant is not None:
        path = PROJECT_ROOT / mutant.file
        (target / path.name).write_text(mutant.apply(path.read_text()))
    from .runner import load_package
    return load_package(target, name), target


def unload(package, directory: Path) -> None:
    for key in [k for k in sys.modules if k == package.__name__ or k.startswith(package.__name__ + ".")]:
        del sys.modules[key]
    shutil.rmtree(directory, ignore_errors=True)


def _in_process_adapter(package):
    from .adapters import InProcessAdapter
    from .executor import Executor
    return InProcessAdapter(Executor(package))


def _fast_settings(spec, check):
    """The grading profile's examples, without shrinking: the first failing example kills."""
    from hypothesis import Phase, settings
    from .profiles import settings_for
    return settings(settings_for("grading", spec, check), phases=[Phase.explicit, Phase.generate])


def _quiet_worker() -> None:
    sys.dont_write_bytecode = True
    warnings.simplefilter("ignore")
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a mutant allocating wildly
    except (ImportError, ValueError, OSError):
        pass


# ==============================================================================================
# Coverage: which lines each (layer, check) executes
# ==============================================================================================
#: Oracle files every layer's coverage depends on: what the checks run and which examples they draw.
SHARED_INPUTS = ("spec.py", "checks.py", "strategies.py", "profiles.py", "executor.py", "adapters.py", "wire.py",
                 "properties.py", "dropout_properties.py", "recurrent_properties.py")


def fingerprint(layer: str, files) -> str:
    """A hash of what decides the lines ``layer``'s graded checks execute: the reference files it
    executes (``files``, relative paths), the shared oracle files, its family's spec file and the
    hypothesis version. Edits elsewhere (another family's reference or spec) keep it valid."""
    import hypothesis
    from .registry import BY_NAME
    digest = hashlib.sha256(hypothesis.__version__.encode())
    paths = [PROJECT_ROOT / f for f in sorted(files)] + [PROJECT_ROOT / "oracle" / n for n in SHARED_INPUTS]
    paths.append(PROJECT_ROOT / "oracle" / "specs" / f"{BY_NAME[layer].family}.py")
    for path in paths:
        if path.exists():
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _files_of(checks: dict) -> set:
    return {"reference/__init__.py"} | {f for info in checks.values() for f in info["lines"]}


def _layer_coverage(layer: str) -> tuple:
    """Grade an unmodified copy of the reference on every check of ``layer`` under a line
    tracer; returns (layer, {check: {"lines": {file: [line, ...]}, "seconds": s, "error": str|None}})."""
    from .adapters import ReferenceAdapter
    from .checks import run_check
    from .registry import BY_NAME
    _quiet_worker()
    spec = BY_NAME[layer]
    with tempfile.TemporaryDirectory(prefix="oracle-cov-") as tmp:
        package, directory = load_copy(Path(tmp))
        impl, reference = _in_process_adapter(package), ReferenceAdapter()
        prefix = str(directory) + os.sep
        result = {}
        for check in spec.checks():
            hits: set = set()
            start, error = time.perf_counter(), None
            sys.settrace(_tracer(prefix, hits))
            try:
                run_check(spec, check, impl, reference, _fast_settings(spec, check))
            except BaseException as exc:  # the unmodified copy must pass: reported as a harness error
                error = f"{type(exc).__name__}: {str(exc)[:300]}"
            finally:
                sys.settrace(None)
            lines: dict = {}
            for filename, lineno in hits:
                lines.setdefault(f"reference/{Path(filename).name}", []).append(lineno)
            result[check] = {"lines": {f: sorted(v) for f, v in lines.items()},
                             "seconds": round(time.perf_counter() - start, 3), "error": error}
        unload(package, directory)
    return layer, result


def _tracer(prefix: str, hits: set):
    def local(frame, event, arg):
        if event == "line":
            hits.add((frame.f_code.co_filename, frame.f_lineno))
        return local

    def global_trace(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(prefix) else None
    return global_trace


def coverage_map(layers: list[str], jobs: int, fresh: bool = False, log=print) -> dict:
    """{layer: {check: {...}}} for ``layers``; a layer's entry is reused from the cache
    (reports/mutation/coverage.json) while its fingerprint is unchanged."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cache = CACHE_DIR / "coverage.json"
    data = _read_cache(cache) if not fresh else {}
    missing = [layer for layer in layers if layer not in data
               or data[layer]["key"] != fingerprint(layer, _files_of(data[layer]["checks"]))]
    if missing:
        log(f"measuring coverage of {len(missing)} layers (cached in {cache.relative_to(PROJECT_ROOT)})")
        start = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for layer, result in pool.imap_unordered(_layer_coverage, missing):
                data[layer] = {"key": fingerprint(layer, _files_of(result)), "checks": result}
        log(f"coverage measured in {time.perf_counter() - start:.0f} s")
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")  # atomic: runs and tests share the cache
        temporary.write_text(json.dumps(data))
        os.replace(temporary, cache)
    return {layer: data[layer]["checks"] for layer in layers}


def _read_cache(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def targets_of(mutant: Mutant, coverage: dict, composite: frozenset = frozenset()) -> list[tuple[str, str, float]]:
    """(layer, check, seconds) pairs whose executed lines meet the mutant's anchor: the mutant's
    own family's layers first, then the others, fastest first within each group. Layers named in
    ``composite`` (networks built from other layers) judge a mutant of another class only when no
    other layer runs its line: a bug only a network catches leaves the component's own score
    untouched. A composite layer always judges a mutant of its own class's code (Sequential's
    __getitem__ is Sequential's to catch, even though AdaptiveLogSoftmaxWithLoss runs it too)."""
    out = []
    for layer, checks in coverage.items():
        for check, info in checks.items():
            lines = info["lines"].get(mutant.file, ())
            if any(lo <= line <= hi for line in lines for lo, hi in mutant.anchor):
                out.append((layer, check, info["seconds"]))
    own = set(_family_layers(mutant.family))
    direct = [t for t in out if t[0] not in composite or t[0] == mutant.owner]
    return sorted(direct or out, key=lambda t: (t[0] not in own, t[2]))


def _family_layers(family: str) -> list[str]:
    from .registry import SPECS
    return [spec.name for spec in SPECS if spec.family == family]


def composite_layers() -> frozenset:
    from .registry import SPECS
    return frozenset(spec.name for spec in SPECS if spec.composite)


def harness_errors(coverage: dict) -> list[str]:
    return [f"{layer}·{check}: {info['error']}" for layer, checks in coverage.items()
            for check, info in checks.items() if info["error"]]


# ==============================================================================================
# Running mutants
# ==============================================================================================
def grade_mutant(mutant: Mutant, targets: list, reference=None) -> dict:
    """Grade a mutated copy on ``targets`` [(layer, check, s)]; stops at the first failing check."""
    from .adapters import ReferenceAdapter
    from .checks import run_check
    from .registry import BY_NAME
    reference = reference or ReferenceAdapter()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="oracle-mut-") as tmp:
        try:
            package, directory = load_copy(Path(tmp), mutant)
        except BaseException as exc:  # the grader reports an import failure: the mutant is caught
            return _outcome("killed", "import", f"{type(exc).__name__}: {exc}", start)
        impl = _in_process_adapter(package)
        try:
            for layer, check, _ in targets:
                spec = BY_NAME[layer]
                try:
                    run_check(spec, check, impl, reference, _fast_settings(spec, check))
                except BaseException as exc:
                    return _outcome("killed", f"{layer}·{check}", _first_line(exc), start)
        finally:
            unload(package, directory)
    return _outcome("survived", None, None, start)


def _outcome(status, killer, message, start) -> dict:
    return {"status": status, "killed_by": killer, "message": message,
            "seconds": round(time.perf_counter() - start, 2)}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    detail = [line.strip() for line in text if line.strip().startswith("- ")]
    return f"{type(exc).__name__}: {(detail or text or [''])[0][:240]}"


def _worker_loop(connection) -> None:
    """A pool worker: receives (mutant, targets), answers the outcome, until it receives None."""
    from .adapters import ReferenceAdapter
    _quiet_worker()
    reference = ReferenceAdapter()
    while True:
        job = connection.recv()
        if job is None:
            return
        mutant, targets = job
        connection.send(grade_mutant(mutant, targets, reference))


class Pool:
    """``jobs`` worker processes; a worker past its job's deadline is killed (by its pid, which
    this pool started) and replaced, and the mutant counts as killed by "timeout"."""

    def __init__(self, jobs: int):
        self.context = multiprocessing.get_context("fork")
        self.jobs = jobs

    def _spawn(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_loop, args=(child,), daemon=True)
        process.start()
        child.close()
        return process, parent

    def run(self, jobs: list, timeout_of, on_result) -> None:
        """``jobs``: [(key, mutant, targets)]; calls on_result(key, outcome) as they finish."""
        pending = list(reversed(jobs))
        idle = [self._spawn() for _ in range(min(self.jobs, len(jobs)))]
        busy = {}  # connection -> (process, key, deadline, start)
        while pending or busy:
            while idle and pending:
                process, connection = idle.pop()
                key, mutant, targets = pending.pop()
                connection.send((mutant, targets))
                busy[connection] = (process, key, time.monotonic() + timeout_of(targets), time.monotonic())
            ready = wait(list(busy), timeout=1.0)
            for connection in ready:
                process, key, _, _ = busy.pop(connection)
                try:
                    on_result(key, connection.recv())
                    idle.append((process, connection))
                except (EOFError, OSError):  # the worker died (e.g. out of memory): caught as a crash
                    on_result(key, {"status": "killed", "killed_by": "crash",
                                    "message": "the worker process died", "seconds": 0.0})
                    self._stop(process, connection)
                    idle.append(self._spawn())
            now = time.monotonic()
            for connection, (process, key, deadline, started) in list(busy.items()):
                if now > deadline:
                    del busy[connection]
                    self._stop(process, connection)
                    on_result(key, {"status": "killed", "killed_by": "timeout",
                                    "message": f"no verdict within {now - started:.0f} s",
                                    "seconds": round(now - started, 2)})
                    idle.append(self._spawn())
        for process, connection in idle:
            connection.send(None)
            process.join(timeout=5)
            if process.is_alive():
                self._stop(process, connection)

    @staticmethod
    def _stop(process, connection) -> None:
        process.kill()
        process.join()
        connection.close()


def timeout_for(targets) -> float:
    """Seconds a mutant may take: generous against the traced (slower) unmodified run."""
    return 30.0 + 4.0 * sum(seconds for _, _, seconds in targets)


# ==============================================================================================
# Equivalent mutants
# ==============================================================================================
def load_equivalents(path: Path = EQUIVALENT_FILE) -> list[dict]:
    """Entries of the checked-in list: file, line, operator, original, mutated, reason. An entry
    matches a mutant by file, operator and the original/mutated source (the line number is only
    a hint: other edits move lines)."""
    if not path.exists():
        return []
    entries = tomllib.loads(path.read_text()).get("mutant", [])
    for entry in entries:
        missing = {"file", "line", "operator", "original", "mutated", "reason"} - set(entry)
        if missing:
            raise ValueError(f"{path}: entry {entry} lacks {sorted(missing)}")
    return entries


def _normalized(text: str) -> str:
    return " ".join(text.split())


def equivalent_reasons(mutants: list[Mutant], entries: list[dict]) -> dict:
    """{mutant: reason} for the ``mutants`` (all of one file's, so that line hints resolve) that
    ``entries`` list, keyed by the mutant itself: two mutants of one node (Add->Sub on either + of
    ``s + left + right``) share an id. An entry matches by file, operator and original/mutated
    code; when the same code occurs on several lines, the entry names the one nearest its ``line``."""
    out = {}
    for entry in entries:
        same = [m for m in mutants if m.file == entry["file"] and m.operator == entry["operator"]
                and _normalized(m.original) == _normalized(entry["original"])
                and _normalized(m.mutated) == _normalized(entry["mutated"])]
        if same:
            out[min(same, key=lambda m: abs(m.line - entry["line"]))] = entry["reason"]
    return out


# ==============================================================================================
# Report
# ==============================================================================================
def record(mutant: Mutant, outcome: dict, targets: list, reason: str | None) -> dict:
    status = outcome["status"]
    if reason is not None:
        status = "killed" if status == "killed" else "equivalent"
    entry = {"id": mutant.id, "file": mutant.file, "line": mutant.line, "owner": mutant.owner,
             "operator": mutant.operator, "original": mutant.original, "mutated": mutant.mutated,
             "status": status, "killed_by": outcome.get("killed_by"), "message": outcome.get("message"),
             "seconds": outcome.get("seconds", 0.0), "n_checks": len(targets)}
    if status != "killed":  # what ran a survivor (kept short: the JSON is checked in)
        entry["checks"] = [f"{l}·{c}" for l, c, _ in targets]
    if reason is not None:
        entry["equivalent_reason"] = reason
        if outcome["status"] == "killed":
            entry["stale_equivalent"] = True  # listed as equivalent, yet the oracle kills it
    return entry


def tally(entries: list[dict]) -> dict:
    counts = {s: sum(e["status"] == s for e in entries) for s in ("killed", "survived", "equivalent", "not covered")}
    counts["mutants"] = len(entries)
    graded = counts["mutants"] - counts["equivalent"]
    counts["kill_rate"] = counts["killed"] / graded if graded else 1.0
    return counts


def merge_results(path: Path, new: dict) -> dict:
    """Keep the other families' latest results; replace the families run now."""
    old = json.loads(path.read_text()) if path.exists() else {"families": {}}
    old["families"].update(new)
    old["families"] = dict(sorted(old["families"].items()))
    return old


def dump_results(results: dict) -> str:
    """The JSON report, one mutant per line (small, readable diffs when it is checked in)."""
    lines = ['{"families": {']
    for i, (family, data) in enumerate(results["families"].items()):
        lines.append(f'{json.dumps(family)}: {{"run": {json.dumps(data["run"])}, "mutants": [')
        lines.append(",\n".join(json.dumps(entry, ensure_ascii=False) for entry in data["mutants"]))
        lines.append("]}" + ("," if i < len(results["families"]) - 1 else ""))
    return "\n".join(lines) + "\n}}\n"


def render_markdown(results: dict) -> str:
    families = results["families"]
    out = ["# Mutation testing report", "",
           "Written by `python -m oracle.mutation` (see docs/mutation.md). Kill rate = killed / "
           f"(mutants - equivalent); target {TARGET:.0%} per family. A not-covered mutant sits on a "
           "line no graded check executes and counts as not killed.", "",
           "| family | mutants | killed | survived | equivalent | not covered | kill rate | run | mutants/min |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    total = []
    for family, data in families.items():
        t = tally(data["mutants"])
        total += data["mutants"]
        flag = "" if t["kill_rate"] >= TARGET else " ⚠"
        out.append(f"| {family} | {t['mutants']} | {t['killed']} | {t['survived']} | {t['equivalent']} | "
                   f"{t['not covered']} | {t['kill_rate']:.1%}{flag} | {data['run']['date']}, "
                   f"{data['run']['sampled']}/{data['run']['generated']} sampled, seed {data['run']['seed']} | "
                   f"{data['run']['mutants_per_minute']:.1f} |")
    t = tally(total)
    out += [f"| **all** | {t['mutants']} | {t['killed']} | {t['survived']} | {t['equivalent']} | "
            f"{t['not covered']} | {t['kill_rate']:.1%} | | |", ""]
    for family, data in families.items():
        out += _family_section(family, data["mutants"])
    return "\n".join(out) + "\n"


def _family_section(family: str, entries: list[dict]) -> list[str]:
    out = [f"## {family}", "", "| class / function | mutants | killed | survived | equivalent | not covered |",
           "| --- | ---: | ---: | ---: | ---: | ---: |"]
    owners: dict = {}
    for entry in entries:
        owners.setdefault(entry["owner"], []).append(entry)
    for owner, group in sorted(owners.items()):
        t = tally(group)
        out.append(f"| {owner} | {t['mutants']} | {t['killed']} | {t['survived']} | {t['equivalent']} | "
                   f"{t['not covered']} |")
    out.append("")
    for title, status in (("Survivors", "survived"), ("Not covered (no graded check runs the line)", "not covered")):
        listed = [e for e in entries if e["status"] == status]
        if listed:
            out += [f"### {title}", ""]
            for entry in listed:
                out += _diff_block(entry)
    stale = [e for e in entries if e.get("stale_equivalent")]
    if stale:
        out += ["### Listed as equivalent but killed (remove from mutation/equivalent.toml)", ""]
        for entry in stale:
            out += _diff_block(entry)
    return out


def _diff_block(entry: dict) -> list[str]:
    diff = difflib.unified_diff(entry["original"].splitlines(), entry["mutated"].splitlines(),
                                f"{entry['file']}:{entry['line']}", "mutant", lineterm="", n=0)
    checks = entry.get("checks", [])
    ran = ", ".join(checks[:6]) + (" ..." if len(checks) > 6 else "")
    return [f"- `{entry['file']}:{entry['line']}` ({entry['owner']}) {entry['operator']}"
            + (f"; graded by {ran}" if ran else ""), "", "  ```diff",
            *["  " + line for line in list(diff)[2:]], "  ```", ""]


# ==============================================================================================
# Command
# ==============================================================================================
def run_family(family: str, mutants: list[Mutant], generated: list[Mutant], coverage: dict, pool: Pool,
               seed: int, equivalents: list[dict], log=print) -> dict:
    """Grade the selected ``mutants`` (a sample of the family's ``generated`` ones) of one family;
    returns its results for the report."""
    reasons = equivalent_reasons(generated, equivalents)
    entries: dict = {}
    jobs = []
    composite = composite_layers()
    for index, mutant in enumerate(mutants):
        targets = targets_of(mutant, coverage, composite)
        if targets:
            jobs.append((index, mutant, targets))
        else:
            entries[index] = record(mutant, {"status": "not covered"}, [], reasons.get(mutant))
    by_index = {index: (mutant, targets) for index, mutant, targets in jobs}
    start = time.perf_counter()

    def on_result(index, outcome):
        mutant, targets = by_index[index]
        entries[index] = record(mutant, outcome, targets, reasons.get(mutant))
        if entries[index]["status"] == "survived":
            log(f"  survived: {mutant.id}: {mutant.mutated}")

    pool.run(jobs, timeout_for, on_result)
    seconds = time.perf_counter() - start
    ordered = [entries[i] for i in sorted(entries)]
    t = tally(ordered)
    log(f"{family}: {t['mutants']} mutants, kill rate {t['kill_rate']:.1%} "
        f"({t['survived']} survived, {t['not covered']} not covered) in {seconds:.0f} s")
    return {"run": {"date": time.strftime("%Y-%m-%d"), "seed": seed, "generated": len(generated),
                    "sampled": len(mutants), "seconds": round(seconds, 1),
                    "mutants_per_minute": round(60 * len(jobs) / seconds, 1) if seconds else 0.0},
            "mutants": ordered}


def parse_args(argv=None):
    from .registry import FAMILIES
    parser = argparse.ArgumentParser(prog="python -m oracle.mutation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", default=",".join(FAMILIES), help="comma-separated reference families")
    parser.add_argument("--max-per-family", type=int, default=None, help="seeded sample size per family")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", default="mutation/report.md", help="markdown report (JSON next to it)")
    parser.add_argument("--fresh-coverage", action="store_true", help="re-measure every layer's coverage")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if a family is under target")
    args = parser.parse_args(argv)
    unknown = set(args.families.split(",")) - set(FAMILIES)
    if unknown:
        parser.error(f"unknown families {sorted(unknown)}; known: {', '.join(FAMILIES)}")
    return args


def main(argv=None) -> int:
    from .adapters import THREAD_ENV
    os.environ.update(THREAD_ENV)
    args = parse_args(argv)
    from .registry import SPECS
    families = args.families.split(",")
    coverage = coverage_map([spec.name for spec in SPECS], args.jobs, args.fresh_coverage)
    errors = harness_errors(coverage)
    if errors:
        print("the unmodified reference copy fails checks (harness or oracle problem):\n  " + "\n  ".join(errors))
        return 2
    equivalents = load_equivalents()
    pool, results = Pool(args.jobs), {}
    for family in families:
        generated = generate_mutants(REFERENCE_DIR / f"{family}.py")
        chosen = [m for m in select(generated, args.max_per_family, args.seed, family) if compiles(m)]
        results[family] = run_family(family, chosen, generated, coverage, pool, args.seed, equivalents)
    report = Path(args.report)
    report.parent.mkdir(parents=True, exist_ok=True)
    merged = merge_results(report.with_suffix(".json"), results)
    report.with_suffix(".json").write_text(dump_results(merged))
    report.write_text(render_markdown(merged))
    under = [f for f in families if tally(results[f]["mutants"])["kill_rate"] < TARGET]
    print(f"report: {report}" + (f"; under {TARGET:.0%}: {', '.join(under)}" if under else ""))
    return 1 if under and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
