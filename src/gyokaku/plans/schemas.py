"""API output schemas for the plan structure (one per operation: docs/development.md, "How we
write code")."""

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
