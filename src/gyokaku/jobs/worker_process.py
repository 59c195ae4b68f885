"""A worker beside the web server, for `gyokaku serve` and `gyokaku run`: one process, started
with the server, watched while it runs and stopped with it, so a single machine needs nothing
else running. At scale, start workers on their own with `gyokaku worker` and serve with
--no-worker.

- The worker has its own session, so a Ctrl+C at the terminal reaches the server only; the
  server then asks the worker once (SIGTERM) to finish its current job and stop, and waits.
- On Linux the worker also gets SIGTERM when the server dies without stopping it (SIGKILL, the
  OOM killer), instead of running on as an orphan.
- A worker that exits on its own (the database went away) is logged and started again, after a
  pause that grows while it keeps failing.
- One worker for all server processes: gunicorn's processes are forked from the one that
  started it and inherit its exit handler, which stops the worker only in that process.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 120  # a large PDF takes minutes; a job cut short fails with a message
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the worker may outlive a killed server


class WorkerProcess:
    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self.owner = os.getpid()

    def start(self) -> None:
        self._spawn()
        threading.Thread(target=self._watch, name="gyokaku-worker-watch", daemon=True).start()
        atexit.register(self.stop)

    def _spawn(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gyokaku", "worker"],
            env=dict(os.environ),
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def _watch(self) -> None:
        pause = 1.0
        while not self.stopping.is_set():
            assert self.process is not None
            started = time.monotonic()
            code = self.process.wait()
            if self.stopping.is_set():
                return
            pause = 1.0 if time.monotonic() - started > 60 else min(pause * 2, 60.0)
            log.error("the background worker exited (%s); starting it again in %.0f s", code, pause)
            if self.stopping.wait(pause):
                return
            self._spawn()

    def stop(self) -> None:
        if os.getpid() != self.owner:
            return  # a forked server process exiting: the worker is its parent's to stop
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_start() -> WorkerProcess:
    worker = WorkerProcess()
    worker.start()
    return worker
