"""The report as a Word document (.docx, python-docx), for committee papers that get edited: the
same editions and the same parts as the PDF — 表紙, 目次, 総括, 総括表, one 個票 per item on a
page of its own — in Word's own heading styles (the navigation pane lists every part and every
個票) and grid tables whose header rows repeat on every page."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext_noop
from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Mm

from gyokaku.lib.amounts import format_amount
from gyokaku.lib.progress_sink import ProgressSink
from gyokaku.lib.wareki import wareki_fy
from gyokaku.measures.rollup import Money
from gyokaku.reports.formats.base import ReportFileFormat
from gyokaku.reports.formats.docx_base import (
    centred,
    field,
    grid_style,
    heading,
    label_cell,
    paragraph,
    running,
    set_up,
    table,
    text,
)
from gyokaku.reports.parts import Item, ReportContent

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MONEY_HEADER = ["目標", "実績", "達成率", "目標", "実績", "達成率"]


def _yen(value: int | None) -> str:
    return format_amount(value)


def _rate(money: Money) -> str:
    if not money.target_yen:
        return "—"
    return f"{money.actual_yen / money.target_yen * 100:.1f}%"


def _share(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _value(number: Decimal | None) -> str:
    return "—" if number is None else f"{number.normalize():,f}"


def _money(single: Money, cumulative: Money) -> list[str]:
    return [
        _yen(single.target_yen),
        _yen(single.actual_yen),
        _rate(single),
        _yen(cumulative.target_yen),
        _yen(cumulative.actual_yen),
        _rate(cumulative),
    ]


def _cover(doc: DocumentObject, c: ReportContent) -> None:
    for _ in range(8):
        paragraph(doc)
    centred(doc, c.plan.title, 17)
    title = centred(doc, "進捗状況報告書", 24, bold=True)
    title.style = doc.styles["Title"]
    centred(doc, c.fy_label, 18)
    if c.internal:
        centred(doc, c.mark, 12, bold=True)
    centred(doc, f"計画期間　{c.period_label}", 11)
    for _ in range(8):
        paragraph(doc)
    centred(doc, c.made_on_label, 12)
    centred(doc, c.plan.municipality.name, 16)
    centred(doc, c.plan.office_name, 12)
    if c.internal:
        centred(doc, f"反映したデータ：{c.snapshot.summary}", 8)
    doc.add_page_break()  # type: ignore[no-untyped-call]


def _contents(doc: DocumentObject) -> None:
    heading(doc, "目次", level=1)
    field(paragraph(doc), 'TOC \\o "1-2" \\h \\z \\u', "（Word で開くと目次が作られます）")
    doc.add_page_break()  # type: ignore[no-untyped-call]


def _summary(doc: DocumentObject, c: ReportContent) -> None:
    heading(doc, "1 総括", level=1)
    heading(doc, "(1) 概要", level=2)
    doc.add_paragraph(
        text(
            f"本報告書は、{c.plan.title}（計画期間：{c.period_label}）に基づく取組の"
            f"{c.fy_label}の進捗状況を取りまとめたものです。"
        )
    )
    if c.partial_note:
        paragraph(doc, c.partial_note)
    shown = "報告あり" if c.internal else "掲載"
    rows = [[p.label, f"{p.rollup.tracked:,}", f"{p.rollup.reported:,}"] for p in c.pillars]
    rows.append(["合計", f"{c.total.tracked:,}", f"{c.total.reported:,}"])
    table(
        doc,
        [c.pillar_level, "取組", shown],
        rows,
        caption=f"{c.fy_label}の取組の件数",
        numeric=(1, 2),
    )
    heading(doc, "(2) 評価の状況", level=2)
    for summary in c.scales:
        heading(doc, summary.scale.name, level=3)
        reported = "報告" if c.internal else "掲載"
        header = [c.pillar_level, "対象", reported, *[v.label for v in summary.values]]
        header += ["未評価", "順調の割合"]
        rows = [
            [
                line.label,
                f"{line.tracked:,}",
                f"{line.reported:,}",
                *[f"{n:,}" for n in line.counts],
                f"{line.unrated:,}",
                _share(line.share),
            ]
            for line in [*summary.rows, summary.total]
        ]
        numeric = range(1, len(header))
        caption = f"{c.pillar_level}ごとの評価の件数（{summary.scale.name}）"
        table(doc, header, rows, caption=caption, numeric=numeric)
        if summary.explained:
            doc.add_paragraph(
                text("　".join(f"{v.label}：{v.description}" for v in summary.explained))
            )
    _effects(doc, c)


def _effects(doc: DocumentObject, c: ReportContent) -> None:
    heading(doc, "(3) 財政効果", level=2)
    doc.add_paragraph(
        f"単位：千円（千円未満は四捨五入）。△はマイナスです。単年度は{c.fy_label}、累計は"
        f"{wareki_fy(c.plan.start_fy)}から{c.fy_label}までの合計です。左の3列が単年度、右の3列が"
        "累計です。"
    )
    total = _money(c.total.single_year.total, c.total.cumulative.total)
    rows = [[label, *_money(single, cumulative)] for label, single, cumulative in c.kinds]
    table(
        doc,
        ["区分", *MONEY_HEADER],
        [*rows, ["合計", *total]],
        caption="区分別の財政効果額（千円）",
        numeric=range(1, 7),
    )
    rows = [
        [p.label, *_money(p.rollup.single_year.total, p.rollup.cumulative.total)] for p in c.pillars
    ]
    table(
        doc,
        [c.pillar_level, *MONEY_HEADER],
        [*rows, ["合計", *total]],
        caption=f"{c.pillar_level}別の財政効果額（千円）",
        numeric=range(1, 7),
    )
    if c.targets:
        rows = []
        for t in c.targets:
            span = "計画期間（累計）"
            if t.span != "cumulative" and t.fiscal_year is not None:
                span = f"{wareki_fy(t.fiscal_year)}（単年度）"
            kind = {"revenue": "歳入確保", "expenditure": "歳出削減", "other": "その他"}
            rows.append(
                [
                    t.label or "—",
                    span,
                    kind.get(t.kind or "", "すべて"),
                    _yen(t.target_yen),
                    _yen(t.actual_yen),
                    t.percent,
                ]
            )
        table(
            doc,
            ["目標", "期間", "区分", "目標額", "実績", "達成率"],
            rows,
            caption="計画の目標額に対する実績（千円）",
            numeric=(3, 4, 5),
        )
    rows = [
        [
            wareki_fy(y.fiscal_year),
            _yen(y.single_year.target_yen),
            _yen(y.single_year.actual_yen),
            _yen(y.cumulative.target_yen),
            _yen(y.cumulative.actual_yen),
        ]
        for y in c.years
    ]
    table(
        doc,
        ["年度", "単年度 目標", "単年度 実績", "累計 目標", "累計 実績"],
        rows,
        caption="年度別の財政効果額（千円）",
        numeric=range(1, 5),
    )


def _table(doc: DocumentObject, c: ReportContent) -> None:
    title = heading(doc, "2 総括表", level=1)
    title.paragraph_format.page_break_before = True
    scope = (
        "対象のすべての取組です（未公表の取組状況を含みます）。"
        if c.internal
        else (f"{c.fy_label}の取組状況を公表した取組です。")
    )
    paragraph(doc, scope + f"効果額は{c.fy_label}の財政効果額の実績（千円、△はマイナス）です。")
    header = ["番号", "取組項目", "所管課", "工程", *[s.scale.name for s in c.scales]]
    header += ["方向性", "効果額"] + (["状態"] if c.internal else [])
    rows: list[list[str]] = []
    for pillar in c.pillars:
        items = pillar.table_items
        if not items:
            continue
        rows.append([f"{c.pillar_level}{pillar.label}", *[""] * (len(header) - 1)])
        for item in items:
            effect = _yen(item.rollup.single_year.total.actual_yen) if item.has_effects else "—"
            rows.append(
                [
                    item.number,
                    item.node.title,
                    "、".join(item.departments) or "—",
                    item.stage_label or "—",
                    *[label for _, label in item.ratings],
                    item.direction_label or "—",
                    effect,
                    *([item.state_label] if c.internal else []),
                ]
            )
    grid = table(
        doc,
        header,
        rows,
        caption=f"総括表（{c.fy_label}）",
        numeric=(len(header) - 1 - c.internal,),
    )
    for row in grid.rows[1:]:  # a pillar's row spans the table
        if row.cells[1].text == "" and row.cells[0].text.startswith(c.pillar_level):
            row.cells[0].merge(row.cells[-1])
    for summary in c.scales:
        if summary.explained:
            explained = "　".join(f"{v.label}：{v.description}" for v in summary.explained)
            paragraph(doc, text(f"{summary.scale.name}　{explained}"))
    if c.ended:  # the revised structure (issue 12): items ended by this year, listed apart
        table(
            doc,
            ["番号", "取組項目", "終了", "統合先"],
            [[e.number, text(e.title), e.label, text(e.into) or "—"] for e in c.ended],
            caption=f"計画の改定により終了した取組（{c.fy_label}までに終了）",
        )


def _sheet(doc: DocumentObject, c: ReportContent, item: Item, first: bool) -> None:
    title = heading(doc, text(f"{item.number}　{item.node.title}"), level=2)
    title.paragraph_format.page_break_before = not first
    facts = [
        (c.pillar_level, " ".join(f"{n.code} {n.title}" for n in [item.pillar, *item.path])),
        ("所管課", "、".join(item.departments) or "—"),
        *([("状態", item.state_label)] if c.internal else []),
        ("取組内容", item.description or "—"),
        *([("内訳", item.lines_text)] if item.lines else []),
        (
            "年度計画",
            "\n".join(
                t
                for t in (f"工程：{item.stage_label}" if item.stage_label else "", item.year_plan)
                if t
            )
            or "—",
        ),
        ("実績", item.result_text or "—"),
        ("評価", "　".join(f"{name}：{label}" for name, label in item.ratings) or "—"),
    ]
    _grid(doc, facts)
    if item.indicators:
        rows = [
            [
                f"{line.name}（{line.unit}）" if line.unit else line.name,
                _value(line.baseline),
                _value(line.target),
                _value(line.actual),
                line.result.percent,
            ]
            for line in item.indicators
        ]
        header = ["指標（単位）", "基準値", "目標値", "実績値", "達成率"]
        table(doc, header, rows, caption="成果指標", numeric=(1, 2, 3, 4))
    if item.has_effects:
        single, cumulative = item.rollup.single_year.total, item.rollup.cumulative.total
        rows = [
            [e.kind_label, _yen(e.target_yen), _yen(e.actual_yen), e.note or "—"]
            for e in item.effects
        ]
        rows.append(["単年度 計", _yen(single.target_yen), _yen(single.actual_yen), ""])
        rows.append(["累計", _yen(cumulative.target_yen), _yen(cumulative.actual_yen), ""])
        header = ["区分", "目標", "実績", "算出方法"]
        table(doc, header, rows, caption="財政効果（千円）", numeric=(1, 2))
    direction = "\n".join(t for t in (item.direction_label, item.next_plan_text) if t)
    facts = [("課題", item.issues_text or "—"), ("今後の方向性", direction or "—")]
    if item.committee_opinion:
        facts.append(("委員会意見", item.committee_opinion))
    for member, opinion, reply in item.committee_opinions:
        facts.append((f"委員会意見（{member} 委員）", f"{opinion}\n対応：{reply or '—'}"))
    paragraph(doc)
    _grid(doc, facts)


def _grid(doc: DocumentObject, facts: list[tuple[str, str]]) -> None:
    grid = doc.add_table(rows=len(facts), cols=2)
    grid_style(grid)
    for row, (label, value) in zip(grid.rows, facts, strict=True):
        label_cell(row.cells[0], label)
        row.cells[1].text = text(value)
        row.cells[0].width, row.cells[1].width = Mm(30), Mm(144)


def render(content: ReportContent, progress: ProgressSink) -> bytes:
    progress.step("Word 文書を書き出しています", total=len(content.shown_items))
    doc = Document()
    set_up(doc, title=content.title, author=content.plan.municipality.name)
    running(doc, header=f"{content.plan.title}　{content.fy_label}", mark=content.mark)
    _cover(doc, content)
    _contents(doc)
    _summary(doc, content)
    _table(doc, content)
    title = heading(doc, "3 個票", level=1)
    title.paragraph_format.page_break_before = True
    doc.add_paragraph(
        f"取組ごとの{content.fy_label}の計画・実績・評価・成果指標・財政効果・課題・今後の方向性"
        "です。金額の単位は千円、△はマイナスです。"
    )
    for done, item in enumerate(content.shown_items, start=1):
        _sheet(doc, content, item, first=done == 1)
        progress.advance(done)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


FORMAT = ReportFileFormat(
    code="docx",
    label="Word",
    purpose=gettext_noop("委員会資料などに編集して使う用"),
    media_type=DOCX,
    suffix=".docx",
    render=render,
)
