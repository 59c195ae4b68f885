"""`gyokaku serve` with each server, for real: a demo database, a free port, public reads from
several processes, a publication seen by all of them, and a clean stop on SIGTERM (issue 16 #3).
The options and the choice of server and counts are tested without starting anything."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.support.processes import (
    children,
    free_port,
    gyokaku,
    gyokaku_env,
    wait_for,
    wait_until_up,
)

from gyokaku.site.servers import THREADS, cores, default_server, server_choose

SLUG = "aomori-2024-2028"
PAGE = f"/plans/{SLUG}/"
API = f"/api/v1/plans/{SLUG}"
STOP_SECONDS = 30


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Aomori plan and the demo, as `gyokaku run` prepares them; each test serves a copy."""
    var_dir = tmp_path_factory.mktemp("served") / "var"
    done = gyokaku("run", "--no-serve", env=gyokaku_env(var_dir))
    assert done.returncode == 0, done.stderr
    return var_dir / "gyokaku.sqlite3"


def children_started(pid: int, count: int) -> list[int]:
    """The children of ``pid`` once there are ``count`` (a server may answer before its last
    process has booted), or as they are after 30 s."""
    wait_for(lambda: len(children(pid)) >= count)
    return children(pid)


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, answer.read()


@contextlib.contextmanager
def serving(
    tmp_path: Path, database: Path, *args: str
) -> Iterator[tuple[str, subprocess.Popen[bytes], dict[str, str]]]:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    shutil.copy(database, var_dir / "gyokaku.sqlite3")
    env = gyokaku_env(var_dir)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gyokaku", "serve", "--port", str(port), *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + API, process, log)
        yield base, process, env
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stop_with_sigterm(process: subprocess.Popen[bytes], pids: list[int]) -> None:
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=STOP_SECONDS) == 0
    deadline = time.monotonic() + STOP_SECONDS
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    assert not left, f"still running after the server stopped: {left}"


@pytest.mark.parametrize(
    ("server", "processes"), [("gunicorn", 2), ("waitress", 1)], ids=["gunicorn", "waitress"]
)
def test_it_serves_the_plan_page_and_api_and_stops_on_sigterm(
    server: str, processes: int, demo_database: Path, tmp_path: Path
) -> None:
    args = ["--server", server, "--processes", str(processes), "--no-worker"]
    with serving(tmp_path, demo_database, *args) as (base, process, _):
        status, page = fetch(base + PAGE)
        assert status == 200 and "行財政改革" in page.decode()
        status, body = fetch(base + API)
        assert status == 200 and json.loads(body)["slug"] == SLUG
        servers = children_started(process.pid, processes if server == "gunicorn" else 0)
        assert len(servers) == (processes if server == "gunicorn" else 0)
        stop_with_sigterm(process, servers)


def test_every_gunicorn_process_answers(demo_database: Path, tmp_path: Path) -> None:
    with serving(tmp_path, demo_database, "--processes", "2", "--no-worker") as (base, process, _):
        servers = children_started(process.pid, 2)
        assert len(servers) == 2
        before = {pid: cpu_ticks(pid) for pid in servers}
        # A new connection per read: the two processes take turns at the listening socket.
        with ThreadPoolExecutor(20) as pool:
            answers = list(pool.map(fetch, [base + PAGE] * 400))
        assert {status for status, _ in answers} == {200}
        worked = {pid: cpu_ticks(pid) - before[pid] for pid in servers}
        assert all(ticks > 0 for ticks in worked.values()), worked


def test_a_publication_reaches_every_process_at_once(demo_database: Path, tmp_path: Path) -> None:
    """Each process keeps its own answers (GYOKAKU_CACHE unset), keyed by the newest public
    audit event, which every process reads from the one database: a write by a third process
    (the import) is seen by both."""
    with serving(tmp_path, demo_database, "--processes", "2", "--no-worker") as (base, _, env):
        with ThreadPoolExecutor(20) as pool:  # both processes keep the plan as it is
            before = {json.loads(body)["title"] for _, body in pool.map(fetch, [base + API] * 200)}
        assert len(before) == 1
        plan = json.loads(gyokaku("plan", "export", SLUG, env=env).stdout)
        plan["title"] += "（改定）"
        (tmp_path / "plan.json").write_text(json.dumps(plan, ensure_ascii=False))
        done = gyokaku("plan", "import", str(tmp_path / "plan.json"), env=env)
        assert done.returncode == 0, done.stderr
        # One at a time first: while a process remakes the answer, readers of that process who
        # ask at the same moment get the one before (single flight, web/public_cache.py).
        after = {json.loads(fetch(base + API)[1])["title"] for _ in range(40)}
        with ThreadPoolExecutor(20) as pool:
            after |= {json.loads(body)["title"] for _, body in pool.map(fetch, [base + API] * 200)}
        assert after == {plan["title"]}


def test_one_background_worker_serves_all_processes_and_stops_with_them(
    demo_database: Path, tmp_path: Path
) -> None:
    with serving(tmp_path, demo_database, "--processes", "2") as (_, process, _):
        started = children_started(process.pid, 3)
        workers = [pid for pid in started if "gyokaku worker" in command_line(pid)]
        assert len(workers) == 1 and len(started) == 3
        stop_with_sigterm(process, started)


def test_it_chooses_gunicorn_with_a_process_per_core_and_8_threads() -> None:
    assert default_server() == ("waitress" if sys.platform == "win32" else "gunicorn")
    choice = server_choose("gunicorn")
    assert (choice.processes, choice.threads) == (cores(), THREADS["gunicorn"]) == (cores(), 8)
    assert cores() == len(os.sched_getaffinity(0))
    assert server_choose("gunicorn", 3, 4).describe() == "gunicorn, 3 × 4 threads"


def test_waitress_is_one_process_of_32_threads() -> None:
    choice = server_choose("waitress")
    assert (choice.processes, choice.threads) == (1, 32)
    assert server_choose("waitress", threads=12).threads == 12
    with pytest.raises(CommandError, match="waitress"):
        server_choose("waitress", processes=2)


def test_gunicorn_is_refused_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert default_server() == "waitress"
    with pytest.raises(CommandError, match="Windows"):
        server_choose("gunicorn")


@pytest.mark.parametrize(
    "args", [["--server", "nginx"], ["--processes", "0"], ["--threads", "0"], ["--threads", "x"]]
)
def test_it_refuses_bad_options_before_serving(args: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command("serve", *args)
