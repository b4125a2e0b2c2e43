"""The import rules of docs/ARCHITECTURE.md, checked by parsing every module's imports
(top level and inside functions: a deferred import is still a dependency)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extractors", "pipeline")


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, top_level_only: bool = False, root: Path = ROOT) -> set[str]:
    """The modules `path` imports, absolute ("from .store import x" in pipeline/cli.py: pipeline.store,
    pipeline.store.x)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            named = {f"{module}.{alias.name}" for alias in node.names}
            # "from . import docx" imports a sibling module, not the package's own names
            found |= named if node.module is None and named <= MODULES.keys() else {module} | named
    return found


MODULES = {_module_name(p): p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def offenders(importer: str, forbidden: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """'module -> import' for each module under `importer` importing something under `forbidden`."""
    return sorted(f"{name} -> {imported}" for name, path in MODULES.items()
                  if _within(name, importer) and not any(_within(name, a) for a in allowed)
                  for imported in imports_of(path) if any(_within(imported, f) for f in forbidden))


RULES = [
    # (who, must not import, why)
    ("extractors", ["pipeline", "sqlite3", "sqlite_utils", "click"],
     "extractors are pure functions of text: no database, no stage, no command line"),
    ("pipeline.loaders", ["pipeline.store", "pipeline.search", "pipeline.ingest", "pipeline.extract", "pipeline.cli"],
     "loaders turn a file into lines; what happens to the lines is a later stage's business"),
    ("pipeline.discover", ["pipeline.loaders", "pipeline.store", "pipeline.ingest", "pipeline.cli"],
     "finding files is the first stage"),
    ("pipeline.extract", ["pipeline.store", "pipeline.loaders", "pipeline.search", "pipeline.cli"],
     "extraction joins extractors; it reads no file and writes no database"),
    ("pipeline.search", ["pipeline.store", "pipeline.ingest", "pipeline.cli"],
     "search reads a finished database"),
    ("pipeline.i18n", ["extractors.references", "pipeline.store", "pipeline.search", "pipeline.ingest"],
     "messages and formats are below every stage"),
    ("pipeline", ["pipeline.cli", "pipeline.cli_output"],
     "the command line is the top floor: nothing is built on it"),
]


# The ground floor the language layer stands on (docs/ARCHITECTURE.md, floor 1).
BASICS = ["extractors.text", "extractors.numbers", "extractors.dates", "extractors.sentences", "extractors.models",
          "extractors.syllables", "extractors.abbreviation_table"]
EXTRACTORS_ABOVE_LANG = sorted({name for name in MODULES if _within(name, "extractors") and name != "extractors"
                                and not any(_within(name, b) for b in [*BASICS, "extractors.lang"])})
RULES += [
    ("extractors.lang", EXTRACTORS_ABOVE_LANG,
     "the language layer stands on the basics only: an extractor asks it, never the other way round"),
    *[(basic, ["extractors.lang"], "the basics are below the language layer") for basic in BASICS],
]


@pytest.mark.parametrize("importer, forbidden, why", RULES, ids=[r[0] for r in RULES])
def test_import_rule(importer, forbidden, why):
    allowed = ("pipeline.cli", "pipeline.cli_output", "pipeline.i18n.catalog") if importer == "pipeline" else ()
    assert offenders(importer, forbidden, allowed) == [], why


def test_store_does_not_import_search():
    assert offenders("pipeline.store", ["pipeline.search"]) == []


def test_no_cycle_among_top_level_imports():
    """A loop of module-level imports works only by luck of order; deferred imports inside a
    function are allowed to point back up (they run after every module is loaded)."""
    graph = {name: {m for m in imports_of(path, top_level_only=True) if m in MODULES and m != name}
             for name, path in MODULES.items()}
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return trail + [node, nxt]
            if nxt not in state and (loop := visit(nxt, trail + [node])):
                return loop
        state[node] = "done"
        return None

    loops = [loop for name in sorted(graph) if name not in state and (loop := visit(name, []))]
    assert loops == []


def test_the_rules_see_a_forbidden_import(tmp_path):
    """The parser resolves relative imports, so a forbidden one cannot slip through as `from ..`."""
    module = tmp_path / "pipeline" / "loaders" / "bad.py"
    module.parent.mkdir(parents=True)
    module.write_text("from ..store import open_db\n\ndef f():\n    from ...extractors import text\n")
    assert {"pipeline.store", "pipeline.store.open_db", "extractors.text"} <= imports_of(module, root=tmp_path)
    assert "extractors.text" not in imports_of(module, top_level_only=True, root=tmp_path)
    assert "pipeline.cli" in imports_of(MODULES["pipeline.i18n.catalog"])
