"""What `gyokaku serve`, `run` and `worker` check before they start, and what the server holds
while it runs.

A server that starts on a var directory it cannot write answers 500 to every request, and one
with a development secret key signs sessions anyone can forge: both are refused at start with
a message that says where the problem is, in Japanese and English.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from gyokaku.settings import DEFAULT_SECRET_KEY, SQLITE_ENGINE

SECRET_KEY_MIN_LENGTH = 50  # as Django's deployment check (security.W009) asks
SECRET_KEY_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
# A var directory that cannot take this much is full in all but name.
_PROBE_BYTES = 64 * 1024


def secret_key_problem(key: str, *, debug: bool) -> str | None:
    """Why ``key`` must not sign sessions of a server without DEBUG, or None."""
    if debug:
        return None  # local use: the development key is fine there
    if key == DEFAULT_SECRET_KEY:
        return (
            "GYOKAKU_SECRET_KEY を設定してください（本番で開発用の鍵は使えません）。"
            f" 作り方: {SECRET_KEY_HINT}"
            " / Set GYOKAKU_SECRET_KEY (or GYOKAKU_DEBUG=1 for local use)."
        )
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"GYOKAKU_SECRET_KEY が短すぎます（{len(key)} 文字）。"
            f"{SECRET_KEY_MIN_LENGTH} 文字以上の推測できない値にしてください。"
            f"作り方: {SECRET_KEY_HINT}"
            f" / GYOKAKU_SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} random characters."
        )
    if len(set(key)) < 5:
        return (
            "GYOKAKU_SECRET_KEY が単純すぎます（使われている文字が 5 種類未満）。"
            f"推測できない値にしてください。作り方: {SECRET_KEY_HINT}"
            " / GYOKAKU_SECRET_KEY must be random, not a repeated character."
        )
    return None


def _cannot_write(directory: Path, setting: str, reason: str) -> str:
    return (
        f"データの置き場所 {directory}（{setting}）に書き込めません: {reason}。"
        f"ディレクトリの権限と空き容量を確かめるか、書き込める場所を {setting} に指定してください。"
        f" / Cannot write to {directory} ({setting}): {reason}."
    )


def var_dir_create(var_dir: Path) -> str | None:
    """Create ``var_dir`` (and its parents) if missing; say why that failed, or None."""
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _cannot_write(var_dir, "GYOKAKU_VAR_DIR", exc.strerror or str(exc))
    return None


def var_dir_problem(var_dir: Path, setting: str = "GYOKAKU_VAR_DIR") -> str | None:
    """Create ``var_dir`` if needed and write a file in it; say why that failed, or None."""
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=var_dir, prefix=".gyokaku-write-check-") as probe:
            probe.write(b"\0" * _PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        return _cannot_write(var_dir, setting, exc.strerror or str(exc))
    return None


def _sqlite_path() -> Path | None:
    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if database["ENGINE"] != SQLITE_ENGINE or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).resolve()


def database_problem() -> str | None:
    """For SQLite: whether we can write beside the database file (its -wal and -shm files)
    and take its write lock, as every save does. Other databases answer for themselves."""
    from django.db import DatabaseError, connection, transaction

    path = _sqlite_path()
    if path is None:
        return None
    if path.parent != settings.VAR_DIR and (
        problem := var_dir_problem(path.parent, "DATABASE_URL")
    ):
        return problem
    try:
        with transaction.atomic():  # BEGIN IMMEDIATE: takes the write lock, writes nothing
            pass
    except DatabaseError as exc:
        return (
            f"データベース {path} に書き込めません: {exc}。ファイルの権限と空き容量を"
            f"確かめてください。 / Cannot write to the database {path}: {exc}."
        )
    finally:
        if not connection.in_atomic_block:  # a caller's transaction (a test's) stays open
            connection.close()
    return None


def startup_check(*, serving: bool) -> None:
    """Refuse to start (CommandError: a message and exit status 1) when the var directory,
    the database or, for a server, the secret key would fail later."""
    problems = [var_dir_problem(settings.VAR_DIR)]
    if serving:
        problems.append(secret_key_problem(settings.SECRET_KEY, debug=settings.DEBUG))
    problems.append(database_problem())
    found = [p for p in problems if p]
    if found:
        raise CommandError("\n".join(found))


_held: list[sqlite3.Connection] = []


def sqlite_hold_open() -> None:
    """Keep one connection to a SQLite database open for the life of the server.

    In WAL mode the first connection to open a database sets up its index file (-shm) by
    writing to it, and the last one to close tears it down. Django opens a connection per
    request, so with a full disk every request became that first connection and failed with
    "disk I/O error", reads included. Held open, the index stays set up: reads go on while
    writes fail.
    """
    path = _sqlite_path()
    if path is None or _held:
        return
    keeper = sqlite3.connect(path, timeout=20, check_same_thread=False)
    keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
    _held.append(keeper)
