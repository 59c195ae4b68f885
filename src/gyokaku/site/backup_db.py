"""The database part of a backup: copy it out consistently while the server writes, and put it
back.

- SQLite: Python's ``sqlite3`` online backup API, in one step, reads the whole database under
  one read transaction: with WAL the server goes on writing, and the copy is the database as
  it was at one moment. Restore uses the same API the other way, so a database that other
  connections have open (and its -wal file) is written through SQLite, not under its feet.
- PostgreSQL: ``pg_dump --format=custom`` (one snapshot, as pg_dump always takes) and
  ``pg_restore``; both must be on PATH. The password goes through the environment, never the
  command line that ``ps`` shows.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from gyokaku.settings import SQLITE_ENGINE, SQLITE_OPTIONS

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
PG_HINT = (
    "PostgreSQL のクライアント（pg_dump・pg_restore、サーバーと同じかそれより新しい版。"
    "Debian: apt-get install postgresql-client）を入れ、PATH に置いてください"
)


class BackupProblem(Exception):
    """What stopped a backup or restore, said for the operator (Japanese / English)."""


def engine_of(database: dict[str, Any]) -> str:
    if database["ENGINE"] == SQLITE_ENGINE:
        return "sqlite"
    if "postgresql" in database["ENGINE"]:
        return "postgresql"
    raise BackupProblem(f"このデータベース（{database['ENGINE']}）はバックアップできません。")


def database_file(engine: str) -> str:
    return SQLITE_FILE if engine == "sqlite" else PG_FILE


def _sqlite_path(database: dict[str, Any]) -> Path:
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupProblem(f"メモリー上の SQLite（{name}）はバックアップできません。")
    return Path(name).resolve()


def _timeout(database: dict[str, Any]) -> float:
    # The same busy timeout as the server and every command (settings.SQLITE_OPTIONS).
    return float(database.get("OPTIONS", {}).get("timeout", SQLITE_OPTIONS["timeout"]))


def _integrity(connection: sqlite3.Connection, what: str) -> None:
    found = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if found != ["ok"]:
        raise BackupProblem(f"{what} が壊れています（integrity_check: {'; '.join(found[:5])}）。")


def dump(database: dict[str, Any], out: Path) -> None:
    """Write a consistent copy of ``database`` to ``out``."""
    if engine_of(database) == "sqlite":
        _sqlite_dump(database, out)
    else:
        _pg_run("pg_dump", ["--format=custom", "--no-owner", f"--file={out}"], database)


def load(database: dict[str, Any], dumped: Path, *, replace: bool) -> None:
    """Put the copy ``dumped`` into ``database`` (``replace``: drop what is there first)."""
    if engine_of(database) == "sqlite":
        _sqlite_load(database, dumped)
    else:
        options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if replace:
            options += ["--clean", "--if-exists"]
        _pg_run("pg_restore", [*options, str(dumped)], database, dbname_flag=True)


def check_copy(engine: str, dumped: Path) -> None:
    """A SQLite copy must pass integrity_check (a pg_dump file is checked by its checksum)."""
    if engine == "sqlite":
        connection = sqlite3.connect(f"file:{dumped}?mode=ro", uri=True)
        try:
            _integrity(connection, f"バックアップのデータベース {dumped}")
        finally:
            connection.close()


def _sqlite_dump(database: dict[str, Any], out: Path) -> None:
    path = _sqlite_path(database)
    if not path.is_file():
        raise BackupProblem(f"データベース {path} がありません。 / No database at {path}.")
    source = sqlite3.connect(path, timeout=_timeout(database))
    target = sqlite3.connect(out)
    try:
        source.backup(target)  # pages=-1: every page in one step, one read transaction
        # One self-contained file: a copy in WAL mode would grow -wal and -shm files beside it
        # the first time anyone opened it.
        target.execute("PRAGMA journal_mode=DELETE")
        _integrity(target, f"バックアップ {out}")
    finally:
        target.close()
        source.close()


def _sqlite_load(database: dict[str, Any], dumped: Path) -> None:
    path = _sqlite_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{dumped}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=_timeout(database))
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")  # as the server opens it (settings.py)
        _integrity(target, f"復元したデータベース {path}")
    finally:
        target.close()
        source.close()


def sqlite_has_tables(database: dict[str, Any]) -> bool:
    path = _sqlite_path(database)
    if not path.exists():
        return False
    connection = sqlite3.connect(path, timeout=_timeout(database))
    try:
        (count,) = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
    finally:
        connection.close()
    return bool(count)


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, setting in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if database.get(setting):
            env[key] = str(database[setting])
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _pg_run(
    program: str, args: list[str], database: dict[str, Any], *, dbname_flag: bool = False
) -> None:
    found = shutil.which(program)
    if found is None:
        raise BackupProblem(
            f"{program} が見つかりません（PATH: {os.environ.get('PATH', '')}）。{PG_HINT}。"
            f" / {program} is not on PATH: install the PostgreSQL client tools."
        )
    name = str(database["NAME"])
    command = [found, *args, f"--dbname={name}"] if dbname_flag else [found, *args, name]
    done = subprocess.run(command, env=_pg_env(database), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupProblem(
            f"{program} が失敗しました（終了コード {done.returncode}）: {done.stderr.strip()}"
            f" / {program} failed."
        )
