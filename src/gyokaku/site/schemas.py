"""Schemas of the API answers that combine the plan with its tracking data."""

from __future__ import annotations

from ninja import Schema

from gyokaku.committee.schemas import PublishedOpinionOut

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
    direction: str  # 今後の方向性: a code of the plan's list (Plan.direction_labels), or ""
    direction_label: str
    ratings: dict[str, str]  # {rating scale code: value code}
    committee_opinion: str  # 委員会意見 (the plan office's one text)
    committee_opinions: list[PublishedOpinionOut]  # the members' 意見 and 対応, once published
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
