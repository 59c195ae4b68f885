"""The report as an Excel workbook, a sheet per section, for people who go on calculating.

Numbers are numbers: counts as integers, rates as fractions shown as %, indicator values as
decimals, and money as integer yen shown in 千円 by its number format (``#,##0,`` divides by
1,000 on display; △ for negatives), so a sum in Excel is exact to the yen and shows as the
report prints it. Text cells are forced to strings (gyokaku.lib.xlsxcells), so nothing a person
wrote can become a formula. Streamed with openpyxl's write-only mode.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.lib.text import strip_controls
from gyokaku.lib.xlsxcells import text_cell
from gyokaku.measures.rollup import Money
from gyokaku.reports.content import KIND_LABELS, STATE_LABELS, ReportContent
from gyokaku.reports.formats.base import ReportFileFormat

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THOUSAND_YEN = '#,##0,;"△"#,##0,;0'  # yen stored, 千円 shown
COUNT = "#,##0"
PERCENT = "0.0%"
MONEY_NOTE = "金額の単位は千円（セルの値は円単位で、表示だけ千円にしています）。△はマイナスです。"

# (sheet name, what it holds): the 目次 sheet lists them in this order.
SHEETS = [
    ("表紙", "計画、年度、作成日、反映したデータ"),
    ("目次", "この一覧"),
    ("趣旨・背景", "策定の趣旨・背景"),
    ("概要", "状態別の件数と評価区分ごとの評価の分布"),
    ("財政効果", "柱別・区分別・年度別の財政効果額と計画の目標額"),
    ("財政効果（取組別）", "取組ごとの財政効果額（単年度・累計）"),
    ("取組の状況", "承認済・公表済の取組ごとの計画・実績・評価・方向性・委員会意見"),
    ("成果指標", "取組ごとの成果指標と達成率"),
    ("財政効果の内訳", "取組ごとの財政効果額の内訳（区分・算出方法）"),
    ("付録", "評価していない取組と理由"),
]


class _Sheet:
    """A write-only sheet with typed cells: str → text cell, int → count, Money-ish → yen."""

    def __init__(self, book: Workbook, title: str, widths: Iterable[int]) -> None:
        self.ws: WriteOnlyWorksheet = book.create_sheet(title)
        for i, width in enumerate(widths):
            self.ws.column_dimensions[_column(i)].width = width

    def row(self, *values: Any, bold: bool = False) -> None:
        self.ws.append([self._cell(v, bold) for v in values])

    def heading(self, text: str) -> None:
        cell = text_cell(self.ws, text)
        cell.font = Font(bold=True, size=12)
        self.ws.append([cell])

    def blank(self) -> None:
        self.ws.append([])

    def _cell(self, value: Any, bold: bool) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            cell = text_cell(self.ws, value, bold=bold)
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            return cell
        if isinstance(value, _Typed):
            cell = WriteOnlyCell(self.ws, value=value.value)
            cell.number_format = value.number_format
        else:
            cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, int):
                cell.number_format = COUNT
        if bold:
            cell.font = Font(bold=True)
        return cell


class _Typed:
    def __init__(self, value: Any, number_format: str) -> None:
        self.value = value
        self.number_format = number_format


def yen(value: int | None) -> _Typed | None:
    return None if value is None else _Typed(value, THOUSAND_YEN)


def rate(value: Decimal | None) -> _Typed | None:
    return None if value is None else _Typed(float(value), PERCENT)


def money_rate(money: Money) -> _Typed | None:
    if not money.target_yen:
        return None
    return rate(Decimal(money.actual_yen) / Decimal(money.target_yen))


def _column(index: int) -> str:
    return get_column_letter(index + 1)


# ---- the sheets -----------------------------------------------------------------------------


def _cover(book: Workbook, c: ReportContent) -> None:
    s = _Sheet(book, "表紙", [22, 70])
    s.heading(f"{c.plan.title} 進捗状況報告書")
    s.row("自治体", c.plan.municipality.name)
    s.row("計画", c.plan.title)
    s.row("年度", c.fy_label)
    s.row("年度（西暦）", c.fiscal_year)
    s.row("作成日", c.made_on_label)
    s.row("計画期間", c.period_label)
    s.row("反映したデータ", c.snapshot.summary)
    for state, n in c.snapshot.state_counts.items():
        s.row(f"状態：{_state(state)}", n)
    if c.snapshot.data_updated_at is not None:
        s.row("データの最終更新", c.snapshot.data_updated_at.strftime("%Y-%m-%d %H:%M:%S %Z"))
    s.row("データの指紋（SHA-256）", c.snapshot.fingerprint)


def _contents(book: Workbook) -> None:
    s = _Sheet(book, "目次", [22, 70])
    s.row("シート", "内容", bold=True)
    for name, what in SHEETS:
        s.row(name, what)


def _purpose(book: Workbook, c: ReportContent) -> None:
    s = _Sheet(book, "趣旨・背景", [22, 100])
    s.row(
        "趣旨",
        f"本報告書は、{c.plan.title}（計画期間：{c.period_label}）に基づく取組の"
        f"{c.fy_label}の進捗状況を取りまとめたものです。",
    )
    s.row("上位計画", c.plan.parent_plan or "—")
    if c.plan.lead:
        s.row("前文", c.plan.lead)
    s.row("策定の趣旨・背景", c.plan.background or "—")


def _summary(book: Workbook, c: ReportContent) -> None:
    s = _Sheet(book, "概要", [44, 10, 10, 10, 10, 10, 10, 10, 10, 12])
    s.heading(f"{c.fy_label}の取組状況の件数")
    s.row("区分", "件数", bold=True)
    s.row("対象の取組", c.total.tracked)
    s.row("取組状況の報告", c.total.reported)
    for state, n in c.snapshot.state_counts.items():
        s.row(f"うち{_state(state)}", n)
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
    s = _Sheet(book, "財政効果", [44, 14, 14, 10, 14, 14, 10])
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
            span = (
                "計画期間（累計）" if t.span == "cumulative" else f"{t.fiscal_year}年度（単年度）"
            )
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
            f"{y.fiscal_year}年度",
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


def _effect_items(book: Workbook, c: ReportContent) -> None:
    s = _Sheet(book, "財政効果（取組別）", [14, 50, 8, 14, 14, 14, 14])
    s.row(MONEY_NOTE)
    s.row(
        "番号",
        "取組",
        c.pillar_level,
        "単年度 目標（千円）",
        "単年度 実績（千円）",
        "累計 目標（千円）",
        "累計 実績（千円）",
        bold=True,
    )
    for item in c.effect_items:
        single, cumulative = item.rollup.single_year.total, item.rollup.cumulative.total
        s.row(
            item.node.key,
            item.label,
            item.pillar.code,
            yen(single.target_yen),
            yen(single.actual_yen),
            yen(cumulative.target_yen),
            yen(cumulative.actual_yen),
        )
    single, cumulative = c.total.single_year.total, c.total.cumulative.total
    s.row(
        "",
        "合計",
        "",
        yen(single.target_yen),
        yen(single.actual_yen),
        yen(cumulative.target_yen),
        yen(cumulative.actual_yen),
        bold=True,
    )


def _items(book: Workbook, c: ReportContent, progress: ProgressSink) -> None:
    scale_names = [summary.scale.name for summary in c.scales]
    s = _Sheet(book, "取組の状況", [14, 40, 8, 18, 8, 8, 40, 50, 40, *[10] * len(scale_names)])
    s.row(
        "番号",
        "取組",
        c.pillar_level,
        "所管課",
        "状態",
        "工程",
        f"{c.fiscal_year}年度の計画",
        "取組実績",
        "課題",
        *scale_names,
        "今後の方向性",
        "次年度の予定",
        "委員会意見",
        "単年度 目標（千円）",
        "単年度 実績（千円）",
        "累計 目標（千円）",
        "累計 実績（千円）",
        bold=True,
    )
    shown = c.shown_items
    progress.step("取組の状況を書き出しています", total=len(shown))
    for done, item in enumerate(shown, start=1):
        single, cumulative = item.rollup.single_year.total, item.rollup.cumulative.total
        s.row(
            item.node.key,
            item.label,
            item.pillar.code,
            "、".join(item.departments),
            item.state_label,
            item.stage_label,
            item.year_plan,
            item.result_text,
            item.issues_text,
            *[label for _, label in item.ratings],
            item.direction_label,
            item.next_plan_text,
            item.committee_opinion,
            yen(single.target_yen),
            yen(single.actual_yen),
            yen(cumulative.target_yen),
            yen(cumulative.actual_yen),
        )
        progress.advance(done)


def _indicators(book: Workbook, c: ReportContent) -> None:
    s = _Sheet(book, "成果指標", [14, 40, 30, 8, 12, 12, 10, 12, 12, 10, 10, 30])
    s.row(
        "番号",
        "取組",
        "指標",
        "単位",
        "方向",
        "基準値",
        "基準年度",
        f"{c.fiscal_year}年度 目標値",
        f"{c.fiscal_year}年度 実績値",
        "達成率",
        "判定",
        "算出式",
        bold=True,
    )
    for item in c.shown_items:
        for line in item.indicators:
            verdict = {None: "未測定", True: "達成", False: "未達成"}[line.result.achieved]
            s.row(
                item.node.key,
                item.label,
                line.name,
                line.unit,
                line.direction_label,
                line.baseline,
                line.baseline_fy,
                line.target,
                line.actual,
                rate(line.result.rate),
                verdict,
                line.result.formula,
            )


def _effect_lines(book: Workbook, c: ReportContent) -> None:
    s = _Sheet(book, "財政効果の内訳", [14, 40, 10, 14, 14, 50])
    s.row(MONEY_NOTE)
    s.row("番号", "取組", "区分", "目標（千円）", "実績（千円）", "算出方法", bold=True)
    for item in c.shown_items:
        for e in item.effects:
            s.row(
                item.node.key,
                item.label,
                e.kind_label,
                yen(e.target_yen),
                yen(e.actual_yen),
                e.note,
            )


def _appendix(book: Workbook, c: ReportContent) -> None:
    s = _Sheet(book, "付録", [14, 40, 8, 18, 10, 60])
    s.row("番号", "取組", c.pillar_level, "所管課", "状態", "理由", bold=True)
    for item in c.not_rated:
        s.row(
            item.node.key,
            item.label,
            item.pillar.code,
            "、".join(item.departments),
            item.state_label,
            "。".join(item.reasons),
        )


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
    _purpose(book, content)
    _summary(book, content)
    _effects(book, content)
    _effect_items(book, content)
    _items(book, content, progress)
    _indicators(book, content)
    _effect_lines(book, content)
    _appendix(book, content)
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
