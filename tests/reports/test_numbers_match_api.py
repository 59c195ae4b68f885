"""Every number in the report equals the roll-up API's for the same year and the same reader:
the internal edition says what GET /api/v1/plans/{slug}/rollup?fy= answers the plan office
(drafts included), the public edition what it answers anyone (published only). Read back from
the PDF's text, the workbook and the Word document: per kind of effect, per pillar and for the
plan (単年度 and 累計), counts per rating value, and each item's effect in the 総括表."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from tests.reports.conftest import pdf_text, workbook

from gyokaku.lib.amounts import format_amount
from gyokaku.plans.models import Node, Plan
from gyokaku.reports.content import report_content
from gyokaku.reports.parts import Edition
from gyokaku.reports.services import report_generate
from gyokaku.tracking.models import RatingScale

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
SPANS = ("single_year", "cumulative")
KINDS = (("revenue", "歳入確保"), ("expenditure", "歳出削減"), ("other", "その他"))


def _api(as_user: Clients, plan: Plan, fy: int, edition: Edition) -> dict[str, Any]:
    reader = "carol" if edition == Edition.INTERNAL else None
    response = as_user(reader).get(f"/api/v1/plans/{plan.slug}/rollup?fy={fy}")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    assert data["published_only"] is (edition == Edition.PUBLIC)
    return data


def _report(plan: Plan, fy: int, fmt: str, world: Any, edition: Edition) -> bytes:
    actor = world.actor("carol")
    return report_generate(plan=plan, fiscal_year=fy, fmt=fmt, edition=edition, actor=actor).content


def _yen(entry: dict[str, Any]) -> list[int]:
    money = entry["effects"]
    return [money[span][side] for span in SPANS for side in ("target_yen", "actual_yen")]


def _kind_yen(api: dict[str, Any], kind: str) -> list[int]:
    by_kind = [api["plan"]["effects"][span]["by_kind"][kind] for span in SPANS]
    return [money[side] for money in by_kind for side in ("target_yen", "actual_yen")]


def _pillars(plan: Plan) -> list[Node]:
    return list(Node.objects.filter(plan=plan, parent=None).order_by("position"))


def _rate(target: int, actual: int) -> str:
    return f"{actual / target * 100:.1f}%" if target else "—"


def _amounts(target: int, actual: int) -> str:
    return f"{format_amount(target)} {format_amount(actual)} {_rate(target, actual)}"


def _item_effects(plan: Plan, fy: int, edition: Edition, api: dict[str, Any]) -> dict[str, str]:
    """The 総括表's effect column by printed number: the item's single-year actual."""
    content = report_content(plan=plan, fiscal_year=fy, edition=edition)
    rows = [item for pillar in content.pillars for item in pillar.table_items]
    assert rows
    out = {}
    for item in rows:
        actual = api["nodes"][item.node.key]["effects"]["single_year"]["actual_yen"]
        out[item.number] = format_amount(actual) if item.has_effects else "—"
    return out


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("fy", [2024, 2025])
def test_the_workbook_says_what_the_api_says(
    aomori: Plan, world: Any, as_user: Clients, fy: int, edition: Edition
) -> None:
    api = _api(as_user, aomori, fy, edition)
    book = workbook(_report(aomori, fy, "xlsx", world, edition))
    pillars = _pillars(aomori)

    money = {row[0]: row for row in book["財政効果"].iter_rows(values_only=True)}
    for pillar in pillars:
        row = money[f"{pillar.code} {pillar.title}"]
        assert [row[1], row[2], row[4], row[5]] == _yen(api["nodes"][pillar.key])
    total = money["合計"]
    assert [total[1], total[2], total[4], total[5]] == _yen(api["plan"])
    for kind, label in KINDS:
        row = money[label]
        assert [row[1], row[2], row[4], row[5]] == _kind_yen(api, kind)

    # counts per rating value: each scale's block on 概要, per pillar and the total
    rows = list(book["概要"].iter_rows(values_only=True))
    for scale in RatingScale.objects.filter(plan=aomori).prefetch_related("values"):
        values = list(scale.values.all())
        start = next(i for i, r in enumerate(rows) if r[0] and f"（{scale.name}）" in r[0])
        block = {r[0]: r for r in rows[start + 2 : start + 3 + len(pillars)]}
        for key, label in [(p.key, f"{p.code} {p.title}") for p in pillars] + [(None, "合計")]:
            entry = api["plan"] if key is None else api["nodes"][key]
            counts = entry["ratings"].get(scale.code, {})
            row = block[label]
            assert [row[1], row[2]] == [entry["tracked"], entry["reported"]]
            assert list(row[3 : 3 + len(values)]) == [counts.get(v.code, 0) for v in values]

    # the 総括表: each item's effects, 単年度 and 累計, in yen
    table = {r[0]: r for r in book["総括表"].iter_rows(values_only=True) if r[0]}
    content = report_content(plan=aomori, fiscal_year=fy, edition=edition)
    width = 5 + len(content.scales)
    for item in (i for p in content.pillars for i in p.table_items):
        row = table[item.number]
        expected = _yen(api["nodes"][item.node.key]) if item.has_effects else [None] * 4
        assert list(row[width : width + 4]) == expected, item.number


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("fy", [2024, 2025])
def test_the_word_document_says_what_the_api_says(
    aomori: Plan, world: Any, as_user: Clients, fy: int, edition: Edition
) -> None:
    api = _api(as_user, aomori, fy, edition)
    doc = Document(io.BytesIO(_report(aomori, fy, "docx", world, edition)))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in doc.tables]
    pillars = _pillars(aomori)

    def table_with(header: list[str]) -> list[list[str]]:
        return next(t for t in tables if t[0] == header)

    money_header = ["目標", "実績", "達成率", "目標", "実績", "達成率"]
    kinds = {r[0]: r[1:] for r in table_with(["区分", *money_header])}
    for kind, label in KINDS:
        t1, a1, t2, a2 = _kind_yen(api, kind)
        assert " ".join(kinds[label]) == f"{_amounts(t1, a1)} {_amounts(t2, a2)}"
    by_pillar = {r[0]: r[1:] for r in table_with(["柱", *money_header])}
    for label, entry in [(f"{p.code} {p.title}", api["nodes"][p.key]) for p in pillars] + [
        ("合計", api["plan"])
    ]:
        t1, a1, t2, a2 = _yen(entry)
        assert " ".join(by_pillar[label]) == f"{_amounts(t1, a1)} {_amounts(t2, a2)}"
    for scale in RatingScale.objects.filter(plan=aomori).prefetch_related("values"):
        values = list(scale.values.all())
        shown = "報告" if edition == Edition.INTERNAL else "掲載"
        header = ["柱", "対象", shown, *[v.label for v in values], "未評価", "順調の割合"]
        rows = {r[0]: r for r in table_with(header)}
        for label, entry in [(f"{p.code} {p.title}", api["nodes"][p.key]) for p in pillars]:
            counts = entry["ratings"].get(scale.code, {})
            numbers = [
                entry["tracked"],
                entry["reported"],
                *(counts.get(v.code, 0) for v in values),
            ]
            assert rows[label][1 : 3 + len(values)] == [f"{n:,}" for n in numbers]
    summary = next(t for t in tables if t[0][:2] == ["番号", "取組項目"])
    effect_column = summary[0].index("効果額")
    shown = {r[0]: r[effect_column] for r in summary[1:] if r[1] and r[1] != r[0]}
    assert shown == _item_effects(aomori, fy, edition, api)


def _row_in(text: str, code: str, numbers: str) -> bool:
    """A table row: the pillar's code, its title (which may wrap onto more lines), then the
    numbers."""
    return (
        re.search(rf"(^|\n){re.escape(code)}(\s[^0-9]{{1,80}}?)?\s{re.escape(numbers)}", text)
        is not None
    )


@pytest.mark.parametrize("edition", list(Edition))
def test_the_pdf_says_what_the_api_says(
    aomori: Plan, world: Any, as_user: Clients, edition: Edition
) -> None:
    fy = 2025
    api = _api(as_user, aomori, fy, edition)
    text = pdf_text(_report(aomori, fy, "pdf", world, edition))
    pillars = _pillars(aomori)
    for code, entry in [(p.code, api["nodes"][p.key]) for p in pillars] + [("合計", api["plan"])]:
        t1, a1, t2, a2 = _yen(entry)
        # the row of the pillar table: target, actual and rate of each span, in 千円
        numbers = f"{_amounts(t1, a1)} {_amounts(t2, a2)}"
        assert _row_in(text, code, numbers + "\n"), (code, numbers)
    for kind, label in KINDS:
        t1, a1, t2, a2 = _kind_yen(api, kind)
        assert f"{label} {_amounts(t1, a1)} {_amounts(t2, a2)}\n" in text
    for scale in RatingScale.objects.filter(plan=aomori).prefetch_related("values"):
        values = list(scale.values.all())
        for code, entry in [(p.code, api["nodes"][p.key]) for p in pillars] + [
            ("合計", api["plan"])
        ]:
            counts = entry["ratings"].get(scale.code, {})
            numbers = [
                entry["tracked"],
                entry["reported"],
                *(counts.get(v.code, 0) for v in values),
            ]
            row = " ".join(f"{n:,}" for n in numbers)
            assert _row_in(text, code, row + " "), (scale.code, code, row)
    # each item of the 総括表 by its printed number, with its effect
    flat = text.replace("\n", " ")
    for number, effect in _item_effects(aomori, fy, edition, api).items():
        # the same row: no other item's number between the number and the effect
        row = rf"{re.escape(number)} (?:(?!\d-\().){{0,120}}? {re.escape(effect)} "
        assert re.search(row, flat), number
