"""Where people read, an item is named by its printed number (2-(1)-01-⑤), never by its
internal key (2-1-01-5), and a date in 和暦, never ISO: the pages, the workbook and the report's
HTML are rendered on the demo data and scanned for any key of the plan that has a printed
number of its own (issue 13 #5).
Keys stay in URLs, the API, open data key columns and the workbook's locked キー column."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from gyokaku.accounts.access import actor_for
from gyokaku.demo.loader import demo_load
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.exchange.sheets import sheet_export
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.printed import printed_numbers
from gyokaku.plans.selectors import number_nodes
from gyokaku.tracking.models import ProgressReport

pytestmark = pytest.mark.django_db
PLAN = f"/plans/{AOMORI_SLUG}/"


class _Visible(HTMLParser):
    """The text a person sees: no attributes (URLs keep keys), no script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def plan(db: None) -> Plan:
    demo_load()
    return Plan.objects.get(slug=AOMORI_SLUG)


def _keys(plan: Plan) -> re.Pattern[str]:
    """Every key that is not also how the item is printed (a pillar's key 1 is its number)."""
    codes = dict(Node.objects.filter(plan=plan).values_list("key", "code"))
    numbers = printed_numbers(codes)
    keys = sorted((k for k in codes if numbers[k] != k), key=len, reverse=True)
    return re.compile(r"(?<![\w\-/.])(" + "|".join(map(re.escape, keys)) + r")(?![\w\-/])")


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _found(pattern: re.Pattern[str], text: str) -> list[str]:
    return sorted({m.group(1) for m in pattern.finditer(text)})


def test_the_printed_number_is_the_codes_of_the_path() -> None:
    codes = {"2": "2", "2-1": "(1)", "2-1-01": "01", "2-1-01-5": "⑤", "9-1": "①"}
    numbers = printed_numbers(codes)
    assert numbers["2-1-01-5"] == "2-(1)-01-⑤"
    assert numbers["9-1"] == "①"  # its parent is not given: its own code


def test_no_page_shows_an_internal_key(plan: Plan) -> None:
    pattern = _keys(plan)
    leaf = Node.objects.get(plan=plan, key="2-1-01-5")
    report = ProgressReport.objects.filter(node__plan=plan).order_by("pk").first()
    assert report is not None
    staff = [
        PLAN,
        f"{PLAN}nodes/2-1-01-5/",
        f"{PLAN}nodes/2-1-01/",
        f"{PLAN}search/?q=窓口",
        f"{PLAN}changes/",
        f"{PLAN}schedule/",
        f"{PLAN}review/",
        f"{PLAN}chain/",
        f"{PLAN}dashboard/",
        f"{PLAN}nodes/{report.node.key}/progress/{report.fiscal_year}/",
        f"{PLAN}nodes/{report.node.key}/progress/{report.fiscal_year}/history/",
        f"{PLAN}reports/",
        "/audit/",
        f"{PLAN}committee/2025/",
        f"{PLAN}committee/2025/items/2-1-01-5/",
        f"{PLAN}committee/2024/",
        "/my/",
        "/my/dashboard/",
    ]
    pages: list[tuple[str, str]] = []
    for user in ("demo-coordinator", "demo-editor", "demo-chief", "demo-committee"):
        client = _client(user)
        for url in staff:
            response = client.get(url)
            if response.status_code == 200:
                pages.append((f"{user} {url}", response.content.decode()))
    public = Client()
    for url in (PLAN, f"{PLAN}nodes/2-1-01-5/", f"{PLAN}changes/", f"{PLAN}schedule/"):
        response = public.get(url)
        assert response.status_code == 200, url
        pages.append((f"public {url}", response.content.decode()))
    assert len(pages) > 20
    shown = {where: _found(pattern, visible(html)) for where, html in pages}
    assert {where: keys for where, keys in shown.items() if keys} == {}
    # dates too are written as people read them (令和8年12月4日), ISO only in datetime=""
    iso = re.compile(r"\b20\d\d-\d\d-\d\d\b")
    dated = {where: iso.findall(visible(html)) for where, html in pages}
    assert {where: found for where, found in dated.items() if found} == {}
    # and the printed number is there instead
    number_nodes([leaf])
    assert leaf.printed == "2-(1)-01-⑤"
    node_page = dict(pages)[f"public {PLAN}nodes/2-1-01-5/"]
    assert "2-(1)-01-⑤" in visible(node_page)


def test_the_workbook_names_items_by_printed_number(plan: Plan) -> None:
    pattern = _keys(plan)
    coordinator = User.objects.get(username="demo-coordinator")
    content = sheet_export(plan=plan, fiscal_year=2025, actor=actor_for(coordinator))
    wb = load_workbook(io.BytesIO(content))
    ws = wb["進捗"]
    header = [c.value for c in ws[1]]
    key_column = header.index("キー")
    numbers = {
        row[key_column]: row[header.index("番号")] for row in ws.iter_rows(2, values_only=True)
    }
    assert numbers["2-1-01-5"] == "2-(1)-01-⑤"
    for row in ws.iter_rows(min_row=2, values_only=True):
        readable = " ".join(str(c) for i, c in enumerate(row) if i != key_column and c)
        assert _found(pattern, readable) == [], row


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_the_annual_report_names_items_by_printed_number(plan: Plan, edition: str) -> None:
    from gyokaku.lib.progress_sink import NO_PROGRESS
    from gyokaku.reports.content import report_content
    from gyokaku.reports.formats.html import render_document
    from gyokaku.reports.parts import Edition

    content = report_content(plan=plan, fiscal_year=2024, edition=Edition(edition))
    html = render_document(content, NO_PROGRESS)
    assert "2-(1)-01-⑤" in visible(html)
    assert _found(_keys(plan), visible(html)) == []
