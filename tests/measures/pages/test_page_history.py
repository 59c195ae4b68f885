"""A report's history: every version, with old → new per field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import report_url

from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def test_it_shows_the_differences_between_versions(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    client.post(
        report_url("1-1"),
        {"version": 1, "result_text": "最初の実績", "rating_status": "in_progress"},
    )
    client.post(report_url("1-1"), {"version": 2, "result_text": "直した実績"})
    transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("alice"))
    html = as_user("dave").get(report_url("1-1") + "history/").content.decode()
    assert "<del>最初の実績</del></td><td><ins>直した実績</ins>" in html
    assert "<del>下書き</del></td><td><ins>提出済</ins>" in html
    assert "実施状況: 取組中" in html
    assert "submit" in html  # the change reason of the move
    assert html.index("版 4") < html.index("版 3") < html.index("版 2")


def test_it_hides_another_municipalitys_history(world: Any, as_user: Clients) -> None:
    assert as_user("mallory").get(report_url("1-1") + "history/").status_code == 404
