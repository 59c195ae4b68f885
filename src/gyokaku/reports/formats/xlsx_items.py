"""The item sheets of the report's workbook, laid out as the printed report: 総括表 (one row per
item, the same columns as the PDF's table), 個票 (a block of rows per item: the same grid as the
PDF's page per item), then 成果指標 and 財政効果の内訳 as flat lists for further work."""

from __future__ import annotations

from openpyxl import Workbook

from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.reports.formats.xlsx_sheet import MONEY_NOTE, Sheet, achievement_cell, yen
from gyokaku.reports.parts import Item, ReportContent


def item_sheets(book: Workbook, c: ReportContent, progress: ProgressSink) -> None:
    _table(book, c)
    _sheets(book, c, progress)
    _indicators(book, c)
    _effect_lines(book, c)


def _table(book: Workbook, c: ReportContent) -> None:
    names = [summary.scale.name for summary in c.scales]
    widths = [14, 44, 18, 8, *[10] * len(names), 10, 14, 14, 14, 14]
    s = Sheet(book, "総括表", widths + ([10] if c.internal else []))
    if c.internal:
        s.row(c.mark)
    s.row(MONEY_NOTE)
    s.row(
        "番号",
        "取組項目",
        "所管課",
        "工程（計画）",
        *names,
        "方向性",
        "単年度 目標（千円）",
        "単年度 実績（千円）",
        "累計 目標（千円）",
        "累計 実績（千円）",
        *(["状態"] if c.internal else []),
        bold=True,
    )
    for pillar in c.pillars:
        rows = pillar.table_items
        if not rows:
            continue
        s.row(f"{c.pillar_level}{pillar.label}", bold=True)
        for item in rows:
            single, cumulative = item.rollup.single_year.total, item.rollup.cumulative.total
            effects = [single.target_yen, single.actual_yen]
            effects += [cumulative.target_yen, cumulative.actual_yen]
            s.row(
                item.number,
                item.node.title,
                "、".join(item.departments),
                item.stage_label,
                *[label for _, label in item.ratings],
                item.direction_label,
                *[yen(v) if item.has_effects else None for v in effects],
                *([item.state_label] if c.internal else []),
            )
    if c.ended:  # the revised structure (issue 12): items ended by this year, listed apart
        s.row()
        s.row(f"計画の改定により終了した取組（{c.fy_label}までに終了）", bold=True)
        s.row("番号", "取組項目", "終了", "統合先", bold=True)
        for e in c.ended:
            s.row(e.number, e.title, e.label, e.into or "—")


def _sheets(book: Workbook, c: ReportContent, progress: ProgressSink) -> None:
    s = Sheet(book, "個票", [16, 60, 14, 14, 14])
    if c.internal:
        s.row(c.mark)
    shown = c.shown_items
    progress.step("個票を書き出しています", total=len(shown))
    for done, item in enumerate(shown, start=1):
        _sheet(s, c, item)
        progress.advance(done)


def _sheet(s: Sheet, c: ReportContent, item: Item) -> None:
    s.heading(f"{item.number}　{item.node.title}")
    s.row(c.pillar_level, f"{item.pillar.code} {item.pillar.title}")
    s.row("所管課", "、".join(item.departments) or "—")
    if c.internal:
        s.row("状態", item.state_label)
    s.row("取組内容", item.description or "—")
    if item.lines:
        s.row("内訳", item.lines_text)
    plan = f"工程：{item.stage_label}\n{item.year_plan}" if item.stage_label else item.year_plan
    s.row(f"{c.fy_label}の計画", plan or "—")
    s.row("実績", item.result_text or "—")
    for name, label in item.ratings:
        s.row(f"評価（{name}）", label)
    for line in item.indicators:
        unit = f"（{line.unit}）" if line.unit else ""
        s.row("成果指標", f"{line.name}{unit}", "目標値", "実績値", "達成率")
        s.row("", "", line.target, line.actual, achievement_cell(line.result))
    s.row("財政効果", "区分", "目標（千円）", "実績（千円）")
    for e in item.effects:
        s.row("", e.kind_label, yen(e.target_yen), yen(e.actual_yen))
    single, cumulative = item.rollup.single_year.total, item.rollup.cumulative.total
    s.row("", "単年度 計", yen(single.target_yen), yen(single.actual_yen))
    s.row("", "累計", yen(cumulative.target_yen), yen(cumulative.actual_yen))
    s.row("課題", item.issues_text or "—")
    direction = "\n".join(t for t in (item.direction_label, item.next_plan_text) if t)
    s.row("今後の方向性", direction or "—")
    if item.committee_opinion:
        s.row("委員会意見", item.committee_opinion)
    for member, opinion, reply in item.committee_opinions:
        s.row(f"委員会意見（{member} 委員）", opinion, "対応", reply or "—")
    s.blank()


def _indicators(book: Workbook, c: ReportContent) -> None:
    s = Sheet(book, "成果指標", [14, 40, 30, 8, 12, 12, 10, 12, 12, 10, 10, 30])
    s.row(
        "番号",
        "取組項目",
        "指標",
        "単位",
        "方向",
        "基準値",
        "基準年度",
        f"{c.fy_label} 目標値",
        f"{c.fy_label} 実績値",
        "達成率",
        "判定",
        "算出式",
        bold=True,
    )
    for item in c.shown_items:
        for line in item.indicators:
            verdict = {None: "未測定", True: "達成", False: "未達成"}[line.result.achieved]
            s.row(
                item.number,
                item.node.title,
                line.name,
                line.unit,
                line.direction_label,
                line.baseline,
                line.baseline_fy,
                line.target,
                line.actual,
                achievement_cell(line.result),
                verdict,
                line.result.formula,
            )


def _effect_lines(book: Workbook, c: ReportContent) -> None:
    s = Sheet(book, "財政効果の内訳", [14, 40, 10, 14, 14, 50])
    s.row(MONEY_NOTE)
    s.row("番号", "取組項目", "区分", "目標（千円）", "実績（千円）", "算出方法", bold=True)
    for item in c.shown_items:
        for e in item.effects:
            s.row(
                item.number,
                item.node.title,
                e.kind_label,
                yen(e.target_yen),
                yen(e.actual_yen),
                e.note,
            )
