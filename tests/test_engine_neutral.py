"""The list of tests the PostgreSQL suite leaves out names files that exist: a renamed file
would otherwise drop out of the list silently and cost CI time, or a typo would mark nothing."""

from __future__ import annotations

from tests.conftest import ENGINE_NEUTRAL, TESTS


def test_every_engine_neutral_path_is_a_test_file() -> None:
    missing = [path for path in ENGINE_NEUTRAL if not (TESTS / path).is_file()]
    assert missing == []
    assert all(path.rsplit("/", 1)[-1].startswith("test_") for path in ENGINE_NEUTRAL)
