"""The package's layers depend one way: the ways out (cli, web, spark) →
corpus → article → the shared base (model, errors, lexicon). A module that
imports from a layer above its own fails here, lazy imports inside
functions included."""
from __future__ import annotations

import ast
import builtins
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "newswire"
RANK = {"model": 0, "errors": 0, "lexicon": 0, "plover": 0, "processes": 0,
        "read": 1, "nlp": 1, "text": 2, "coding": 3, "pipeline": 4, "corpus": 5, "cli": 6, "web": 6, "spark": 6}
BASE_MODULES = {"model", "errors", "lexicon", "plover", "processes"}


def layer_of(module: str) -> str | None:
    """'newswire.corpus.store' → 'corpus'; the package itself → None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "newswire" else None


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every newswire import in the file."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "newswire"]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py")


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path):
    own = layer_of(module_name(path))
    assert own in RANK, f"{path.relative_to(PACKAGE)} is in no known layer: add it to RANK"
    upward = [f"line {line}: {name}" for line, name in imported_modules(path)
              if layer_of(name) in RANK and RANK[layer_of(name)] > RANK[own]]
    assert not upward, f"{path.relative_to(PACKAGE)} ({own}) imports from above its layer: {upward}"


def test_the_top_of_the_package_holds_only_the_shared_base():
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert top <= BASE_MODULES, f"modules at the top that belong in a layer: {sorted(top - BASE_MODULES)}"


def test_the_checker_resolves_relative_and_lazy_imports():
    source = "from ..lexicon import DATA\nfrom . import when\ndef f():\n    from ..corpus.store import Store\n"
    names = [name for _, name in imports_in(source, "newswire.coding")]
    assert names == ["newswire.lexicon", "newswire.coding.when", "newswire.corpus.store"]
    assert RANK[layer_of(names[2])] > RANK["coding"]  # the lazy one is the upward import


# ---------------------------------------------------------------- exceptions


@lru_cache(maxsize=None)
def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def base_names(node: ast.ClassDef) -> set[str]:
    return {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}


def exception_classes() -> dict[tuple[str, str], int]:
    """(file, class) -> line of every class deriving, directly or not, from an exception."""
    known = {name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)}
    classes = [(rel(p), node) for p in modules() for node in ast.walk(tree_of(p)) if isinstance(node, ast.ClassDef)]
    found: dict[tuple[str, str], int] = {}
    while True:
        new = {(f, c.name): c.lineno for f, c in classes if base_names(c) & known and (f, c.name) not in found}
        if not new:
            return found
        found |= new
        known |= {name for _, name in new}


def test_every_exception_class_is_in_errors_py():
    elsewhere = sorted(key for key in exception_classes() if key[0] != "errors.py")
    assert not elsewhere, f"exception classes outside errors.py: {elsewhere}"


def test_each_error_has_its_own_code():
    from newswire import errors

    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.NewswireError)]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)), sorted(codes)
