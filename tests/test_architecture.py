"""The layout holds: the library has no import circles, serves itself (not the app), never
imports Streamlit, and its public names are the functions the README shows, not modules."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import rnnviz

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "rnnviz"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in LIB.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """The rnnviz modules ``name`` imports, at any depth of its code (function bodies too).

    ``from rnnviz.x import y`` is an edge to ``rnnviz.x.y`` when that is a module, else to
    ``rnnviz.x``; and to every package whose ``__init__`` the import runs first.
    """
    tree = ast.parse(MODULES[name].read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in MODULES}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package this module is in (or above)
                pkg = name if MODULES[name].name == "__init__.py" else name.rsplit(".", 1)[0]
                pkg = pkg.rsplit(".", node.level - 1)[0] if node.level > 1 else pkg
                base = f"{pkg}.{base}" if base else pkg
            if base not in MODULES:
                continue
            subs = {f"{base}.{a.name}" for a in node.names}
            found = subs & MODULES.keys()
            out |= found
            if len(found) < len(subs):
                out.add(base)
    # importing a.b.c first runs the __init__ of a.b: an edge to every package on the way,
    # except the root (always initialising first) and the module's own ancestors (running)
    for target in list(out):
        parts = target.split(".")
        for k in range(2, len(parts)):
            pkg = ".".join(parts[:k])
            if not (name == pkg or name.startswith(pkg + ".")):
                out.add(pkg)
    out.discard(name)
    return out


GRAPH = {name: imports_of(name) for name in MODULES}


def test_no_import_circles():
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(GRAPH[m]):
            if state.get(n) == 1:
                cycle = [*path[path.index(n) :], n]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m)


def test_every_library_module_serves_the_library():
    """A module no other library module imports, and that is not a package's front door
    or the CLI, exists for someone else (the app): it belongs in app/."""
    roots = {m for m, p in MODULES.items() if p.name == "__init__.py"}
    roots |= {"rnnviz.cli", "rnnviz.__main__"}
    imported = set().union(*GRAPH.values())
    orphans = sorted(set(MODULES) - roots - imported)
    assert not orphans, f"library modules nothing in rnnviz/ uses: {orphans}"


def test_no_module_is_named_like_a_page_or_the_app():
    app_words = ("browser", "payload", "tour", "walkthrough", "view", "lesson", "page", "app")
    bad = [m for m in MODULES if any(w in m.rsplit(".", 1)[-1] for w in app_words)]
    assert not bad, f"these look like app modules: {bad}"


def test_public_names_are_not_shadowed_by_modules():
    """``import rnnviz.x`` binds the attribute ``x`` to the module: no public function may
    share a name with a submodule (``rnnviz.trace`` must stay the function)."""
    import importlib

    for m in MODULES:
        if m != "rnnviz.__main__":
            importlib.import_module(m)
    for name in rnnviz.__all__:
        assert not isinstance(getattr(rnnviz, name), type(sys)), f"rnnviz.{name} is a module"
    for pkg in ("analysis", "tracing", "training", "figures"):
        mod = importlib.import_module(f"rnnviz.{pkg}")
        for name in mod.__all__:
            assert not isinstance(getattr(mod, name), type(sys)), f"rnnviz.{pkg}.{name}"


@pytest.mark.slow  # a subprocess, kaleido or a training run: seconds
def test_library_never_imports_streamlit():
    mods = [m for m in MODULES if m != "rnnviz.__main__"]
    code = "import sys, " + ", ".join(mods)
    code += "; assert 'streamlit' not in sys.modules, 'rnnviz imported streamlit'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
