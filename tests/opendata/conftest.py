"""A world with one published report and one draft that carries a unique marker.

In the test plan (tests/support/world.py), FY2024:
- 1-1 is published: texts, ratings, a year plan, an indicator actual and an effect actual;
- 1-2 stays a draft whose every text says MARKER (report, year plan), with an indicator
  actual and an effect actual of its own that the public must not see;
- 2 has nothing.
"""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.support.browser import (  # noqa: F401 (the browser fixtures, for test_browser_*)
    assert_accessible,
    browser,
    csp_watch,
    live_server_url,
    page,
)
from tests.support.world import World

from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.plans.models import Plan
from gyokaku.tracking.services import progress_update, year_plan_update
from gyokaku.tracking.workflow import transition_apply

MARKER = "DRAFTMARK-9f4c2e"
PUBLISHED_TEXT = "書かない窓口を本庁舎で開始しました"
DRAFT_ACTUAL_YEN = 987_654_321
DRAFT_INDICATOR_ACTUAL = "4321.5"


@dataclass
class Published:
    world: World
    plan: Plan


def _write(world: World, key: str, text: str, *, ratings: dict[str, str]) -> None:
    carol = world.actor("carol")
    node = world.node(key)
    report = world.report(key)
    progress_update(
        report=report,
        actor=carol,
        data={
            "result_text": text,
            "issues_text": f"課題 {text}",
            "next_plan_text": f"次年度 {text}",
            "direction": "continue",
            "ratings": ratings,
            "committee_opinion": f"意見 {text}",
        },
        expected_version=report.version,
    )
    year_plan_update(
        node=node,
        fiscal_year=2024,
        actor=carol,
        data={"stage": "implement", "text": f"年度計画 {text}"},
        expected_version=0,
    )


def build_published(world: World) -> Published:
    carol = world.actor("carol")
    _write(world, "1-1", PUBLISHED_TEXT, ratings={"status": "in_progress", "achievement": "A"})
    _write(world, "1-2", MARKER, ratings={"status": "not_started", "achievement": "C"})
    indicators_update(
        node=world.node("1-1"),
        actor=carol,
        expected_version=0,
        indicators=[
            {
                "name": "オンライン申請件数",
                "unit": "件",
                "direction": "higher",
                "baseline": {"value": 50, "fy": 2023},
                "targets": {"2024": 100, "2025": 150},
                "actuals": {"2024": 120},
            }
        ],
    )
    indicators_update(
        node=world.node("1-2"),
        actor=carol,
        expected_version=0,
        indicators=[
            {
                "name": "電子契約の割合",
                "unit": "%",
                "direction": "higher",
                "targets": {"2024": 30},
                "actuals": {"2024": DRAFT_INDICATOR_ACTUAL},
            }
        ],
    )
    for key, actual in (("1-1", 1_200_000), ("1-2", DRAFT_ACTUAL_YEN)):
        effects_update(
            node=world.node(key),
            fiscal_year=2024,
            actor=carol,
            expected_version=0,
            effects=[
                {
                    "kind": "revenue",
                    "target_yen": 1_000_000,
                    "actual_yen": actual,
                    # 算出方法 often states the actual: a draft year's must stay hidden too
                    "note": "手数料の見直し" if key == "1-1" else f"算出 {MARKER}",
                }
            ],
        )
    for action, who in (("submit", "alice"), ("approve", "carol"), ("publish", "carol")):
        transition_apply(report=world.report("1-1"), action=action, actor=world.actor(who))
    return Published(world=world, plan=world.plan)


@pytest.fixture
def published(world: World) -> Published:
    return build_published(world)


def file_text(path: Path) -> str:
    """The text of a written file as a reader finds it: an XLSX is unzipped first."""
    return content_text(path.read_bytes())


def content_text(content: bytes) -> str:
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            # with lxml installed (python-docx and pikepdf bring it), openpyxl writes characters
            # outside ASCII as XML character references (&#12503;): read them as characters
            parts = (book.read(n).decode("utf-8", "replace") for n in book.namelist())
            return "\n".join(html.unescape(part) for part in parts)
    return content.decode("utf-8", "replace")
