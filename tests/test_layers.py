"""Imports point one way along the data flow: a module never imports a later stage."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "src" / "claimwatch"

RANK = {
    "models": 0,
    "errors": 0,
    "settings": 0,
    "resources": 0,
    "sources": 1,
    "clean": 2,
    "nlp": 3,
    "link": 4,
    "store": 5,
    "export": 5,
    "core": 6,
    "batch": 7,
    "watch": 7,
    "ledger": 7,
    "cli": 8,
    "api": 8,
    "web": 8,
    "__init__": 9,
    "__main__": 9,
}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    return ".".join(rel.parts)


def test_every_stage_is_ranked() -> None:
    stages = {
        p.stem if p.is_file() else p.name
        for p in PKG.iterdir()
        if not p.name.startswith((".", "_")) or p.name == "__init__.py"
    }
    stages = {s for s in stages if (PKG / s).is_dir() or (PKG / f"{s}.py").exists()}
    unranked = stages - set(RANK) - {"sample", "__pycache__"}
    assert not unranked, f"give these modules a rank in the data flow: {sorted(unranked)}"


def test_no_upward_imports() -> None:
    bad = []
    for path in PKG.rglob("*.py"):
        here = _module_name(path)
        rank = RANK[_stage(here)]
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("claimwatch.") and RANK.get(_stage(name), 0) > rank:
                    bad.append(f"{here} imports {name}")
    assert not bad, "upward imports:\n" + "\n".join(sorted(bad))
