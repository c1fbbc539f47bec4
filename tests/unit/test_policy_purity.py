"""The policy package stays pure: standard library only, no clock, typed and documented.

These are the promises that let the engine be tested without a database and replayed years later.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
POLICY = PROJECT / "requests_app" / "policy"
MODULES = sorted(POLICY.rglob("*.py"))
# The benchmark times the engine, so it alone may read a clock.
CLOCK_ALLOWED = {POLICY / "bench.py"}
CLOCK_CALLS = {"now", "today", "utcnow", "time", "perf_counter", "monotonic", "localtime"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported_modules(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_the_package_has_modules() -> None:
    assert {path.name for path in MODULES} >= {"__init__.py", "engine.py", "rules.py", "codec.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_module_imports_django_or_anything_outside_the_standard_library(path: Path) -> None:
    for name in _imported_modules(_tree(path)):
        top = name.split(".")[0]
        assert top != "django", f"{path.name} imports {name}"
        assert top in sys.stdlib_module_names or top == "__future__", f"{path.name} imports {name}"


def test_importing_the_package_loads_no_django() -> None:
    modules = ["requests_app.policy"] + [
        f"requests_app.policy.{path.stem}" for path in MODULES if path.name != "__init__.py"
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("path", sorted(set(MODULES) - CLOCK_ALLOWED), ids=lambda path: path.name)
def test_the_engine_never_reads_the_clock(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr not in CLOCK_CALLS, f"{path.name} calls .{node.func.attr}()"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_every_module_has_a_docstring_and_every_function_is_annotated(path: Path) -> None:
    tree = _tree(path)
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            unannotated = [
                a.arg for a in arguments if a.annotation is None and a.arg not in ("self", "cls")
            ]
            assert not unannotated, f"{path.name}:{node.name} leaves {unannotated} untyped"
            assert node.returns is not None, f"{path.name}:{node.name} has no return type"
