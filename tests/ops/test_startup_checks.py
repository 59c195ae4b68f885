"""`gyokaku serve`, `run` and `worker` refuse to start where they could not write, and a running
server goes on answering reads when the disk fills up (issue 18 #8).

Tests run as root, where file permissions stop nothing; a full disk is the file-size limit
(RLIMIT_FSIZE, which binds root too: a write past it fails as on a full disk), a read-only
database is SQLite's query_only, and an unwritable var dir is one that cannot be created.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from tests.ops.conftest import gyokaku, gyokaku_env, served
from tests.support.processes import children, wait_for

from gyokaku.site.servers import cores

COMMANDS = [["serve", "--no-worker"], ["run", "--no-worker"], ["worker", "--batch"]]
PUBLIC = [
    "/",
    "/plans/aomori-2024-2028/",
    "/plans/aomori-2024-2028/nodes/2-1-01-3/",
    "/api/v1/plans",
    "/api/v1/plans/aomori-2024-2028/rollup?fy=2024",
    "/opendata/aomori-2024-2028/",
    "/opendata/aomori-2024-2028/feed.atom",
]


def _refused(done: subprocess.CompletedProcess[str], *where: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    for text in where:
        assert text in done.stderr, done.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_it_refuses_a_var_dir_it_cannot_create(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    var_dir = tmp_path / "a-file" / "var"
    done = gyokaku(*command, env=gyokaku_env(var_dir))
    _refused(done, str(var_dir), "GYOKAKU_VAR_DIR", "書き込めません")


def _full_disk() -> None:  # in the child, before exec: every file stops at 16 KiB
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_it_refuses_to_start_on_a_full_disk(command: list[str], tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "gyokaku", *command],
        capture_output=True,
        text=True,
        env=gyokaku_env(var_dir),
        preexec_fn=_full_disk,
        timeout=120,
    )
    _refused(done, str(var_dir), "GYOKAKU_VAR_DIR", "File too large")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_it_refuses_a_database_it_cannot_write(command: list[str], tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    env = gyokaku_env(tmp_path / "var", DATABASE_URL=f"sqlite:///{database}")
    migrated = gyokaku("migrate", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    read_only = urllib.parse.quote("PRAGMA query_only=ON;")
    env["DATABASE_URL"] += f"?init_command={read_only}"
    done = gyokaku(*command, env=env)
    _refused(done, str(database), "データベース", "readonly")


def test_it_starts_where_it_can_write(tmp_path: Path) -> None:
    env = gyokaku_env(tmp_path / "var")
    assert gyokaku("migrate", "-v", "0", env=env).returncode == 0
    done = gyokaku("worker", "--batch", env=env)
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "var").glob(".gyokaku-write-check-*")) == []  # left nothing behind


def _get(url: str, token: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60):
            return 200
    except urllib.error.HTTPError as exc:
        return exc.code


def test_anonymous_reads_go_on_when_the_disk_fills_up(demo_database: Path, tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    shutil.copy(demo_database, var_dir / "gyokaku.sqlite3")
    env = gyokaku_env(var_dir)
    token = gyokaku("token", "create", "demo-coordinator", "--name", "full", env=env)
    assert token.returncode == 0, token.stderr
    with served(env, tmp_path / "server.log") as (base, server):
        assert [_get(base + path) for path in PUBLIC] == [200] * len(PUBLIC)
        # The disk is full from now on: no file of the server's (of any of its processes) may
        # grow past 4 KiB.
        assert wait_for(lambda: len(children(server.pid)) == cores())  # gunicorn's, all up
        for pid in [server.pid, *children(server.pid)]:
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (4096, 4096))
        assert [_get(base + path) for path in PUBLIC] == [200] * len(PUBLIC)
        # A write fails, saying it could not be saved, and reads go on after it.
        put = urllib.request.Request(
            f"{base}/api/v1/plans/aomori-2024-2028/nodes/2-1-01-3/year-plans/2027",
            data=json.dumps({"text": "満杯" * 3000}).encode(),
            method="PUT",
            headers={
                "Authorization": f"Bearer {token.stdout.strip()}",
                "If-Match": '"1"',
                "Content-Type": "application/json",
            },
        )
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(put, timeout=60)
        assert failed.value.code == 503  # not the generic 500: it says why (issue 17 #3)
        assert "保存できませんでした" in json.loads(failed.value.read())["detail"]
        assert [_get(base + path) for path in PUBLIC] == [200] * len(PUBLIC)
