"""`gyokaku run` prepares a fresh database idempotently; `gyokaku plan parse` touches none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SEED_TEXT = (
    Path(__file__).resolve().parents[2] / "src/gyokaku/plans/data/aomori-2024-2028-summary.txt"
)


def _gyokaku(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gyokaku", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GYOKAKU_VAR_DIR"] = str(var_dir)
    return env


def test_a_second_run_neither_fails_nor_duplicates(tmp_path: Path) -> None:
    env = _env(tmp_path / "var")
    first = _gyokaku("run", "--no-serve", env=env)
    assert first.returncode == 0, first.stderr
    assert "追加 85" in first.stdout
    second = _gyokaku("run", "--no-serve", env=env)
    assert second.returncode == 0, second.stderr
    assert "変更なし" in second.stdout
    exported = _gyokaku("plan", "export", "aomori-2024-2028", env=env)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.count('"key"') == 85


def test_parse_touches_no_database(tmp_path: Path) -> None:
    env = _env(tmp_path / "var")
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"  # would fail if used
    done = _gyokaku("plan", "parse", str(SEED_TEXT), env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "青森市行財政改革プラン(2024-2028)"
    assert not (tmp_path / "var").exists()


def test_parse_reports_errors_as_file_line_message(tmp_path: Path) -> None:
    outline = tmp_path / "bad.txt"
    outline.write_text(
        "テスト計画\n\n1 柱A\n\n(1) 大分類\n\n① 項目\n\n2 柱B\n\n① 親のない項目\n",
        encoding="utf-8",
    )
    done = _gyokaku("plan", "parse", str(outline), env=_env(tmp_path / "var"))
    assert done.returncode != 0
    assert done.stdout == ""
    assert f"{outline}:11: " in done.stderr
    assert "Traceback" not in done.stderr
