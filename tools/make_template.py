"""Generate student_template/ from reference/: same files, classes, signatures and docstrings,
every layer body replaced by ``raise NotImplementedError``.

    python tools/make_template.py            # rewrite student_template/
    python tools/make_template.py --check    # exit 1 if student_template/ is out of date

Shipped complete (copied verbatim): module.py (Module, Parameter), container.py (Sequential,
ModuleList), gradcheck.py and the package __init__.py, so students focus on the layers.
For every public class a stub gets ``__init__``, ``forward`` and ``backward`` (resolved through
the class's bases, so a layer whose reference inherits them still gets its own stubs) plus the
public methods the class itself defines. Private helpers of the reference are not copied;
a private base class becomes ``Module``.
"""
from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COPIED = ("__init__.py", "module.py", "container.py", "gradcheck.py")
ALWAYS = ("__init__", "forward", "backward")
HEADER = "# Student template generated from reference/ by tools/make_template.py: implement the bodies.\n"


def family_files() -> list[str]:
    return sorted(p.name for p in (ROOT / "reference").glob("*.py") if p.name not in COPIED)


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


GENERIC_DOCS = {
    "forward": "Compute the output (see the class docstring); cache what backward needs.",
    "backward": "Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.",
}


def _docstring(obj, spaces: int) -> str:
    doc = inspect.cleandoc(obj.__doc__) if obj.__doc__ else GENERIC_DOCS.get(getattr(obj, "__name__", ""))
    if not doc:
        return ""
    doc = doc.replace('"""', "'''")
    if "\\" in doc:
        return _indent(f'r"""{doc}\n"""', spaces) + "\n"
    return _indent(f'"""{doc}\n"""', spaces) + "\n"


class _Name:
    """Renders a class default (e.g. MLP's activation_layer=ReLU) by its name."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


def _signature(fn) -> str:
    """The reference's signature without annotations (names, order and defaults are the contract)."""
    signature = inspect.signature(fn)
    params = []
    for p in signature.parameters.values():
        p = p.replace(annotation=inspect.Parameter.empty)
        if p.default is not inspect.Parameter.empty and inspect.isclass(p.default):
            p = p.replace(default=_Name(p.default.__name__))
        params.append(p)
    text = str(signature.replace(parameters=params, return_annotation=inspect.Signature.empty))
    ast.parse(f"def f{text}: pass")  # fails loudly on a default whose repr is not valid code
    return text


def _stub_function(name: str, fn, spaces: int, owner: str = "", decorator: str = "") -> str:
    label = f"{owner}.{name}" if owner else name
    lines = (_indent(decorator, spaces) + "\n" if decorator else "") + \
        _indent(f"def {name}{_signature(fn)}:", spaces) + "\n"
    if not (name == "__init__" and fn is object.__init__):
        lines += _docstring(fn, spaces + 4)
    lines += _indent(f'raise NotImplementedError("{label}")', spaces + 4) + "\n"
    return lines


def _public_base(cls, exported: dict) -> list[str]:
    names = []
    for base in cls.__bases__:
        if base.__name__ in exported or base.__name__ in ("Module", "Sequential", "ModuleList"):
            names.append(base.__name__)
        else:
            names.append("Module")
    return list(dict.fromkeys(names))


def _methods(cls) -> list[tuple[str, object, str]]:
    methods = []
    for name in ALWAYS:
        fn = getattr(cls, name)
        if name != "__init__" and fn.__qualname__.split(".")[0] in ("Sequential", "ModuleList"):
            continue  # inherited from a container the template ships complete
        methods.append((name, fn, ""))
    for name, value in cls.__dict__.items():
        if name.startswith("_") or name in ALWAYS or name == "extra_repr":
            continue
        if isinstance(value, classmethod):
            methods.append((name, value.__func__, "@classmethod"))
        elif isinstance(value, staticmethod):
            methods.append((name, value.__func__, "@staticmethod"))
        elif inspect.isfunction(value):
            methods.append((name, value, ""))
    return methods


def _class_defaults(obj) -> set:
    """Names of classes used as default argument values (they must be imported in the stub)."""
    fns = [obj.__init__] if inspect.isclass(obj) else [obj]
    return {p.default.__name__ for fn in fns for p in inspect.signature(fn).parameters.values()
            if p.default is not inspect.Parameter.empty and inspect.isclass(p.default)}


def render_family(filename: str, exported: dict) -> str:
    module = importlib.import_module(f"reference.{filename[:-3]}")
    names = list(module.__all__)
    out = [HEADER, _docstring(module, 0), "import numpy as np\n\n",
           "from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401\n",
           "from .container import ModuleList, Sequential  # noqa: F401\n"]
    if filename == "linear.py" or "init" in (module.__dict__ or {}):
        out.append("from . import init  # noqa: F401\n")
    external = sorted({base for name in names if inspect.isclass(getattr(module, name))
                       for base in _public_base(getattr(module, name), exported)
                       if base in exported and exported[base] != filename}
                      | {default for name in names for default in _class_defaults(getattr(module, name))
                         if default in exported and exported[default] != filename})
    for base in external:
        out.append(f"from .{exported[base][:-3]} import {base}\n")
    out.append(f"\n__all__ = {names!r}\n")
    for name in names:
        obj = getattr(module, name)
        out.append("\n\n")
        if inspect.isclass(obj):
            bases = ", ".join(_public_base(obj, exported))
            out.append(f"class {name}({bases}):\n")
            out.append(_docstring(obj, 4))
            for method_name, fn, decorator in _methods(obj):
                out.append("\n" + _stub_function(method_name, fn, 4, name, decorator))
        else:
            out.append(_stub_function(name, obj, 0))
    return "".join(out).rstrip() + "\n"


def render_all() -> dict[str, str]:
    exported = {}
    for filename in family_files():
        module = importlib.import_module(f"reference.{filename[:-3]}")
        for name in module.__all__:
            exported.setdefault(name, filename)
    files = {filename: render_family(filename, exported) for filename in family_files()}
    for filename in COPIED:
        files[filename] = (ROOT / "reference" / filename).read_text()
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether the template is up to date")
    args = parser.parse_args()
    target = ROOT / "student_template"
    files = render_all()
    stale = [name for name, text in files.items()
             if not (target / name).exists() or (target / name).read_text() != text]
    extra = [p.name for p in target.glob("*.py") if p.name not in files] if target.exists() else []
    if args.check:
        if stale or extra:
            print(f"student_template/ is out of date: {sorted(stale + extra)}; run python tools/make_template.py")
            return 1
        return 0
    target.mkdir(exist_ok=True)
    for name in extra:
        (target / name).unlink()
    for name, text in files.items():
        (target / name).write_text(text)
    print(f"wrote {len(files)} files to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
