"""Who may read and write what of the committee's review (as tracking/rules.py): ``can_…``
returns the reason why not (a ``Reason``: Hidden 404, Refused 403, Conflict 409), or None.

- Read a shared year: the plan's municipality (every internal role) and the members of its
  committee. Anybody else, and everybody for a year not shared, learns nothing (404).
- Opinions (意見): members write their own while the year is open (意見受付中); the plan office
  edits or withdraws (取下げ) any until it is published.
- Replies (対応): the editors of the item's departments (所管課) and the plan office, until the
  year is published.
- Share, close (確定) and publish (公表): the plan office.
"""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview
from gyokaku.lib.errors import Conflict, Hidden, Reason, Refused
from gyokaku.plans.models import Plan

NOT_SHARED = "この年度の資料は委員会に共有されていません"


def sees_committee_of(actor: Actor, plan: Plan) -> bool:
    """The plan's people, and the members of its municipality's committee."""
    return actor.is_internal(plan) or actor.committee_of == plan.municipality_id


def can_read_review(actor: Actor, review: CommitteeReview) -> Reason | None:
    if not sees_committee_of(actor, review.plan):
        return Reason(Hidden, NOT_SHARED)
    return None


def can_manage_review(actor: Actor, plan: Plan, doing: str) -> Reason | None:
    """Share (共有), close (確定) or publish (公表) a year: the plan office of the plan."""
    if not sees_committee_of(actor, plan):
        return Reason(Hidden, NOT_SHARED)
    if not actor.is_plan_office_of(plan):
        return Reason(Refused, f"{doing}は{plan.office_label}だけが行えます")
    return None


def can_write_opinion(actor: Actor, review: CommitteeReview) -> Reason | None:
    """A new opinion: a member of the committee, while the year is open."""
    if reason := can_read_review(actor, review):
        return reason
    if not actor.is_committee:
        return Reason(Refused, "委員会意見は委員会委員が記入します")
    if not review.is_open:
        return Reason(Conflict, f"意見の受付は終わりました（{review.state_label}）")
    return None


def can_edit_opinion(actor: Actor, opinion: CommitteeOpinion) -> Reason | None:
    """Change an opinion's text: its author while the year is open, the plan office until
    the year is published."""
    review = opinion.review
    if reason := can_read_review(actor, review):
        return reason
    if actor.is_plan_office_of(review.plan):
        if review.is_published:
            return Reason(Conflict, "公表した委員会意見は変更できません")
        return None
    if not actor.is_committee:
        return Reason(Refused, "委員会意見は記入した委員と計画担当だけが変更できます")
    if opinion.author_id != getattr(actor.user, "pk", None):
        return Reason(Refused, "ほかの委員の意見は変更できません")
    if opinion.withdrawn:
        return Reason(Conflict, "取り下げた意見は変更できません")
    if not review.is_open:
        return Reason(Conflict, f"意見の受付は終わりました（{review.state_label}）")
    return None


def can_withdraw_opinion(actor: Actor, opinion: CommitteeOpinion) -> Reason | None:
    """取下げ (or bring back): the plan office, until the year is published."""
    if reason := can_manage_review(actor, opinion.review.plan, "委員会意見の取下げ"):
        return reason
    if opinion.review.is_published:
        return Reason(Conflict, "公表した委員会意見は変更できません")
    return None


def can_reply(actor: Actor, opinion: CommitteeOpinion) -> Reason | None:
    """対応: the editors of the item's departments and the plan office, until published."""
    review = opinion.review
    if reason := can_read_review(actor, review):
        return reason
    if not actor.is_plan_office_of(review.plan):
        if actor.role != Role.EDITOR:
            return Reason(Refused, "委員会意見への対応は所管課と計画担当が記入します")
        if not actor.owns_any({d.pk for d in opinion.node.departments.all()}):
            return Reason(Refused, "担当していない所管課の取組には対応を記入できません")
    if review.is_published:
        return Reason(Conflict, "公表した委員会意見への対応は変更できません")
    if opinion.withdrawn:
        return Reason(Conflict, "取り下げた意見には対応を記入できません")
    return None
