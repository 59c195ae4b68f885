"""Helpers of the tests that start real processes (the browser tests' app server, the open data
export's file server, the job worker): a free port, our console script, and waiting for a
server to answer or a condition to hold."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest


def gyokaku_command() -> str:
    """The `gyokaku` console script beside the interpreter running the tests: the same venv."""
    return str(Path(sys.executable).parent / "gyokaku")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60
) -> None:
    """Wait until ``url`` answers (any HTTP status: it is up); fail with the server's log if it
    exits or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app server exited ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"the app server did not answer at {url} in {seconds:g} s:\n{log.read_text()}")


def wait_for(condition: Callable[[], object], seconds: float = 30) -> bool:
    """Poll ``condition`` until it is true (True) or ``seconds`` have passed (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc): gunicorn's server processes, the
    job worker."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


# ---- `gyokaku` as an operator runs it (tests/ops, tests/site/test_servers.py) ----------------

# Long enough for `gyokaku serve`'s check, and not the development key.
SECRET_KEY = "ops-test-key-" + "x" * 50


def gyokaku_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an operator's shell: no debug, a real key, our own var dir."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GYOKAKU_DEBUG"}}
    env |= {"GYOKAKU_VAR_DIR": str(var_dir), "GYOKAKU_SECRET_KEY": SECRET_KEY}
    return env | extra


def gyokaku(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gyokaku", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
