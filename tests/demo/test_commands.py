"""`gyokaku demo load` and `gyokaku run` load the demo; `gyokaku serve` never does."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from gyokaku.plans.models import Plan


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GYOKAKU_VAR_DIR"] = str(var_dir)
    return env


def _gyokaku(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gyokaku", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _demo_state(env: dict[str, str]) -> str:
    done = _gyokaku(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from gyokaku.plans.models import Plan;"
        "print('DEMO', User.objects.filter(username__startswith='demo-').count(),"
        " Plan.objects.filter(has_sample_data=True).count())",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return next(line for line in done.stdout.splitlines() if line.startswith("DEMO"))


@pytest.mark.django_db
def test_demo_load_prints_the_logins() -> None:
    out = io.StringIO()
    call_command("demo", "load", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "サンプルデータ" in text
    for username in ("demo-admin", "demo-coordinator", "demo-editor", "demo-viewer"):
        assert username in text
    assert "gyokaku-demo" in text
    assert Plan.objects.get(slug="aomori-2024-2028").has_sample_data


def test_run_loads_the_demo_and_prints_the_logins(tmp_path: Path) -> None:
    env = _env(tmp_path / "var")
    first = _gyokaku("run", "--no-serve", env=env)
    assert first.returncode == 0, first.stderr
    assert "demo-editor" in first.stdout and "gyokaku-demo" in first.stdout
    assert _demo_state(env) == "DEMO 7 1"
    second = _gyokaku("run", "--no-serve", env=env)
    assert second.returncode == 0, second.stderr
    assert "サンプルデータ: 読込み済み（変更なし）" in second.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_does_not_load_the_demo(tmp_path: Path) -> None:
    env = _env(tmp_path / "var") | {"GYOKAKU_DEBUG": "1"}
    migrated = _gyokaku("migrate", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gyokaku", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/plans", timeout=5):
                    break
            except OSError:
                assert server.poll() is None, "gyokaku serve exited"
                assert time.monotonic() < deadline, "gyokaku serve did not answer"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert _demo_state(env) == "DEMO 0 0"
