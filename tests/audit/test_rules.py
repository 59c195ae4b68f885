"""audit/rules.py: the audit log is the plan office's and the administrators'."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.accounts.access import ANONYMOUS
from gyokaku.audit.rules import can_read_audit
from gyokaku.lib.errors import Refused

pytestmark = pytest.mark.django_db

ONLY = "監査ログは計画担当（行政経営課）とシステム管理者だけが見られます"
# without a plan (the municipality's whole log) no plan's office name applies
ONLY_ANY_PLAN = "監査ログは計画担当とシステム管理者だけが見られます"


@pytest.mark.parametrize("who", ["carol", "erin"])
def test_the_office_reads_its_log(world: Any, who: str) -> None:
    assert can_read_audit(world.actor(who)) is None
    assert can_read_audit(world.actor(who), world.plan) is None


@pytest.mark.parametrize(
    ("who", "of_plan"), [("alice", False), ("dave", True), ("mallory", True), (None, False)]
)
def test_others_are_refused(world: Any, who: str | None, of_plan: bool) -> None:
    actor = ANONYMOUS if who is None else world.actor(who)
    reason = can_read_audit(actor, world.plan if of_plan else None)
    assert reason == (ONLY if of_plan else ONLY_ANY_PLAN)
    assert reason is not None and reason.error is Refused
