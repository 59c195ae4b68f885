"""API output schemas for the plan structure (one per operation, as CONVENTIONS asks)."""

from __future__ import annotations

from ninja import Schema


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


class NodeTreeOut(Schema):
    key: str
    code: str
    level: int
    title: str
    description: str
    children: list[NodeTreeOut]


NodeTreeOut.model_rebuild()


class PlanOut(PlanSummaryOut):
    parent_plan: str
    lead: str
    background: str
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
    url: str


# ---- the public lists: reports of a plan, changes between two years --------------------------


class YearPlanBriefOut(Schema):
    stage: str  # study 検討, prepare 準備, implement 実施, expand 拡充, complete 完了, or ""
    stage_label: str
    text: str


class ReportItemOut(Schema):
    """A progress report (取組状況) in the list of a plan's reports."""

    key: str
    code: str
    title: str
    fiscal_year: int
    fiscal_year_label: str
    state: str  # always "published" for outsiders
    state_label: str
    result_text: str  # 取組実績
    issues_text: str  # 課題
    next_plan_text: str  # 次年度の予定
    direction: str  # 今後の方向性: continue, expand, revise, complete, abolish, or ""
    direction_label: str
    ratings: dict[str, str]  # {rating scale code: value code}
    committee_opinion: str  # 委員会意見
    year_plan: YearPlanBriefOut | None  # 年度計画 of the same node and year
    version: int
    url: str  # the report in the API (GET for its ETag, PUT, transitions)
    page_url: str  # the node's page, with its year-by-year history


class ChangeMoneyOut(Schema):
    """Its own name: as ``MoneyOut`` it shared the roll-up's name in the OpenAPI components,
    whose non-null fields then described these nullable ones."""

    target_yen: int | None
    actual_yen: int | None  # null: not entered, or that year is not published


class ChangeItemOut(Schema):
    """One tracked node whose published data changed from ``from_fy`` to ``to_fy``."""

    key: str
    code: str
    title: str
    pillar_key: str
    from_fy: int
    to_fy: int
    published_before: bool  # false: new, published in to_fy only
    changed: list[str]  # ratings.<scale>, direction, stage, effects, published
    ratings_before: dict[str, str]
    ratings_after: dict[str, str]
    direction_before: str
    direction_after: str
    stage_before: str
    stage_after: str
    effects_before: ChangeMoneyOut
    effects_after: ChangeMoneyOut
    page_url: str
