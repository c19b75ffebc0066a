"""Architecture: the pure core stays pure, and lower layers never import the application."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package -> first-party packages it must not import
FORBIDDEN = {
    "watchlists": {"bot", "storage", "ingest"},
    "storage": {"bot"},
    "ingest": {"bot"},
}
# The pure core does no network I/O.
NETWORK_MODULES = {"httpx", "socket", "urllib.request", "http.client", "telegram", "requests"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_upper_layers(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in FORBIDDEN[package]:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_pure_core_does_no_network_io() -> None:
    offenders = []
    for path in sorted((ROOT / "watchlists").rglob("*.py")):
        for name in _imports(path):
            if name in NETWORK_MODULES or name.split(".")[0] in {"httpx", "telegram", "requests"}:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []
