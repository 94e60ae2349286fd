"""Layers that only point down, no cycles, no private names across modules (issue 14).

Every import of a tiegraph module by another, at module level or inside a
function, is read from the source with ``ast``. The layers, lowest first:

0. base: exceptions, schema, params, dates, words, keys, ids, settings,
   channels, the model's parameters, names, organisation names (keys, matching, the
   index), sample
1. files: ``io/`` (text, readers, the folder, caches), the journal, the lock
2. tables: identity, dedupe, importing, outreach
3. events and strengths: events, the tie model (its evidence arrays, its peaks, strength),
   calibration
4. graph: build, the path index, finding a person
5. analyses: paths, leads, dormant, summary, todos, drafts, ties
6. views: viz and its page, layout and tooltips; plots; notebook
7. the command line

A module may import its own layer or any lower one, never a higher one; the
imports form no cycle; and no module imports another's private name (one
starting with ``_``): what is shared is public inside the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tiegraph"

LAYERS: dict[str, int] = {
    **dict.fromkeys(
        [
            "exceptions",
            "schema",
            "params",
            "dates",
            "_words",
            "keys",
            "ids",
            "settings",
            "channels",
            "strength_params",
            "outreach_settings",
            "names",
            "org_keys",
            "org_matching",
            "orgs",
            "sample",
        ],
        0,
    ),
    **dict.fromkeys(["io", "history", "_lock"], 1),
    **dict.fromkeys(["identity", "dedupe", "importing", "outreach"], 2),
    **dict.fromkeys(["events", "tie_evidence", "tie_peaks", "strength", "calibration"], 3),
    **dict.fromkeys(["build", "_csr", "_index", "people"], 4),
    **dict.fromkeys(
        [
            "chains",
            "chain_query",
            "paths",
            "leads",
            "dormancy",
            "rhythm",
            "dormant",
            "summary",
            "todos",
            "drafts",
            "ties",
        ],
        5,
    ),
    **dict.fromkeys(["viz", "_page", "_layout", "_tooltips", "plots", "notebook"], 6),
    "cli": 7,
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) == 1:
        return None  # the package itself re-exports everything
    return LAYERS.get(parts[1])


def _imports() -> list[tuple[str, str, str | None, int]]:
    """(importer, imported module, imported name or None, line) for every tiegraph import."""
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue  # a name for type annotations only: no import at run time
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                if not target.startswith("tiegraph"):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in MODULES:
                        found.append((name, sub, None, node.lineno))
                    else:
                        found.append((name, target, alias.name, node.lineno))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("tiegraph"):
                        found.append((name, alias.name, None, node.lineno))
    return found


IMPORTS = _imports()


def test_every_module_has_a_layer():
    missing = sorted(m for m in MODULES if m != "tiegraph" and _layer(m) is None)
    assert missing == [], f"give these modules a layer in LAYERS: {missing}"


def test_imports_only_point_down():
    upward = [
        f"{a}:{line} imports {b} (layer {_layer(a)} -> {_layer(b)})"
        for a, b, _n, line in IMPORTS
        if _layer(a) is not None and _layer(b) is not None and _layer(b) > _layer(a)
    ]
    assert upward == []


def test_no_import_cycle():
    G = nx.DiGraph()
    G.add_edges_from((a, b) for a, b, _n, _line in IMPORTS if a != b and a != "tiegraph")
    cycles = list(nx.simple_cycles(G))
    assert cycles == []


def test_no_private_name_crosses_a_module():
    private = [
        f"{a}:{line} imports {b}.{n}"
        for a, b, n, line in IMPORTS
        if n is not None and n.startswith("_") and not n.startswith("__") and a != b
    ]
    assert private == []


# issue 14: modules near or under 600 lines (the largest, names, is 683)
@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_near_600_lines(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= 700, f"{module} has {lines} lines: split it"
