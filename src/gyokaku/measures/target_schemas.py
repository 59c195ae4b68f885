"""API schemas of target changes (目標値の変更) and proposals (目標値の変更提案)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from gyokaku.lib.text_fields import MultiLineStr
from gyokaku.tracking.schemas import StrictIn

FieldName = Literal[
    "baseline_value", "baseline_fy", "target", "final_target_value", "final_target_fy", "target_yen"
]


class TargetChangeOut(Schema):
    key: str | None = Field(description="the item's key; null for the plan's own 目標額")
    subject: Literal["indicator", "effect", "plan"]
    label: str = Field(description="the indicator's name, the effect's kind, the target's name")
    unit: str
    field: FieldName
    field_label: str = Field(description="基準値, 目標値, 最終目標値, 目標額 …")
    fiscal_year: int | None
    old_value: str | None = Field(description="as stored: a decimal, yen, or a fiscal year")
    new_value: str | None
    description: str = Field(description="what changed, as people read it")
    old_label: str = Field(description="the old value as people read it (千円, △, 和暦)")
    new_label: str
    reason: str = Field(description="変更の理由")
    changed_on: dt.date
    plan_version: int | None = Field(description="the revision (版) it is part of, if any")


class TargetChangesOut(Schema):
    plan: str
    changes: list[TargetChangeOut]


class TargetProposalIn(StrictIn):
    key: str = Field(description="the item's key")
    subject: Literal["indicator", "effect"]
    position: int = Field(ge=0, description="the indicator's (or the year's effect row's) index")
    field: FieldName
    fiscal_year: int | None = Field(
        default=None, description="the year, for a year's 目標値 or a 目標額"
    )
    value: str | None = Field(description="the proposed value; null or empty: no value")
    reason: MultiLineStr = Field(max_length=2000, description="提案の理由")


class TargetProposalOut(Schema):
    id: int
    key: str
    subject: str
    label: str
    field: str
    fiscal_year: int | None
    old_value: str | None
    new_value: str | None
    reason: str
    state: Literal["proposed", "accepted", "declined"]
    state_label: str
    proposed_on: dt.date
    proposed_by: str
    decided_on: dt.date | None
    comment: str


class TargetProposalsOut(Schema):
    plan: str
    proposals: list[TargetProposalOut]


class ProposalDecisionIn(StrictIn):
    decision: Literal["accept", "decline"]
    comment: MultiLineStr = Field(
        default="", max_length=2000, description="計画担当のコメント (required to decline)"
    )
