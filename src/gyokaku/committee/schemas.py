"""API schemas of the committee: its shared years, the opinions with their replies, and what
the public reads of them once published."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from gyokaku.lib.text_fields import MultiLineStr


class PublishedOpinionOut(Schema):
    """委員会意見 with the department's 対応, as published (公表) with the report."""

    fiscal_year: int
    fiscal_year_label: str
    member: str = Field(description="委員: the member who wrote it")
    opinion: str = Field(description="意見")
    reply: str = Field(description='対応: the department\'s reply ("" if none)')


class ReviewOut(Schema):
    plan: str
    fiscal_year: int
    fiscal_year_label: str
    meeting_name: str = Field(description="会議名")
    meeting_date: datetime.date | None = Field(description="会議の日")
    state: str = Field(description="open 意見受付中, closed 確定, published 公表済")
    state_label: str


class OpinionOut(Schema):
    id: int
    key: str = Field(description="the item's key")
    number: str = Field(description="the item's number as printed (1-①)")
    title: str
    member: str
    opinion: str
    reply: str
    reply_at: datetime.datetime | None
    withdrawn: bool = Field(description="取下げ (seen by the plan office only)")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class OpinionIn(Schema):
    key: str = Field(description="the item's key", max_length=200)
    opinion: MultiLineStr = Field(max_length=4000)


class OpinionUpdateIn(Schema):
    opinion: MultiLineStr = Field(max_length=4000)


class ReplyIn(Schema):
    reply: MultiLineStr = Field(max_length=4000, description='対応 ("" clears it)')
