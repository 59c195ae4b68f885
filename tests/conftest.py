"""Settings for the whole suite (a fast password hasher, Hypothesis profiles) and the fixtures
that suites of several apps share: the named world, its logged-in page clients and API clients.

A fixture one directory uses belongs in that directory's conftest.py; plain helpers that several
directories use live in tests/support/ (imported as ``tests.support.<name>``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# A public answer read right after a write is made fresh by that reader, however long it took
# the first time (web/public_cache.py: production makes slow ones in the background and serves
# the one before meanwhile). Set here, before Django reads its settings, so that the app
# servers the tests start (browser, operations) inherit it too; the background making has its
# own tests (tests/site/public/test_public_remake.py), which turn it on.
os.environ["GYOKAKU_PUBLIC_REMAKE_BEHIND"] = "off"

# "default" for laptops: random examples, so each run explores further. "ci" draws the same
# examples on every run (derandomize), so CI's verdict depends on the code, not on luck, and
# prints the blob that reproduces a failure (`@reproduce_failure`). HYPOTHESIS_PROFILE picks one.
hypothesis_settings.register_profile("default", deadline=None, max_examples=100)
hypothesis_settings.register_profile(
    "ci", deadline=None, max_examples=100, print_blob=True, derandomize=True
)


def _is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _is_ci() else "default")
)


# Tests the database engine cannot change, left out of the PostgreSQL suite (scripts/test-all:
# -m "not engine_neutral") so that CI runs each test once where a second engine adds nothing;
# the SQLite suite runs them all. Paths are relative to tests/.
ENGINE_NEUTRAL: dict[str, str] = {
    # commands and servers started as processes on a SQLite file of their own
    "test_cli.py": "processes on their own SQLite file",
    "demo/test_commands.py": "processes on their own SQLite file",
    "demo/test_command_run.py": "processes on their own SQLite file",
    "ops/test_backup_drill.py": "SQLite backups (the PostgreSQL drill is test_backup_drill_pg)",
    "ops/test_concurrent_writers.py": "SQLite locking, processes on their own file",
    "ops/test_deploy_check.py": "processes on their own SQLite file",
    "ops/test_secret_key.py": "processes on their own SQLite file",
    "ops/test_sqlite_url_load.py": "SQLite URL options",
    "ops/test_startup_checks.py": "processes on their own SQLite file",
    # files rendered from content the other suites already read from the database
    "reports/test_format_pdf.py": "PDF rendering",
    "reports/test_editions.py": "report file editions",
    "reports/test_stored_controls.py": "control characters in rendered files",
    "reports/test_pdf_checker.py": "the PDF checker",
    "reports/test_opinion_list.py": "意見一覧表 XLSX/PDF rendering",
    "reports/test_numbers_match_api.py": "rendered figures against the API's",
    "opendata/test_formats.py": "CSV/JSON/XLSX writers",
    "opendata/test_stored_controls.py": "control characters in written files",
    "opendata/test_publish.py": "the static export's files",
    "opendata/test_datapackage.py": "the datapackage.json document",
    "exchange/test_sheet_fuzz.py": "workbook parsing",
    # who-may-do-what tables: the same few reads on any engine, 1,000+ cells
    "api/test_api_schemathesis.py": "request validation (control characters: test_*_control_chars)",
    "tracking/api/test_api_chain_matrix.py": "permission table",
    "tracking/api/test_api_matrix.py": "permission table",
    "tracking/api/test_api_state_matrix.py": "permission table",
    "tracking/pages/test_permission_matrix.py": "permission table",
    "committee/test_permission_matrix.py": "permission table",
    "measures/api/test_api_measures_matrix.py": "permission table",
}
# Fixtures that point the test at a SQLite file of its own whatever DATABASE_URL says.
OWN_SQLITE_FIXTURES = frozenset({"scratch_database"})
TESTS = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.relative_to(TESTS).as_posix()
        if path in ENGINE_NEUTRAL or OWN_SQLITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.engine_neutral)


def pytest_configure(config: pytest.Config) -> None:
    # PBKDF2 at production strength costs ~0.3 s per password; tests create many users.
    # override_settings (not assignment) so Django's setting_changed clears its hasher cache.
    from django.test import override_settings

    override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        GYOKAKU_PUBLIC_REMAKE_BEHIND=None,
    ).enable()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: audit ids restart after a rollback, so a public
    answer kept under one test's data stamp must not be served to the next test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db: None) -> object:
    """Named people, two municipalities, an open FY2024 round: see tests/support/world.py."""
    from tests.support.world import build_world

    return build_world()


@pytest.fixture
def as_user(world: Any) -> Callable[[str | None], Any]:
    """``as_user("alice")``: a logged-in client that enforces CSRF as a browser meets it
    (``as_user(None)`` for an anonymous one)."""
    from tests.support.world import StaffClient

    def make(name: str | None) -> StaffClient:
        client = StaffClient()
        if name is not None:
            client.force_login(world.users[name])
        return client

    return make


@pytest.fixture
def audit_count() -> Callable[..., int]:
    from gyokaku.audit.models import AuditEvent

    def count(**filters: Any) -> int:
        return AuditEvent.objects.filter(**filters).count()

    return count


@pytest.fixture
def api(world: Any) -> Callable[[str | None], Any]:
    """``api("alice")`` is Alice's logged-in session; ``api(None)`` is anonymous (the API suites
    of tracking, measures, accounts and audit)."""
    from django.test import Client
    from tests.support.api_client import Api

    def make(name: str | None) -> Api:
        client = Client()
        if name is not None:
            client.force_login(world.users[name])
        return Api(client)

    return make
