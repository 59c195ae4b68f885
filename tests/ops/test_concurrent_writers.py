"""Concurrent writers on a real server lose no update, get no 5xx and never meet "database is
locked" (issue 17 #4): bench/bench_writers.py, short and small (10 writers × 5 s on SQLite).
The full load (50 writers × 60 s, SQLite and PostgreSQL) is the bench's, in docs/performance.md;
this checks correctness, not speed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ops.conftest import gyokaku_env

ROOT = Path(__file__).resolve().parents[2]


def test_ten_writers_lose_no_update(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "bench/bench_writers.py", "--writers", "10", "--seconds", "5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=gyokaku_env(tmp_path / "var"),  # SQLite in its own var dir, whatever the suite's
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "lost updates: 0" in lines
    assert '5xx or no answer: 0, "database is locked": 0' in lines
    answers = next(line for line in lines if line.startswith("answers: "))
    assert "PUT 200" in answers and "POST 201" in answers  # it did write and move
