"""SQLite gets the same settings however it is configured (issue 18 #4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ops.conftest import gyokaku, gyokaku_env

from gyokaku.settings import database_config

OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
SHOW_PRAGMAS = """
from django.db import connection
with connection.cursor() as cursor:
    for pragma in ("busy_timeout", "journal_mode", "synchronous"):
        cursor.execute(f"PRAGMA {pragma}")
        print(pragma, cursor.fetchone()[0])
print("transaction_mode", connection.transaction_mode)
"""


def _database_url(monkeypatch: pytest.MonkeyPatch, url: str | None) -> None:
    """DATABASE_URL set to ``url``, or unset for None (the default SQLite file)."""
    if url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", url)


@pytest.mark.parametrize(
    "url",
    [None, "sqlite:////srv/gyokaku/db.sqlite3", "sqlite:///relative.sqlite3", "sqlite://:memory:"],
)
def test_it_gives_every_sqlite_database_the_same_options(
    url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _database_url(monkeypatch, url)
    config = database_config()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"] == OPTIONS


def test_it_lets_the_url_override_one_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/db.sqlite3?timeout=60")
    assert database_config()["OPTIONS"] == OPTIONS | {"timeout": 60}


def test_it_leaves_postgresql_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://gyokaku@db.example/gyokaku")
    assert "transaction_mode" not in database_config().get("OPTIONS", {})


@pytest.mark.parametrize("by_url", [False, True])
def test_a_command_connects_with_wal_and_the_servers_busy_timeout(
    by_url: bool, tmp_path: Path
) -> None:
    extra = {"DATABASE_URL": f"sqlite:///{tmp_path / 'url.sqlite3'}"} if by_url else {}
    env = gyokaku_env(tmp_path / "var", **extra)
    done = gyokaku("shell", "--no-imports", "-c", SHOW_PRAGMAS, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:4] == [
        "busy_timeout 20000",
        "journal_mode wal",
        "synchronous 1",  # NORMAL
        "transaction_mode IMMEDIATE",
    ]


@pytest.mark.parametrize(
    ("url", "age"), [(None, 600), ("sqlite:////srv/db.sqlite3", 600), ("postgres://g@db/g", 60)]
)
def test_it_keeps_connections_open_between_requests_and_checks_them(
    url: str | None, age: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _database_url(monkeypatch, url)
    config = database_config()
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (age, True)


REQUESTS_ON_ONE_THREAD = """
from django.core.signals import request_finished, request_started
from django.db import connection
seen = []
for _ in range(3):
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    seen.append(id(connection.connection))
    request_finished.send(sender=None)
print(len(set(seen)))
"""


def test_a_thread_keeps_its_sqlite_connection_from_one_request_to_the_next(
    tmp_path: Path,
) -> None:
    done = gyokaku("shell", "--no-imports", "-c", REQUESTS_ON_ONE_THREAD, env=gyokaku_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"  # one connection, opened once (with its PRAGMAs)
