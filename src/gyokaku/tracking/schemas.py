"""API schemas of the yearly cycle: one input and one output schema per operation.

Inputs forbid unknown fields, so a typo ("result_txt") is a 422 that names the field instead of
a silent no-op. Write inputs are partial: only the fields sent are written. Free text refuses
control characters other than tab and newlines (``text_fields``, issue 18).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from gyokaku.lib.text_fields import LineStr, MultiLineStr
from gyokaku.plans.schemas import DepartmentOut, NodeOut


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


# ---- progress reports ---------------------------------------------------------------------


class TransitionOut(Schema):
    action: str
    from_state: str
    to_state: str
    from_step: str = Field(description="承認ルートの段階（課長確認 …）; empty without a chain")
    to_step: str = Field(description="承認ルートの段階; empty without a chain or when it left it")
    actor: str
    at: dt.datetime
    comment: str


class ProgressOut(Schema):
    plan: str
    key: str
    fiscal_year: int
    fiscal_year_label: str  # 2024年度（令和6年度）
    result_text: str
    issues_text: str
    next_plan_text: str
    direction: str
    ratings: dict[str, str]
    committee_opinion: str
    state: str
    state_label: str
    step: str = Field(description="承認ルートで待っている段階のコード; empty when not waiting")
    step_label: str = Field(description="「課長確認待ち」など; empty when not waiting")
    version: int
    round_open: bool
    updated_at: dt.datetime
    transitions: list[TransitionOut] = Field(
        description="Workflow moves, oldest first; empty for callers outside the municipality"
    )


class ProgressIn(StrictIn):
    """Only the fields sent are written; send ``If-Match`` with the version you read."""

    result_text: MultiLineStr = Field(default="", description="取組実績")
    issues_text: MultiLineStr = Field(default="", description="課題")
    next_plan_text: MultiLineStr = Field(default="", description="次年度の予定")
    direction: str = Field(
        default="",
        description="今後の方向性: a code of the plan's list (plan file settings.directions; "
        "without one: continue 継続, expand 拡充, revise 見直し, complete 完了, abolish 廃止), "
        "or empty",
    )
    ratings: dict[str, str | None] = Field(
        default_factory=dict,
        description='{scale code: value code}; see GET …/rating-scales. null or "" clears.',
    )
    committee_opinion: MultiLineStr = Field(default="", description="委員会意見 (plan office only)")


class StaleOut(Schema):
    """412: what the record looks like now, and what changed since the version you sent."""

    detail: str
    current_version: int
    changed: dict[str, list[Any]] | None = Field(
        description="{field: [value at your version, value now]}; null if not on record"
    )
    current: dict[str, Any]


# The actions of workflow.MOVES (a test keeps the two equal); a Literal documents them in
# the OpenAPI schema and makes an unknown action a 422 that names the field.
Action = Literal["submit", "return", "approve", "publish", "reopen", "confirm"]


class TransitionIn(StrictIn):
    action: Action = Field(
        description="submit 提出, return 差戻し, approve 承認, publish 公表, reopen 再開, "
        "confirm 確認 (a plan with an approval chain: pass the report on to the next step)"
    )
    comment: MultiLineStr = Field(
        default="", max_length=5_000, description="Required for return, reopen"
    )
    to_step: str = Field(
        default="",
        max_length=30,
        description="return in an approval chain: the code of an earlier step to return to; "
        'empty or "department" returns the report to its department (差戻し)',
    )


class TransitionDoneOut(Schema):
    action: str
    from_state: str
    to_state: str
    from_step: str
    to_step: str
    actor: str
    at: dt.datetime
    comment: str
    state: str
    version: int


# ---- year plans ---------------------------------------------------------------------------


class YearPlanOut(Schema):
    plan: str
    key: str
    fiscal_year: int
    fiscal_year_label: str
    stage: str
    stage_label: str
    text: str
    version: int = Field(description='0 while nobody has written it; PUT with If-Match: "0"')
    updated_at: dt.datetime | None


class YearPlanIn(StrictIn):
    stage: str = Field(
        default="",
        description="工程: a code of the plan's list (plan file settings.stages; by default"
        " study 検討, prepare 準備, implement 実施, expand 拡充, complete 完了), or empty",
    )
    text: MultiLineStr = Field(default="", description="計画内容")


# ---- rounds -------------------------------------------------------------------------------


class RoundOut(Schema):
    fiscal_year: int
    fiscal_year_label: str
    is_open: bool
    deadline: dt.date | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    report_counts: dict[str, int] = Field(description="state → number of reports")


class RoundOpenIn(StrictIn):
    fiscal_year: int
    deadline: dt.date | None = None


class RoundReopenIn(StrictIn):
    reason: MultiLineStr = Field(max_length=500)


# ---- publishing a fiscal year (年度の公表) -------------------------------------------------


class YearCoverageOut(Schema):
    """How much of the year the public can read: ``published`` of the ``tracked`` items."""

    fiscal_year: int
    tracked: int = Field(description="items tracked that fiscal year (N)")
    published: int = Field(description="of which published (n)")
    complete: bool = Field(description="every tracked item is published (全項目公表済)")
    statement: str = Field(
        description="what the public year page says, e.g. "
        "令和7年度の実績：公表済 6 / 49 項目（一部公表）"
    )


class YearItemOut(Schema):
    key: str
    code: str = Field(description="the printed numbering (①)")
    title: str
    state: str | None = Field(description="the report's workflow state; null: no report")
    state_label: str
    departments: list[str]


class YearPublicationOut(Schema):
    """What publishing the year would do now (a dry run: nothing changes)."""

    fiscal_year: int
    fiscal_year_label: str
    to_publish: list[YearItemOut] = Field(description="approved: published by the POST")
    already: list[YearItemOut] = Field(description="published already")
    missing: list[YearItemOut] = Field(
        description="not approved yet: draft, submitted, returned, or no report"
    )
    now: YearCoverageOut
    after: YearCoverageOut


class YearPublishedOut(Schema):
    fiscal_year: int
    fiscal_year_label: str
    published: list[YearItemOut]
    coverage: YearCoverageOut


# ---- rating scales ------------------------------------------------------------------------


class RatingValueOut(Schema):
    code: str
    label: str
    description: str
    on_track: bool
    not_rated: bool


class RatingScaleOut(Schema):
    code: str
    name: str
    values: list[RatingValueOut]


# ---- what the node endpoint adds (GET /plans/{slug}/nodes/{key}) --------------------------


class NodeYearPlanOut(Schema):
    fiscal_year: int
    fiscal_year_label: str
    stage: str
    stage_label: str
    text: str
    version: int


class NodeProgressOut(Schema):
    fiscal_year: int
    fiscal_year_label: str
    state: str
    state_label: str
    direction: str
    ratings: dict[str, str]
    version: int
    url: str  # the API address of the full report


class CorrectionOut(Schema):
    """訂正: a published report published again with changes."""

    fiscal_year: int
    fiscal_year_label: str
    number: int  # the publication's number: 2 for the first correction
    published_at: dt.datetime
    date_label: str  # 令和8年12月5日
    changes: list[str]  # what changed, e.g. ["取組実績", "財政効果額（歳出削減）"]
    reason: str  # 訂正理由, "" when none was given


class NodeDetailOut(NodeOut):
    year_plans: list[NodeYearPlanOut] = Field(description="those the caller may see")
    progress: list[NodeProgressOut] = Field(description="reports the caller may see")
    published_at: dt.datetime | None = Field(
        None, description="更新日: the newest publication of the node's reports (null: none)"
    )
    corrections: list[CorrectionOut] = Field(
        default_factory=list, description="訂正 of the node's published reports, newest first"
    )


class NodeDepartmentsIn(StrictIn):
    departments: list[LineStr] = Field(description='所管課コード, e.g. ["dx"]; [] clears')


class NodeDepartmentsOut(Schema):
    key: str
    departments: list[DepartmentOut]
