"""The package reads like the data flow: packages by stage, no stage importing a later one, no cycles, and a
public API in ``align.__all__``."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import align

PACKAGE = Path(align.__file__).parent

# Rank of each stage in the data flow (ingest → repair → segment → translate → alignment → qa → scoring →
# render), then the runners that compose them. A module may import its own rank or a lower one.
RANKS = {
    "align": 0,  # the lazy public API (only __version__ is imported from it inside the package)
    "align.errors": 0,
    "align.text": 0,
    "align.home": 0,
    "align.io": 0,
    "align.document": 0,
    "align.datasets": 0,
    "align.testing": 0,
    "align.ingest": 1,
    "align.repair": 2,
    "align.segment": 3,
    "align.engines": 4,
    "align.translate": 5,
    "align.alignment": 6,
    "align.qa": 7,
    "align.scoring": 8,
    "align.render": 9,
    "align.read_cache": 10,  # keeps what ingest, repair and segment made of an article
    "align.pipeline": 10,
    "align.corpus": 11,
    "align.bench": 12,
    "align.cli": 13,
    "align.__main__": 14,
}


def modules() -> list[str]:
    found = ["align"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="align."):
        found.append(info.name)
    return sorted(found)


def stage(module: str) -> str:
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        name = ".".join(parts[:length])
        if name in RANKS:
            return name
    raise AssertionError(f"{module} belongs to no stage in RANKS: add it")


def source_path(module: str) -> Path:
    relative = Path(*module.split(".")[1:])
    package = PACKAGE / relative / "__init__.py"
    return package if package.exists() else (PACKAGE / relative).with_suffix(".py")


def imports_of(module: str) -> set[str]:
    """Every ``align`` module ``module`` imports, at the top or inside a function (a lazy import is still a
    dependency), resolving ``from align.x import name`` to ``align.x.name`` when that is a module."""
    tree = ast.parse(source_path(module).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "align")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "align":
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in ALL else node.module)
    return found


ALL = set(modules())


def test_at_most_eight_top_level_modules() -> None:
    top = [p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")]
    assert len(top) <= 8, sorted(top)


# align.__main__ runs the command line when imported; running it is `python -m align` (tests/test_cli.py).
@pytest.mark.parametrize("module", sorted(ALL - {"align.__main__"}))
def test_every_module_imports(module: str) -> None:
    if module == "align.corpus.ray":
        pytest.importorskip("ray")
    importlib.import_module(module)


def test_no_stage_imports_a_later_stage() -> None:
    wrong = []
    for module in sorted(ALL - {"align"}):  # the facade re-exports every stage, lazily
        rank = RANKS[stage(module)]
        for imported in imports_of(module):
            if RANKS[stage(imported)] > rank:
                wrong.append(f"{module} ({stage(module)}) imports {imported} ({stage(imported)})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles_between_modules() -> None:
    # A package's own submodules are left out of its edges: importing a submodule runs its package first by
    # Python's rules, which is not a dependency of the package on the submodule. The facade is left out too.
    graph = {
        m: {i for i in imports_of(m) if i in ALL - {"align", m} and not i.startswith(m + ".")}
        for m in ALL - {"align"}
    }
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if node in path:
            return (*path[path.index(node) :], node)
        if node in done:
            return None
        for nxt in sorted(graph[node]):
            found = visit(nxt, (*path, node))
            if found:
                return found
        done.add(node)
        return None

    cycles = [c for m in sorted(graph) if (c := visit(m, ()))]
    assert not cycles, " -> ".join(cycles[0])


def test_public_api_is_listed_and_importable_lazily() -> None:
    assert set(align.__all__) == {"__version__", *align._EXPORTS}
    assert dir(align) == sorted(align.__all__)
    for name in align.__all__:
        assert getattr(align, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        align.nope  # noqa: B018


def test_help_of_the_package_is_useful() -> None:
    doc = align.__doc__ or ""
    for name in ("Translator", "RunOptions", "check", "export", "Document"):
        assert name in doc


def test_nothing_reaches_outside_the_package() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "parents[" in path.read_text(encoding="utf-8")
        or "parent.parent" in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders
