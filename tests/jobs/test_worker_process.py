"""The worker beside `gyokaku serve`: started, started again when it dies, stopped with the
server. Real processes on a scratch SQLite database."""

from __future__ import annotations

import os
import signal

from tests.support.processes import wait_for

from gyokaku.jobs.worker_process import WorkerProcess


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
        assert wait_for(lambda: worker.process is not first), "not started again"
        second = worker.process
        assert second is not None and second.poll() is None
    finally:
        worker.stop()
    assert second.poll() is not None  # stopped with the server
    assert worker.process is second  # and not started again after the stop
