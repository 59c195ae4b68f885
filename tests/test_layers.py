"""The layer order of docs/development.md ("Where things live") holds, and its contract bites.

The contracts are import-linter's (``[tool.importlinter]`` in pyproject.toml), run as CI runs
them (``make lint``): the layers, and "reads import no writes" (no selector, page selector or
other read module imports a services module, directly or through another module). The tests
that break them copy the package, add one forbidden import, and check that the contract then
fails and names that import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "gyokaku",
        source / "gyokaku",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "templates"),
    )
    return source


def _lint(cwd: Path, source: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_keeps_the_layers() -> None:
    result = _lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "gyokaku layers KEPT" in result.stdout
    assert "reads import no writes KEPT" in result.stdout


def test_it_fails_on_an_import_from_a_lower_layer_to_a_higher_one(tmp_path: Path) -> None:
    source = _copy(tmp_path)
    (source / "gyokaku" / "plans" / "back_import.py").write_text(
        "from gyokaku.site import views  # noqa: F401\n", encoding="utf-8"
    )
    result = _lint(tmp_path, source)
    assert result.returncode != 0
    assert "gyokaku layers BROKEN" in result.stdout
    assert "gyokaku.plans.back_import -> gyokaku.site.views" in result.stdout


def test_it_fails_on_a_read_that_imports_a_write(tmp_path: Path) -> None:
    source = _copy(tmp_path)
    snapshot = source / "gyokaku" / "reports" / "snapshot.py"
    snapshot.write_text(
        snapshot.read_text(encoding="utf-8")
        + "\nfrom gyokaku.measures.services import indicators_update  # noqa: E402, F401\n",
        encoding="utf-8",
    )
    result = _lint(tmp_path, source)
    assert result.returncode != 0
    assert "gyokaku layers KEPT" in result.stdout  # reports is above measures: only reads bite
    assert "reads import no writes BROKEN" in result.stdout
    assert "gyokaku.reports.snapshot -> gyokaku.measures.services" in result.stdout
