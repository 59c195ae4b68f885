"""Who may do what with people and the plan office's work: ``can_…`` returns the reason why
not (a ``Reason``, the Japanese message with the error it raises), or None when allowed.
Services enforce a rule (``enforce``, ``require_plan_office``); pages ask it (``… is None``).
"""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import ApiToken, Profile, Role
from gyokaku.lib.errors import Hidden, Reason, Refused, enforce
from gyokaku.plans.models import Plan


def can_act_as_plan_office(actor: Actor, plan: Plan, doing: str) -> Reason | None:
    """The plan office (計画担当・システム管理者) of the plan's municipality; ``doing`` names
    the work in the message (進捗調査の開始 …)."""
    if not actor.is_plan_office_of(plan):
        return Reason(Refused, f"{doing}は{plan.office_label}だけが行えます")
    return None


def require_plan_office(actor: Actor, plan: Plan, doing: str) -> None:
    enforce(can_act_as_plan_office(actor, plan, doing))


def can_revoke_token(actor: Actor, token: ApiToken) -> Reason | None:
    """One's own tokens, and as a system administrator those of one's municipality."""
    if token.user_id == getattr(actor.user, "pk", None):
        return None
    owner = Profile.objects.filter(user_id=token.user_id).first()
    same_place = owner is not None and owner.municipality_id == actor.municipality_id
    if actor.role != Role.ADMIN or not same_place:
        return Reason(Refused, "他の人のトークンは失効できません")
    return None


# Roles only a system administrator may give or change: they run the plan office.
OFFICE_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


def can_manage_people(actor: Actor) -> Reason | None:
    """The people and departments of one's municipality: the plan office (計画担当・システム
    管理者). Everybody else does not learn these pages exist (404)."""
    if not actor.is_plan_office or actor.municipality_id is None:
        return Reason(Hidden, "利用者の管理は計画担当・システム管理者だけが行えます")
    return None


def can_manage_person(actor: Actor, person: Profile | None, role: str) -> Reason | None:
    """Create (``person`` None) or change a person to ``role``. A coordinator manages 所管課
    担当者 and 閲覧者; only a system administrator gives or changes 計画担当 and システム管理者,
    and nobody changes their own role or stops their own account (no office locks itself out)."""
    if reason := can_manage_people(actor):
        return reason
    if person is not None and person.municipality_id != actor.municipality_id:
        return Reason(Hidden, "この利用者は見つかりません")
    if person is not None and person.user_id == getattr(actor.user, "pk", None):
        if role != person.role:
            return Reason(
                Refused, "自分の役割は変更できません。ほかのシステム管理者に依頼してください"
            )
    touches_office = role in OFFICE_ROLES or (person is not None and person.role in OFFICE_ROLES)
    if touches_office and actor.role != Role.ADMIN:
        return Reason(Refused, "計画担当・システム管理者の登録と変更はシステム管理者だけが行えます")
    return None


def can_stop_person(actor: Actor, person: Profile) -> Reason | None:
    """Stop (利用停止) or restart an account, or reset its password: as ``can_manage_person``
    for its current role, and never one's own account here (one's password: the usual page)."""
    if reason := can_manage_person(actor, person, person.role):
        return reason
    if person.user_id == getattr(actor.user, "pk", None):
        return Reason(Refused, "自分のアカウントはこの画面では操作できません")
    return None
