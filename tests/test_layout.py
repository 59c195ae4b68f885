"""tests/ mirrors the apps, and test modules share only through tests/support/ and conftest.py.

- A top-level directory of tests/ is named after a package of src/gyokaku (its app), or is one
  of the cross-cutting suites (support, browser, api, ops).
- No module imports from a ``test_*.py`` module: what two test modules share belongs in
  tests/support/ (or in a fixture of their nearest common conftest.py).
- No module imports a private name (``_x``) from another tests module.
- No module imports from the conftest.py of another directory (a fixture is found by pytest,
  a helper lives in tests/support/).

Each rule is read from the source with ``ast``; the last tests show that each one bites.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
PACKAGE = ROOT / "src" / "gyokaku"
CROSS_CUTTING = {"support", "browser", "api", "ops"}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imported(module: str, tree: ast.AST) -> list[tuple[str, str | None, int]]:
    """(module, name or None, line) of every import in ``tree``; relative imports resolved."""
    package = module.rsplit(".", 1)[0]
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, None, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, source] if source else base)
            found.extend((source, alias.name, node.lineno) for alias in node.names)
    return found


def import_problems(module: str, source: str) -> list[str]:
    """What ``module`` (a dotted name under ``tests``) imports against the rules above."""
    problems = []
    package = module.rsplit(".", 1)[0]
    for source_module, name, line in _imported(module, ast.parse(source)):
        if not source_module.startswith("tests."):
            continue
        where = f"{module}:{line}"
        targets = [source_module] + ([f"{source_module}.{name}"] if name else [])
        if any(t.rsplit(".", 1)[-1].startswith("test_") for t in targets):
            problems.append(f"{where} imports from a test module ({' '.join(targets)})")
        if name and name.startswith("_") and source_module != module:
            problems.append(f"{where} imports the private name {name} from {source_module}")
        foreign = f"{where} imports from another directory's {source_module}"
        if source_module.endswith(".conftest") and source_module.rsplit(".", 1)[0] != package:
            if foreign not in problems:  # once per import, however many names it takes
                problems.append(foreign)
    return problems


def test_no_module_imports_a_test_module_a_private_name_or_another_directorys_conftest() -> None:
    problems = []
    for path in sorted(TESTS.rglob("*.py")):
        problems += import_problems(module_name(path), path.read_text(encoding="utf-8"))
    assert problems == []


def test_every_top_level_directory_is_named_after_a_package_of_gyokaku() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    directories = {
        d.name for d in TESTS.iterdir() if d.is_dir() and not d.name.startswith((".", "__"))
    }
    assert directories - CROSS_CUTTING - packages == set()


def test_the_import_rules_bite() -> None:
    module = "tests.reports.test_x"
    assert import_problems(module, "from tests.jobs.test_worker_process import wait\n") == [
        f"{module}:1 imports from a test module "
        "(tests.jobs.test_worker_process tests.jobs.test_worker_process.wait)"
    ]
    assert import_problems(module, "from tests.jobs import test_worker_process\n") == [
        f"{module}:1 imports from a test module (tests.jobs tests.jobs.test_worker_process)"
    ]
    assert import_problems(module, "import tests.jobs.test_worker_process\n") != []
    assert import_problems(module, "from tests.support.processes import _wait\n") == [
        f"{module}:1 imports the private name _wait from tests.support.processes"
    ]
    assert import_problems(module, "from tests.browser.conftest import page, browser\n") == [
        f"{module}:1 imports from another directory's tests.browser.conftest"
    ]
    assert import_problems(module, "from .conftest import PLAN\n") == []
    assert import_problems(module, "from tests.reports.conftest import PLAN\n") == []
    assert import_problems(module, "from tests.support.world import World\n") == []
