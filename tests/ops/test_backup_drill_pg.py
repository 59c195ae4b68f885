"""The backup drill on PostgreSQL (tests/ops/test_backup_drill.py has the SQLite one and says
what is compared): pg_dump while another process writes, `gyokaku restore` into a new
database, and the same exports as the backup's moment, which is pg_restore's copy of the dump
put in place by hand.

Runs in the PostgreSQL suite (`make test-pg`: DATABASE_URL names a throwaway cluster where we
may create databases) when pg_dump and pg_restore are found, as scripts/lib/pg.sh finds the
server's tools: PG_BINDIR, pg_config --bindir, Debian's /usr/lib/postgresql/<newest>/bin, PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from tests.ops.backup_drill import (
    EXPORT,
    SLUG,
    WRITER,
    audit_lines,
    differences,
    wait_for,
)
from tests.ops.conftest import gyokaku, gyokaku_env

URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL=postgres://… (make test-pg)",
)


def pg_bindir() -> Path | None:
    candidates = [os.environ.get("PG_BINDIR", "")]
    if pg_config := shutil.which("pg_config"):
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(done.stdout.strip())
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    candidates += [str(p) for p in reversed(versions)]
    if pg_dump := shutil.which("pg_dump"):
        candidates.append(str(Path(pg_dump).resolve().parent))
    for candidate in candidates:
        if candidate and all((Path(candidate) / t).is_file() for t in ("pg_dump", "pg_restore")):
            return Path(candidate)
    return None


def _url(name: str) -> str:
    return urlunsplit(urlsplit(URL)._replace(path=f"/{name}"))


@pytest.fixture
def databases() -> Iterator[dict[str, str]]:
    """Three new databases on the cluster: live, moment and restored (their URLs)."""
    stem = f"drill_{uuid.uuid4().hex[:8]}"
    names = {role: f"{stem}_{role}" for role in ("live", "moment", "restored")}
    with psycopg.connect(URL, autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {role: _url(name) for role, name in names.items()}
    finally:
        with psycopg.connect(URL, autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_pg_dump_taken_during_writes_restores_its_moment(
    databases: dict[str, str], tmp_path: Path
) -> None:
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("pg_dump and pg_restore not found")

    def env(role: str) -> dict[str, str]:
        var_dir = tmp_path / role
        extra = {
            "DATABASE_URL": databases[role],
            "GYOKAKU_ALLOWED_HOSTS": "testserver",
            "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        return gyokaku_env(var_dir, **extra)

    def export(role: str, name: str = "") -> Path:
        out = tmp_path / f"export-{name or role}"
        done = gyokaku("shell", "-c", EXPORT.format(out=str(out), slug=SLUG), env=env(role))
        assert done.returncode == 0, done.stderr
        return out

    prepared = gyokaku("run", "--no-serve", env=env("live"))
    assert prepared.returncode == 0, prepared.stderr
    counter, stop = tmp_path / "cycles", tmp_path / "stop"
    script = WRITER.format(counter=str(counter), stop=str(stop), slug=SLUG)
    writer = subprocess.Popen(
        [sys.executable, "-m", "gyokaku", "shell", "-c", script],
        env=env("live"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        before = wait_for(counter, 2, writer)
        backup = tmp_path / "backup"
        done = gyokaku("backup", str(backup), env=env("live"))
        assert done.returncode == 0, done.stderr
        after = wait_for(counter, wait_for(counter, 0, writer) + 2, writer)
    finally:
        stop.touch()
        writer.wait(timeout=120)
    assert writer.returncode == 0, writer.communicate()[1]
    assert (backup / "database.pgdump").is_file()

    done = gyokaku("restore", str(backup), env=env("restored"))
    assert done.returncode == 0, done.stderr
    # The moment, by hand: pg_restore of the dump, the report files copied.
    dump, moment = str(backup / "database.pgdump"), f"--dbname={databases['moment']}"
    subprocess.run(
        [bindir / "pg_restore", "--no-owner", "--exit-on-error", moment, dump],
        check=True,
        capture_output=True,
    )
    shutil.copytree(backup / "files" / "reports", tmp_path / "moment" / "reports")

    at_moment, at_restore = export("moment"), export("restored")
    assert differences(at_moment, at_restore) == []
    final, kept = audit_lines(export("live")), audit_lines(at_restore)
    assert kept == final[: len(kept)] and len(kept) < len(final)
    text = "\n".join(kept)
    assert re.search(rf"drill write {before}\b", text)
    assert not re.search(rf"drill write {after}\b", text)

    refused = gyokaku("restore", str(backup), env=env("restored"))
    assert refused.returncode == 1 and "--force" in refused.stderr
    forced = gyokaku("restore", str(backup), "--force", env=env("restored"))
    assert forced.returncode == 0, forced.stderr
    assert differences(at_moment, export("restored", "restored-again")) == []


def test_backup_says_what_to_install_without_pg_dump(
    databases: dict[str, str], tmp_path: Path
) -> None:
    env = gyokaku_env(tmp_path / "var", DATABASE_URL=databases["live"], PATH="/nonexistent")
    done = subprocess.run(
        [sys.executable, "-m", "gyokaku", "backup", str(tmp_path / "backup")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "pg_dump が見つかりません" in done.stderr and "postgresql-client" in done.stderr
