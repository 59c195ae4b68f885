"""The parts of the annual progress report (進捗状況報告書), as every format prints them: the
report's content is built once (``reports.content.report_content``) and rendered by each
format. Two editions of the same data (``Edition``): the public edition (公表版) holds only what
is published, the internal edition (内部資料) every report, drafts included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from gyokaku.lib.achievement import Achievement
from gyokaku.lib.wareki import wareki_date, wareki_fy
from gyokaku.measures.models import EffectKind, IndicatorDirection
from gyokaku.measures.rollup import Money, NodeRollup
from gyokaku.measures.selectors import TargetRate
from gyokaku.plans.logo import logo_data_uri
from gyokaku.plans.models import Node, Plan
from gyokaku.reports.snapshot import Snapshot
from gyokaku.tracking.models import (
    STATE_LABELS,
    Direction,
    RatingScale,
    RatingValue,
    State,
)

KIND_LABELS = dict(EffectKind.choices)
DIRECTION_LABELS = dict(Direction.choices)
# The fiscal effects a city reports on (歳入確保・歳出削減); その他 is added when it is used.
MAIN_KINDS = (EffectKind.REVENUE, EffectKind.EXPENDITURE)


class Edition(StrEnum):
    """公表版: what is published, for residents. 内部資料: drafts included, for the plan office
    and the committee, marked so on every page."""

    PUBLIC = "public"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        return EDITION_LABELS[self]


EDITION_LABELS = {Edition.PUBLIC: "公表版", Edition.INTERNAL: "内部資料"}
# Printed at the top and the bottom of every page of the internal edition.
INTERNAL_MARK = "内部資料（未公表のデータを含む）"


@dataclass
class ScaleLine:
    """One line of a rating table: a pillar (or the total) and its counts on one scale."""

    label: str
    tracked: int
    reported: int
    counts: list[int]  # per value of the scale, in the scale's order
    unrated: int  # reported without a value on this scale (未評価)
    on_track: int
    rated: int

    @property
    def share(self) -> Decimal | None:
        """The share on track, 1 = 100%; None when nothing is rated."""
        return Decimal(self.on_track) / Decimal(self.rated) if self.rated else None


@dataclass
class ScaleSummary:
    scale: RatingScale
    values: list[RatingValue]
    rows: list[ScaleLine]  # per pillar
    total: ScaleLine

    @property
    def on_track_labels(self) -> str:
        """「取組中・完了」: the values that count as on track (順調)."""
        return "・".join(v.label for v in self.values if v.on_track) or "なし"

    @property
    def explained(self) -> list[RatingValue]:
        """The values with a description, explained once below the tables (評価対象外 …)."""
        return [v for v in self.values if v.description]


@dataclass
class EffectLine:
    kind: str
    target_yen: int | None
    actual_yen: int | None
    note: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


@dataclass
class IndicatorLine:
    name: str
    unit: str
    direction: str
    baseline: Decimal | None
    baseline_fy: int | None
    target: Decimal | None  # of the report's year (the final target stands for its own year)
    actual: Decimal | None
    result: Achievement
    # (fiscal year, target, actual) from the plan's first year through the report's year
    series: list[tuple[int, Decimal | None, Decimal | None]]

    @property
    def direction_label(self) -> str:
        return str(dict(IndicatorDirection.choices).get(self.direction, self.direction))

    @property
    def measured_years(self) -> int:
        """Years with a target or an actual: a chart of one point is replaced by the table."""
        return sum(1 for _, t, a in self.series if t is not None or a is not None)


@dataclass
class Item:
    """One tracked item (項目) and everything the report prints about it."""

    node: Node
    pillar: Node
    path: list[Node]  # ancestors below the pillar, for the heading's context
    number: str  # printed (2-(1)-01-⑤)
    departments: list[str]
    rollup: NodeRollup
    state: str  # "" when the item has no report the edition may print
    description: str = ""  # 取組内容 (the plan's text of the item)
    stage: str = ""
    stage_label: str = ""  # its label in the plan's 工程 list
    year_plan: str = ""
    result_text: str = ""
    issues_text: str = ""
    next_plan_text: str = ""
    direction: str = ""
    direction_text: str = ""  # its label in the plan's 方向性 list
    committee_opinion: str = ""
    # The committee members' 意見 with the department's 対応, once published: (委員, 意見, 対応)
    committee_opinions: list[tuple[str, str, str]] = field(default_factory=list)
    ratings: list[tuple[str, str]] = field(default_factory=list)  # (scale name, value label)
    indicators: list[IndicatorLine] = field(default_factory=list)
    effects: list[EffectLine] = field(default_factory=list)  # of the report's year
    has_effects: bool = False  # any effect line up to the report's year (累計)
    # 内訳: the items below a reporting unit, reported inside its report (printed number, title)
    lines: list[tuple[str, str]] = field(default_factory=list)

    @property
    def lines_text(self) -> str:
        return "\n".join(f"{number} {title}" for number, title in self.lines)

    @property
    def shown(self) -> bool:
        """Has a report the edition prints (the public edition reads published ones only)."""
        return bool(self.state)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, "報告なし"))

    @property
    def is_draft(self) -> bool:
        """Not yet published: only the internal edition prints it."""
        return self.state != State.PUBLISHED

    @property
    def direction_label(self) -> str:
        return self.direction_text or (self.direction and DIRECTION_LABELS.get(self.direction, ""))

    @property
    def label(self) -> str:
        return f"{self.node.code} {self.node.title}"

    @property
    def rating_text(self) -> str:
        return "／".join(label for _, label in self.ratings) or "—"


@dataclass
class Pillar:
    node: Node
    rollup: NodeRollup
    items: list[Item]
    internal: bool = False  # the internal edition's 総括表 lists every item

    @property
    def shown_items(self) -> list[Item]:
        return [item for item in self.items if item.shown]

    @property
    def table_items(self) -> list[Item]:
        """The 総括表's rows: every item (内部資料) or the published ones (公表版)."""
        return self.items if self.internal else self.shown_items

    @property
    def label(self) -> str:
        return f"{self.node.code} {self.node.title}"


@dataclass
class EndedItem:
    """An item a plan revision ended (廃止・統合・完了) by the report's year: listed under the
    総括表 so the report shows the revised structure, not silently left out (issue 12)."""

    number: str  # printed (1-(1)-01-①)
    title: str
    label: str  # 廃止（令和8年度から）
    into: str = ""  # for a merge: the printed number and title of the item it went into


@dataclass
class YearMoney:
    fiscal_year: int
    single_year: Money
    cumulative: Money


@dataclass
class ReportContent:
    plan: Plan
    fiscal_year: int
    edition: Edition
    made_on: dt.date
    snapshot: Snapshot
    levels: dict[int, str]  # depth → level name (柱, 項目 …)
    scales: list[ScaleSummary]
    pillars: list[Pillar]
    total: NodeRollup
    targets: list[TargetRate]
    years: list[YearMoney]  # the plan's totals per year, first year through the report's
    ended: list[EndedItem] = field(default_factory=list)  # ended by a revision by this year

    @property
    def internal(self) -> bool:
        return self.edition == Edition.INTERNAL

    @property
    def mark(self) -> str:
        """What every page of the internal edition says at its top and bottom."""
        return INTERNAL_MARK if self.internal else ""

    @property
    def fy_label(self) -> str:
        return wareki_fy(self.fiscal_year)

    @property
    def made_on_label(self) -> str:
        return wareki_date(self.made_on)

    @property
    def period_label(self) -> str:
        return f"{wareki_fy(self.plan.start_fy)}〜{wareki_fy(self.plan.end_fy)}"

    @property
    def title(self) -> str:
        return f"{self.plan.title} 進捗状況報告書 {self.fy_label}"

    @property
    def pillar_level(self) -> str:
        return self.levels.get(1, "柱")

    @property
    def items(self) -> list[Item]:
        return [item for pillar in self.pillars for item in pillar.items]

    @property
    def shown_items(self) -> list[Item]:
        """The items with a 個票 (a report the edition prints)."""
        return [item for item in self.items if item.shown]

    @property
    def partial_note(self) -> str:
        """Said once, in plain words, when the year is not complete."""
        n, total = len(self.shown_items), len(self.items)
        if n == total:
            return ""
        if self.internal:
            return (
                f"対象の取組{total:,}件のうち、取組状況の報告があるのは{n:,}件です"
                f"（未公表のものを含みます）。"
            )
        return (
            f"対象の取組{total:,}件のうち、{self.fy_label}の取組状況を公表している{n:,}件を"
            f"掲載しています。残りの{total - n:,}件は、公表後に掲載します。"
        )

    @property
    def logo_uri(self) -> str:
        """The plan's logo for the cover, embedded (a report file stands alone)."""
        return logo_data_uri(self.plan.logo)

    @property
    def table_columns(self) -> int:
        """The 総括表's columns: 番号, 取組項目, 所管課, 工程, a rating per scale, 方向性, 効果額
        (and 状態 in the internal edition)."""
        return 6 + len(self.scales) + int(self.internal)

    @property
    def kinds(self) -> list[tuple[str, Money, Money]]:
        """(label, 単年度, 累計) per kind of effect: 歳入確保・歳出削減, and その他 if used."""
        out = []
        for kind, label in EffectKind.choices:
            single, cumulative = (
                self.total.single_year.by_kind[kind],
                self.total.cumulative.by_kind[kind],
            )
            used = any(
                (single.target_yen, single.actual_yen, cumulative.target_yen, cumulative.actual_yen)
            )
            if kind in MAIN_KINDS or used:
                out.append((str(label), single, cumulative))
        return out
