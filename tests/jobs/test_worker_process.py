"""The worker beside `gyokaku serve`: started, started again when it dies, stopped with the
server. Real processes on a scratch SQLite database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gyokaku.jobs.worker_process import WorkerProcess


@pytest.fixture
def scratch_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'worker.sqlite3'}")
    monkeypatch.setenv("GYOKAKU_VAR_DIR", str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "gyokaku", "migrate", "-v", "0"], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()


def _wait_for(condition: object, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def test_it_starts_again_when_the_worker_dies_and_stops_with_the_server(
    scratch_database: None,
) -> None:
    worker = WorkerProcess()
    worker.start()
    try:
        first = worker.process
        assert first is not None and first.poll() is None
        assert os.getpgid(first.pid) != os.getpgid(0)  # its own session: Ctrl+C is the server's
        first.send_signal(signal.SIGKILL)
        assert _wait_for(lambda: worker.process is not first), "not started again"
        second = worker.process
        assert second is not None and second.poll() is None
    finally:
        worker.stop()
    assert second.poll() is not None  # stopped with the server
    assert worker.process is second  # and not started again after the stop
