"""API output schemas for the plan structure (one per operation: docs/development.md, "How we
write code")."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class MunicipalityOut(Schema):
    code: str
    name: str


class PeriodOut(Schema):
    start_fy: int
    end_fy: int
    label: str  # 2024年度（令和6年度）〜2028年度（令和10年度）


class LevelOut(Schema):
    depth: int
    name: str
    description: str
    numbering: str


class PlanSummaryOut(Schema):
    slug: str
    title: str
    municipality: MunicipalityOut
    period: PeriodOut
    url: str


class ScheduleOut(Schema):
    fiscal_year: int
    stage: str = Field(
        description="工程: study 検討, prepare 準備, implement 実施, expand 拡充, complete 完了"
    )
    text: str


class SheetOut(Schema):
    """個票: plan data, public like the item's title."""

    content: str = Field(description="取組内容")
    situation: str = Field(description="現状と課題")
    goal: str = Field(description="目標")
    schedule: list[ScheduleOut] = Field(description="年度別工程")
    effect_fiscal: str = Field(description="見込まれる効果（財政効果）")
    effect_other: str = Field(description="見込まれる効果（その他の効果）")


class NodeTreeOut(Schema):
    key: str
    code: str
    level: int
    title: str
    description: str
    children: list[NodeTreeOut]
    sheet: SheetOut | None = Field(default=None, description="個票 (null: none)")
    # The node's life in the plan (改定): added later, or ended from a fiscal year.
    first_fy: int | None = Field(default=None, description="開始年度: added by a revision")
    ended_fy: int | None = Field(
        default=None, description="終了年度: the first fiscal year no longer tracked"
    )
    end_kind: str = Field(
        default="", description="abolished (廃止) | merged (統合) | completed (完了)"
    )


NodeTreeOut.model_rebuild()


class DirectionOut(Schema):
    code: str
    label: str


class PlanOut(PlanSummaryOut):
    parent_plan: str
    lead: str
    background: str
    office_name: str = Field(description="行革担当課の名称 (計画の設定; default 行政経営課)")
    directions: list[DirectionOut] = Field(
        description="今後の方向性 the plan's reports choose from, in order (the plan's own list "
        "or the default); a report's direction is one of these codes or empty"
    )
    stages: list[DirectionOut] = Field(
        description="工程 the 個票 and year plans choose from, in order (the plan's own list or "
        "the default); a year plan's stage is one of these codes or empty"
    )
    levels: list[LevelOut]
    node_count: int
    nodes: list[NodeTreeOut]


class NodeRefOut(Schema):
    key: str
    code: str
    level: int
    title: str


class DepartmentOut(Schema):
    code: str
    name: str


class NodeOut(Schema):
    plan: str
    key: str
    code: str
    level: int
    level_name: str
    title: str
    description: str
    parent_key: str | None
    departments: list[DepartmentOut]  # 担当課
    ancestors: list[NodeRefOut]
    children: list[NodeRefOut]
    is_leaf: bool
    reported: bool = Field(
        default=True,
        description="報告単位: reports, year plans, indicators and effects are kept for this node "
        "(a leaf, or a node the plan reports on with the nodes below it as lines)",
    )
    line_of: NodeRefOut | None = Field(
        default=None, description="内訳: the reporting unit whose reports this node is a line of"
    )
    url: str
    sheet: SheetOut | None = Field(default=None, description="個票 (null: none)")
    # The node's life in the plan (改定・中間見直し); absent before issue 12, so all defaulted.
    first_fy: int | None = Field(
        default=None, description="開始年度: the first fiscal year tracked (added by a revision)"
    )
    ended_fy: int | None = Field(
        default=None,
        description="終了年度: the first fiscal year no longer tracked (ended by a revision)",
    )
    end_kind: str = Field(
        default="", description="abolished (廃止) | merged (統合) | completed (完了) | ''"
    )
    end_label: str = Field(default="", description="廃止（令和8年度から）, as pages show it")
    end_note: str = Field(default="", description="終了の理由")
    merged_into: NodeRefOut | None = Field(default=None, description="統合先 (merged only)")
    former_keys: list[str] = Field(
        default_factory=list, description="keys the node had before a revision renumbered it"
    )
    added_in_version: int | None = Field(default=None, description="版 that added the node")
    ended_in_version: int | None = Field(default=None, description="版 that ended the node")


class PlanVersionOut(Schema):
    number: int = Field(description="版: 0 is the adopted plan (策定)")
    kind: str = Field(description="adopted (策定) | revised (改定) | midterm (中間見直し)")
    kind_label: str
    decided_on: dt.date | None = Field(description="策定日・改定日")
    decided_on_label: str = Field(description="令和8年3月27日 (和暦), '' when unknown")
    effective_fy: int = Field(description="適用年度: the first fiscal year of this structure")
    effective_fy_label: str
    reason: str = Field(description="改定の理由")
    summary: list[str] = Field(description="主な変更: items added, ended, merged, renumbered")
