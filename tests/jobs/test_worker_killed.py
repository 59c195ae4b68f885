"""A worker killed mid-job (SIGKILL: nothing of it runs after) leaves its job running; the next
worker to start marks it failed with a message, and its starter may run it again (issue 18 #7).
Real processes on a scratch SQLite database (``scratch_database`` of conftest.py)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.processes import wait_for

from gyokaku.jobs.recovery import ABANDONED

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.jobs.killable", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )


def _job(database: Path, job_id: str) -> tuple[str, str, str]:
    with sqlite3.connect(database) as db:
        row = db.execute(
            "SELECT state, error, step FROM jobs_job WHERE id = ?", [job_id.replace("-", "")]
        ).fetchone()
    return (row[0], row[1], row[2]) if row else ("", "", "")


@pytest.mark.usefixtures("scratch_database")
def test_a_killed_workers_job_fails_when_a_worker_starts_again(tmp_path: Path) -> None:
    database = tmp_path / "worker.sqlite3"
    job_id = _run("start").stdout.strip()
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.jobs.killable", "worker"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: _job(database, job_id)[0] == "running"), "never started"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert _job(database, job_id)[0] == "running"  # what a killed worker leaves behind

    restarted = subprocess.run(
        [sys.executable, "-m", "gyokaku", "worker", "--batch"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=dict(os.environ),
    )
    state, error, _ = _job(database, job_id)
    assert (state, error) == ("failed", ABANDONED)
    assert "中断された処理を失敗にしました" in restarted.stderr
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT status FROM django_tasks_database_dbtaskresult").fetchall()
    assert [status for (status,) in rows] == ["FAILED"]  # the queue no longer counts it as running
