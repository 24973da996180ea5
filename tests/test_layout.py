"""The dependency rules of the layout: `bot → retrieval` only, through `retrieval`'s public API."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

import retrieval


def _imports(package: str) -> list[tuple[Path, str]]:
    found = []
    for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.module))
            elif isinstance(node, ast.Import):
                found.extend((path, alias.name) for alias in node.names)
    return found


def test_bot_reaches_retrieval_through_its_public_api_only() -> None:
    deep = [f"{p.relative_to(PROJECT_ROOT)}: {m}" for p, m in _imports("bot") if m.startswith("retrieval.")]
    assert not deep, deep


def test_retrieval_never_imports_the_front_ends_or_telegram() -> None:
    wrong = [f"{p.relative_to(PROJECT_ROOT)}: {m}" for p, m in _imports("retrieval")
             if m.split(".")[0] in {"bot", "telegram"}]
    assert not wrong, wrong


@pytest.mark.parametrize("name", retrieval.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(retrieval, name) is not None


def test_the_readme_layout_names_every_module() -> None:
    """The README's Layout section is the map a newcomer reads: every package and module must be on it."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    missing = []
    for package in ("bot", "retrieval", "bench"):
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            if path.name in {"__init__.py", "__main__.py"}:
                continue
            if path.name not in layout:
                missing.append(str(path.relative_to(PROJECT_ROOT)))
    assert not missing, f"README's Layout leaves out: {missing}"
