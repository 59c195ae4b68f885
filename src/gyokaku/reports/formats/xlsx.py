"""The report as an Excel workbook, a sheet per section, for people who go on calculating: the
総括 (概要, 財政効果) here, the 総括表 and 個票 sheets in xlsx_items.py.

Numbers are numbers: counts as integers, rates as fractions shown as %, indicator values as
decimals, and money as integer yen shown in 千円 by its number format (``#,##0,`` divides by
1,000 on display; △ for negatives), so a sum in Excel is exact to the yen and shows as the
report prints it. Text cells are forced to strings (gyokaku.lib.xlsxcells), so nothing a person
wrote can become a formula. Streamed with openpyxl's write-only mode.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext_noop
from openpyxl import Workbook

from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.lib.text import strip_controls
from gyokaku.lib.wareki import wareki_fy
from gyokaku.measures.rollup import Money
from gyokaku.reports.formats.base import ReportFileFormat
from gyokaku.reports.formats.xlsx_items import item_sheets
from gyokaku.reports.formats.xlsx_sheet import MONEY_NOTE, Sheet, money_rate, rate, yen
from gyokaku.reports.parts import KIND_LABELS, ReportContent
from gyokaku.tracking.models import STATE_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (sheet name, what it holds): the 目次 sheet lists them in this order.
SHEETS = [
    ("表紙", "計画、年度、作成日"),
    ("目次", "この一覧"),
    ("概要", "取組の件数と評価区分ごとの評価の件数（総括）"),
    ("財政効果", "区分別・柱別・年度別の財政効果額と計画の目標額（総括）"),
    ("総括表", "取組ごとの番号・取組項目・所管課・工程・評価・方向性・効果額"),
    ("個票", "取組ごとの計画・実績・評価・成果指標・財政効果・課題・方向性・委員会意見"),
    ("成果指標", "取組ごとの成果指標と達成率"),
    ("財政効果の内訳", "取組ごとの財政効果額の内訳（区分・算出方法）"),
]


# ---- the sheets -----------------------------------------------------------------------------


def _cover(book: Workbook, c: ReportContent) -> None:
    s = Sheet(book, "表紙", [22, 70])
    s.heading(f"{c.plan.title} 進捗状況報告書")
    if c.internal:
        s.row(c.mark)
    s.row("自治体", c.plan.municipality.name)
    s.row("担当課", c.plan.office_name)
    s.row("計画", c.plan.title)
    s.row("年度", c.fy_label)
    s.row("作成日", c.made_on_label)
    s.row("計画期間", c.period_label)
    s.row("版", c.edition.label)
    if c.partial_note:
        s.row("掲載の範囲", c.partial_note)
    if c.internal:  # what the plan office checks a file against; never in the public edition
        s.row("反映したデータ", c.snapshot.summary)
        for state, n in c.snapshot.state_counts.items():
            s.row(f"状態：{_state(state)}", n)


def _contents(book: Workbook) -> None:
    s = Sheet(book, "目次", [22, 70])
    s.row("シート", "内容", bold=True)
    for name, what in SHEETS:
        s.row(name, what)


def _summary(book: Workbook, c: ReportContent) -> None:
    s = Sheet(book, "概要", [44, 10, 10, 10, 10, 10, 10, 10, 10, 12])
    if c.internal:
        s.row(c.mark)
    s.row(
        f"本報告書は、{c.plan.title}（計画期間：{c.period_label}）に基づく取組の"
        f"{c.fy_label}の進捗状況を取りまとめたものです。"
    )
    if c.partial_note:
        s.row(c.partial_note)
    s.heading(f"{c.fy_label}の取組の件数")
    s.row("区分", "件数", bold=True)
    s.row("対象の取組", c.total.tracked)
    s.row("報告あり" if c.internal else "掲載", c.total.reported)
    for summary in c.scales:
        s.blank()
        s.heading(f"{c.pillar_level}ごとの評価の件数（{summary.scale.name}）")
        s.row(
            c.pillar_level,
            "対象",
            "報告",
            *[v.label for v in summary.values],
            "未評価",
            "順調の割合",
            bold=True,
        )
        for line in [*summary.rows, summary.total]:
            s.row(
                line.label,
                line.tracked,
                line.reported,
                *line.counts,
                line.unrated,
                rate(line.share),
                bold=line is summary.total,
            )


def _effects(book: Workbook, c: ReportContent) -> None:
    s = Sheet(book, "財政効果", [44, 14, 14, 10, 14, 14, 10])
    s.row(MONEY_NOTE)
    header = ("目標（千円）", "実績（千円）", "達成率")
    s.heading(f"{c.pillar_level}別の財政効果額")
    s.row(
        c.pillar_level, *[f"単年度 {h}" for h in header], *[f"累計 {h}" for h in header], bold=True
    )
    for p in c.pillars:
        s.row(p.label, *_money_cells(p.rollup.single_year.total, p.rollup.cumulative.total))
    s.row("合計", *_money_cells(c.total.single_year.total, c.total.cumulative.total), bold=True)
    s.blank()
    s.heading("区分別の財政効果額")
    s.row("区分", *[f"単年度 {h}" for h in header], *[f"累計 {h}" for h in header], bold=True)
    for label, single, cumulative in c.kinds:
        s.row(label, *_money_cells(single, cumulative))
    s.row("合計", *_money_cells(c.total.single_year.total, c.total.cumulative.total), bold=True)
    if c.targets:
        s.blank()
        s.heading("計画の目標額に対する実績")
        s.row("目標", "期間", "区分", "目標額（千円）", "実績（千円）", "達成率", bold=True)
        for t in c.targets:
            span = "計画期間（累計）"
            if t.span != "cumulative" and t.fiscal_year is not None:
                span = f"{wareki_fy(t.fiscal_year)}（単年度）"
            kind = _kind(t.kind) if t.kind else "すべて"
            s.row(t.label or "—", span, kind, yen(t.target_yen), yen(t.actual_yen), rate(t.rate))
    s.blank()
    s.heading("年度別の財政効果額")
    s.row(
        "年度",
        "単年度 目標（千円）",
        "単年度 実績（千円）",
        "累計 目標（千円）",
        "累計 実績（千円）",
        bold=True,
    )
    for y in c.years:
        s.row(
            wareki_fy(y.fiscal_year),
            yen(y.single_year.target_yen),
            yen(y.single_year.actual_yen),
            yen(y.cumulative.target_yen),
            yen(y.cumulative.actual_yen),
        )


def _money_cells(single: Money, cumulative: Money) -> list[Any]:
    return [
        yen(single.target_yen),
        yen(single.actual_yen),
        money_rate(single),
        yen(cumulative.target_yen),
        yen(cumulative.actual_yen),
        money_rate(cumulative),
    ]


def _state(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def _kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def render(content: ReportContent, progress: ProgressSink) -> bytes:
    progress.step("Excel を書き出しています")
    book = Workbook(write_only=True)
    book.properties.title = strip_controls(content.title)
    book.properties.creator = "gyokaku"
    _cover(book, content)
    _contents(book)
    _summary(book, content)
    _effects(book, content)
    item_sheets(book, content, progress)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMAT = ReportFileFormat(
    code="xlsx",
    label="Excel",
    purpose=gettext_noop("集計・加工用"),
    media_type=XLSX,
    suffix=".xlsx",
    render=render,
)
