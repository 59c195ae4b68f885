"""Report tests: files under a temporary VAR_DIR, the test plan with numbers known by hand
(``measured``) and the Aomori plan with the demo data (``aomori``).

``measured``: FY2024 of the test plan (tests/support/world.py) with
- 1-1 承認済, rated 取組中 / A, with two effect lines (12,345,678 and 1,000,000 yen target;
  13,000,000 and −5,000 yen actual) and two indicators;
- 1-2 公表済, rated 評価対象外 on both scales, a FY2025 effect target only;
- 2 下書き (not yet approved), an effect line of 2,000,000 yen target without actual.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.support.api_client import set_state
from tests.support.measured import add_measures
from tests.support.public_world import published  # noqa: F401  (the draft marker fixtures)

from gyokaku.demo.loader import demo_load
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import ProgressReport, State

PLAN = "/plans/test-2024-2028"
OTHER_PLAN = "/plans/sapporo-2025-2029"
REPORTS = f"{PLAN}/reports/"


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> Path:
    """Kept report files go to a directory of the test's own."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR  # type: ignore[no-any-return]


def _report(world: Any, key: str, state: str, **fields: Any) -> None:
    """Set a report's state and text for a test's set-up (the workflow is tested apart); a
    公表済 one with its publication, as the publish move stores it (``set_state``)."""
    ProgressReport.objects.filter(pk=world.report(key).pk).update(**fields)
    set_state(world.report(key), state)


@pytest.fixture
def measured(world: Any) -> Any:
    add_measures(world, note="委託費の削減", indicator_on_2=False)
    _report(
        world,
        "1-1",
        State.APPROVED,
        result_text="書かない窓口を3か所に広げた。",
        issues_text='=HYPERLINK("http://example.invalid","押してください")',
        next_plan_text="全窓口に広げる。",
        direction="expand",
        ratings={"status": "in_progress", "achievement": "A"},
        committee_opinion="利用者の声を聞いて進めること。",
    )
    _report(
        world,
        "1-2",
        State.PUBLISHED,
        result_text="電子契約の検討を始めた。",
        ratings={"status": "na", "achievement": "na"},
    )
    _report(world, "2", State.DRAFT, result_text="まだ下書きの内容です。")
    return world


@pytest.fixture
def aomori(world: Any) -> Plan:
    """The Aomori plan with the demo data: FY2024 all published, FY2025 in every state."""
    demo_load()
    return Plan.objects.select_related("municipality").get(slug=AOMORI_SLUG)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def workbook(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))
