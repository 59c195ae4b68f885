"""Operations tests run `gyokaku` as an operator does: real processes on a scratch database."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.processes import SECRET_KEY, free_port, gyokaku, gyokaku_env, wait_until_up

# the ops tests import these from here
__all__ = ["SECRET_KEY", "free_port", "gyokaku", "gyokaku_env", "served"]


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file prepared as `gyokaku run` prepares it (the Aomori plan and the demo), made
    once; copy it (``shutil.copy``) rather than write to it."""
    var_dir = tmp_path_factory.mktemp("demo") / "var"
    done = gyokaku("run", "--no-serve", env=gyokaku_env(var_dir))
    assert done.returncode == 0, done.stderr
    return var_dir / "gyokaku.sqlite3"


@contextlib.contextmanager
def served(
    env: dict[str, str], log: Path, *args: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`gyokaku serve --no-worker` in its own process; yields its base URL and the process."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gyokaku", "serve", "--port", str(port), "--no-worker", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/api/v1/plans", process, log)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
