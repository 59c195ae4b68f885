"""A worker beside the web server, for `gyokaku serve` and `gyokaku run`: one process, started
with the server and stopped with it, so a single machine needs nothing else running. At scale,
start workers on their own with `gyokaku worker` and serve with --no-worker."""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys


def worker_start() -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    command = [sys.executable, "-m", "gyokaku", "worker"]
    process = subprocess.Popen(command, env=env)  # inherits stdout/stderr: its log is ours

    def stop() -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    atexit.register(stop)
    return process
