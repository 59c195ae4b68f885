"""Who may attach, remove and read 根拠資料. Writing follows the report's text (its department
or the plan office, while the round is open and the report is a draft or returned); reading
follows the report, and the public reads only what was published with it."""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.lib.errors import Reason
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.rules import can_edit_report


def can_attach(actor: Actor, report: ProgressReport, department_ids: set[int]) -> Reason | None:
    return can_edit_report(actor, report, department_ids, {"result_text"})
