"""The house rules that a reader can check by parsing the code.

- Layers: imports run one way, base (model, errors, lexicon, plover, processes) <- read, nlp
  <- text <- coding <- pipeline <- corpus <- {spark, web, cli}; a module that imports from a
  layer above its own fails here, lazy imports inside functions included.
- No import circle between files, lazy imports included.
- `importlib` loads a newswire module in one place (pipeline/workers.backend_module), so that
  every other import is one this test can see.
- No module touches another module's `_private` name (spaCy's `doc._` aside).
- The record's schema string is written only in model.py (`model.SCHEMA`).
- No function is longer than 60 lines, in src/, benchmarks/, scripts/ and tests/.
- Every exception class is in errors.py, each with its own code.
- No block of 6 lines is written twice in src/ (the same lines, white space and comments aside).
"""
from __future__ import annotations

import ast
import builtins
import re
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


def from_target(node: ast.ImportFrom, package: str) -> str:
    """The absolute module of `from <target> import ...`, relative ones resolved from `package`."""
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            target = from_target(node, package)
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


# ---------------------------------------------------------------- circles

def runtime_nodes(tree: ast.Module):
    """Every node but those under `if TYPE_CHECKING:`: an import for annotations only runs no
    code, so it makes no circle."""
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
               and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
               for child in node.body for n in ast.walk(child)}
    return (node for node in ast.walk(tree) if id(node) not in skipped)


def imported_files(path: Path, names: set[str]) -> set[str]:
    """The newswire modules (of `names`) that the file imports: `from ..coding import actors` is
    an import of coding.actors, `from ..errors import TooLarge` one of errors."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in runtime_nodes(tree_of(path)):
        if isinstance(node, ast.ImportFrom):
            target = from_target(node, package)
            found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in names else target for a in node.names}
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                while name and name not in names:
                    name = name.rpartition(".")[0]
                found.add(name)
    return {name for name in found if name in names} - {here}


def module_graph() -> dict[str, set[str]]:
    names = {module_name(p) for p in modules()} | {"newswire"}
    graph = {module_name(p): imported_files(p, names) for p in modules()}
    graph["newswire"] = imported_files(PACKAGE / "__init__.py", names)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of two or more modules (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in graph), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_circle_between_files():
    found = cycles(module_graph())
    assert not found, f"import circles: {found}"


def test_the_circle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# ---------------------------------------------------------------- dynamic imports

def dynamic_imports(path: Path) -> list[int]:
    """Lines that name importlib's import_module, __import__ or importlib.util: imports no parser sees."""
    lines = []
    for node in ast.walk(tree_of(path)):
        if isinstance(node, ast.Attribute) and node.attr in ("import_module", "util", "__import__"):
            lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in ("import_module", "__import__"):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module in ("importlib", "importlib.util") and \
                any(a.name != "resources" for a in node.names):
            lines.append(node.lineno)
    return lines


def test_importlib_loads_a_newswire_module_in_one_place_only():
    found = {rel(p): lines for p in modules() if (lines := dynamic_imports(p))}
    assert set(found) == {"pipeline/workers.py"}, f"dynamic imports outside pipeline/workers.py: {found}"
    assert len(found["pipeline/workers.py"]) == 1, found


# ---------------------------------------------------------------- private names

def foreign_modules(tree: ast.Module) -> set[str]:
    """Names bound to modules outside newswire (`os`, `sys`): their `_exit` is not ours to police."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if not a.name.startswith("newswire")}
    return names


def own_names(tree: ast.Module) -> set[str]:
    """Every name the module defines or assigns: its functions, classes, attributes, arguments."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.arg):
            own.add(node.arg)
    return own


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"  # `_`: spaCy's doc._


def private_uses(tree: ast.Module) -> list[str]:
    """`from x import _y`, and `thing._y` where `_y` is not this module's own."""
    own, foreign = own_names(tree), foreign_modules(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found += [f"line {node.lineno}: from {node.module} import {a.name}" for a in node.names if private(a.name)]
        elif isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in own and \
                not (isinstance(node.value, ast.Name) and node.value.id in foreign):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", modules(), ids=rel)
def test_no_module_touches_another_modules_private_names(path):
    found = private_uses(tree_of(path))
    assert not found, f"{rel(path)} uses private names of other modules: {found}"


def test_the_private_check_sees_what_the_web_once_did():
    found = private_uses(ast.parse("def page(corpus):\n    return corpus._rows('events')\n"))
    assert found == ["line 2: corpus._rows"]
    assert private_uses(ast.parse("import os\nos._exit(1)\ndoc._.quotes\n")) == []
    assert private_uses(ast.parse("class A:\n    def f(self, other):\n        self._n = other._n\n")) == []


# ---------------------------------------------------------------- the schema string

def test_the_schema_string_lives_only_in_model_py():
    from newswire.model import SCHEMA

    stem = SCHEMA.rpartition("/")[0] + "/"  # "newswire.article/": any version of it
    root = PACKAGE.parent.parent
    found = []
    for folder in (PACKAGE, root / "benchmarks", root / "scripts"):
        for path in folder.rglob("*"):
            if path.is_file() and path != PACKAGE / "model.py" and path.suffix not in (".pyc", ".png", ".ico"):
                if stem in path.read_text(encoding="utf-8", errors="replace"):
                    found.append(str(path.relative_to(root)))
    assert not found, f"the schema string written out instead of model.SCHEMA: {found}"


# ---------------------------------------------------------------- function length

LONGEST = 60  # lines of a function, its decorators left out, its docstring in


def long_functions(path: Path) -> list[str]:
    return [f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > LONGEST]


def python_files() -> list[Path]:
    root = PACKAGE.parent.parent
    return sorted(p for folder in ("src", "benchmarks", "scripts", "tests") for p in (root / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE.parent.parent)))
def test_no_function_is_longer_than_60_lines(path):
    found = long_functions(path)
    assert not found, f"{path.name}: split these along what they do: {found}"


# ---------------------------------------------------------------- repeated blocks

REPEAT = 6  # lines: a block this long written twice in src/ is one helper that should serve both
SKIPPED_LINE = re.compile(r"#.*|[()\[\]{},:;]+|(from \S+ )?import .*")  # what the count passes over


def counted_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text with its white space folded) of every line that counts: blank lines,
    comments, lone punctuation and imports are passed over, as `duplicates` does."""
    lines = ((number, " ".join(raw.split())) for number, raw in enumerate(text.splitlines(), 1))
    return [(number, line) for number, line in lines if line and not SKIPPED_LINE.fullmatch(line)]


def repeated_blocks(files: dict[str, str], size: int = REPEAT) -> list[list[str]]:
    """The places ('file:line') where one run of `size` counted lines stands more than once."""
    places: dict[tuple[str, ...], list[str]] = {}
    for name, text in files.items():
        lines = counted_lines(text)
        for start in range(len(lines) - size + 1):
            run = tuple(line for _, line in lines[start:start + size])
            places.setdefault(run, []).append(f"{name}:{lines[start][0]}")
    return [where for where in places.values() if len(where) > 1]


def test_no_block_of_six_lines_is_written_twice_in_src():
    files = {rel(p): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*"))
             if p.suffix in (".py", ".html", ".js", ".css")}
    found = repeated_blocks(files)
    assert not found, f"blocks of {REPEAT} lines written more than once (make one helper of each): {found}"


def test_the_repeat_finder_sees_a_copy_across_comments_and_imports():
    block = "".join(f"x{i} = f({i})\n" for i in range(6))
    copy = "import os\n" + block.replace("x2 = f(2)\n", "x2 = f(2)  \n# why\n\n)\n")
    assert repeated_blocks({"a.py": block, "b.py": copy}) == [["a.py:1", "b.py:2"]]
    assert repeated_blocks({"a.py": block, "b.py": block.replace("x5", "y5")}) == []
