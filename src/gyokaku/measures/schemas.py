"""API schemas of indicators, fiscal effects, plan targets and the roll-up: one input and one
output schema per operation.

Numbers: money is integer yen (JSON integers). Indicator values and rates are decimals and are
answered as JSON strings ("12.5", "120", never "1.2E+2") so that nothing is lost to floating
point; inputs take a JSON number or a string, at most 4 decimal places. Inputs forbid unknown
fields, except the read-only ones of the GET (``achievement``, ``direction_label``,
``kind_label``), which are ignored so that what a GET answered can be sent back as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel

from gyokaku.committee.schemas import PublishedOpinionOut
from gyokaku.lib.text_fields import LineStr, MultiLineStr
from gyokaku.measures.limits import (
    MAX_EFFECT_ROWS,
    MAX_YEN,
    VALUE_DIGITS,
    VALUE_PLACES,
    VALUE_RANGE,
)
from gyokaku.tracking.schemas import NodeDetailOut, StrictIn, YearCoverageOut

# A measured value: up to 11 digits before the point and 4 after (measures/limits.py: what
# both databases store exactly). Money: whole yen within ±1兆円.
Value = Annotated[
    Decimal,
    Field(
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        description=f"{VALUE_RANGE}: a JSON number or string",
    ),
]
Yen = Annotated[int, Field(strict=True, ge=-MAX_YEN, le=MAX_YEN)]
Kind = Literal["revenue", "expenditure", "other"]
Direction = Literal["higher", "lower"]
Formula = Literal["auto", "ratio", "improvement", "points"]

# Roll-up answers hold an entry per node (5,000 and more): plain pydantic models validate
# them several times faster than ninja's Schema, which first wraps every input for ORM reads.


# ---- indicators ---------------------------------------------------------------------------


class ValueAtYearIn(StrictIn):
    value: Value | None = None
    fy: int | None = Field(default=None, description="年度, e.g. 2023")


class IndicatorIn(StrictIn):
    name: LineStr = Field(description="指標名 (at most 200 characters)")
    unit: LineStr = Field(default="", max_length=30, description="単位, e.g. 件, %")
    direction: Direction = Field(
        default="higher", description="higher 高いほどよい, lower 低いほどよい"
    )
    formula: Formula = Field(
        default="auto",
        description="算出方法 of the achievement: auto (improvement when a baseline is set, "
        "else ratio), ratio 実績÷目標, improvement (実績−基準値)÷(目標−基準値), "
        "points ポイント差 実績−目標 (for rates such as 収納率)",
    )
    baseline: ValueAtYearIn | None = Field(default=None, description="基準値 and its year")
    final_target: ValueAtYearIn | None = Field(default=None, description="最終目標値 and its year")
    targets: dict[int, Value | None] = Field(
        default_factory=dict, description='目標値 per year: {"2024": "100"}; years may be missing'
    )
    actuals: dict[int, Value | None] = Field(
        default_factory=dict,
        description="実績値 per year; written with that year's report (same workflow rules)",
    )
    # read-only fields of the GET, ignored here
    direction_label: str | None = None
    formula_label: str | None = None
    achievement: Any = None


class TargetChangeIn(StrictIn):
    """What a write that may change adopted baselines or targets says of the change."""

    reason: MultiLineStr = Field(
        default="",
        max_length=2000,
        description="変更の理由: required when a baseline or target set after the plan's "
        "adoption (its first round opened) is changed; recorded and shown publicly",
    )
    plan_version: int | None = Field(
        default=None,
        ge=0,
        le=32767,
        description="the revision (版 number, GET …/versions) the target change is part of; "
        "recorded with the change and shown with it",
    )


class IndicatorsIn(TargetChangeIn):
    indicators: list[IndicatorIn] = Field(description="the node's whole list, in order")
    version: int | None = Field(default=None, description="if sent, must equal If-Match")

    def items(self) -> list[dict[str, Any]]:
        return [
            i.model_dump(exclude={"direction_label", "formula_label", "achievement"})
            for i in self.indicators
        ]


class ValueAtYearOut(Schema):
    value: str | None
    fy: int | None


class AchievementOut(Schema):
    rate: str | None = Field(
        description='1 = 100% ("1.2" is 120%); null when not computable or for points'
    )
    points: str | None = Field(
        default=None, description='formula points: actual − target ("0.1"); else null'
    )
    percent: str = Field(description='"120.0%", "+0.1ポイント" (formula points), or "—"')
    formula: str = Field(description="how the rate was computed, or why it was not")
    achieved: bool | None = Field(description="null: not measured (target or actual missing)")


class IndicatorOut(Schema):
    name: str
    unit: str
    direction: str
    direction_label: str
    formula: str = Field(description="算出方法: auto, ratio, improvement or points")
    formula_label: str
    baseline: ValueAtYearOut
    final_target: ValueAtYearOut
    targets: dict[int, str]
    actuals: dict[int, str] = Field(description="outsiders: only years with a published report")
    achievement: dict[int, AchievementOut] = Field(description="every year of the plan period")


class IndicatorsOut(Schema):
    plan: str
    key: str
    indicators: list[IndicatorOut]
    version: int = Field(description='0 while the node has none; PUT with If-Match: "0"')
    updated_at: dt.datetime | None


# ---- fiscal effects -----------------------------------------------------------------------


class EffectIn(StrictIn):
    kind: Kind = Field(description="区分: revenue 歳入確保, expenditure 歳出削減, other その他")
    target_yen: Yen | None = Field(default=None, description="目標額 (円), at most ±1兆円")
    actual_yen: Yen | None = Field(
        default=None, description="実績額 (円), at most ±1兆円; written with the year's report"
    )
    note: MultiLineStr = Field(default="", description="算出方法 (at most 2,000 characters)")
    kind_label: str | None = None  # read-only field of the GET, ignored


class EffectsIn(TargetChangeIn):
    effects: list[EffectIn] = Field(
        max_length=MAX_EFFECT_ROWS,
        description=f"the node's whole list for the year, in order (at most {MAX_EFFECT_ROWS})",
    )
    version: int | None = Field(default=None, description="if sent, must equal If-Match")

    def items(self) -> list[dict[str, Any]]:
        return [e.model_dump(exclude={"kind_label"}) for e in self.effects]


class EffectOut(Schema):
    kind: str
    kind_label: str
    target_yen: int | None
    actual_yen: int | None = Field(description="null: not entered, or not yet published")
    note: str


class EffectsOut(Schema):
    plan: str
    key: str
    fiscal_year: int
    fiscal_year_label: str
    effects: list[EffectOut]
    version: int = Field(description='0 while nobody has written them; PUT with If-Match: "0"')
    updated_at: dt.datetime | None


# ---- plan-level targets -------------------------------------------------------------------


class EffectTargetIn(StrictIn):
    kind: Kind | None = Field(default=None, description="null: all kinds together")
    fiscal_year: int | None = Field(default=None, strict=True, description="null: whole period")
    target_yen: Yen = Field(description="目標額 (円), at most ±1兆円")
    label: LineStr = Field(default="", description="名称, e.g. 5年間の財政効果額")


class EffectTargetsIn(TargetChangeIn):
    targets: list[EffectTargetIn]
    version: int | None = Field(default=None, description="if sent, must equal If-Match")

    def items(self) -> list[dict[str, Any]]:
        return [t.model_dump() for t in self.targets]


class EffectTargetOut(Schema):
    kind: str | None
    fiscal_year: int | None
    target_yen: int
    label: str


class EffectTargetsOut(Schema):
    plan: str
    targets: list[EffectTargetOut]
    version: int = Field(
        description="0 while there are none, else a fingerprint of the list (not a counter)"
    )


# ---- roll-up (plain pydantic: see above) --------------------------------------------------


class MoneyOut(BaseModel):
    target_yen: int
    actual_yen: int


class SpanOut(MoneyOut):
    by_kind: dict[str, MoneyOut]


class RollupEffectsOut(BaseModel):
    single_year: SpanOut = Field(description="単年度: that year alone")
    cumulative: SpanOut = Field(description="累計: from the plan's first year through that year")


class OnTrackOut(BaseModel):
    count: int
    rated: int
    share: float | None = Field(description="count / rated, 4 places; null when none rated")


class RollupNodeOut(BaseModel):
    tracked: int = Field(description="tracked nodes at or below this one")
    reported: int = Field(description="of which have a report this year (that the caller sees)")
    ratings: dict[str, dict[str, int]] = Field(description="scale → value → count")
    on_track: dict[str, OnTrackOut]
    effects: RollupEffectsOut
    indicators: dict[str, int] = Field(description="achieved, not_achieved, not_measured")


class TargetRateOut(BaseModel):
    kind: str | None
    fiscal_year: int | None
    target_yen: int
    label: str
    span: Literal["single_year", "cumulative"]
    actual_yen: int
    rate: str | None = Field(description="actual ÷ target; may exceed 1 (100%)")
    percent: str


class RollupPlanOut(RollupNodeOut):
    effect_targets: list[TargetRateOut] = Field(
        description="plan targets of that year (against 単年度) and of the whole period "
        "(against 累計)"
    )


class RollupOut(BaseModel):
    fy: int
    fiscal_year_label: str
    published_only: bool = Field(description="true: the public variant (published data only)")
    coverage: YearCoverageOut = Field(
        description="how much of the year is published (公表済 n / N 項目): the public totals "
        "cover those items alone, targets and actuals alike"
    )
    plan: RollupPlanOut
    nodes: dict[str, RollupNodeOut] = Field(description="every node of the plan, by key")


# ---- what the node endpoint adds (GET /plans/{slug}/nodes/{key}) --------------------------


class NodeEffectsOut(Schema):
    fiscal_year: int
    fiscal_year_label: str
    effects: list[EffectOut]
    version: int
    url: str  # the API address of the year's effects


class NodeMeasuresDetailOut(NodeDetailOut):
    indicators: list[IndicatorOut] = Field(description="成果指標 with achievement per year")
    indicators_version: int
    effects: list[NodeEffectsOut] = Field(description="財政効果額 per year that has any")
    committee_opinions: list[PublishedOpinionOut] = Field(
        description="委員会意見 with their 対応, once published (公表) with the year's report"
    )


class AreaEffectOut(BaseModel):
    kind: str = Field(description="revenue 歳入確保, expenditure 歳出削減, other その他")
    label: str
    target_yen: int = Field(description="目標額（円）: the targets of the published items only")
    actual_yen: int = Field(description="実績額（円）of the published items")


class AreaRollupOut(BaseModel):
    code: str = Field(description="都道府県コード (JIS X 0401, 2 digits); 00 for the nation")
    name: str
    municipalities: int
    plans: int
    tracked_items: int = Field(description="取組（記録する項目）in the plans' structure that year")
    published_items: int = Field(description="items whose report of the year is published")
    rated: int = Field(
        description="published items rated on their plan's last scale (達成度 by default)"
    )
    on_track: int = Field(description="of those, rated with a value that counts as 順調")
    effects: list[AreaEffectOut]


class NationalRollupOut(BaseModel):
    fiscal_year: int
    nation: AreaRollupOut
    prefectures: list[AreaRollupOut]
