"""Who may do what with people and the plan office's work: ``can_…`` returns the reason why
not (a ``Reason``, the Japanese message with the error it raises), or None when allowed.
Services enforce a rule (``enforce``, ``require_plan_office``); pages ask it (``… is None``).
"""

from __future__ import annotations

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import ApiToken, Profile, Role
from gyokaku.lib.errors import Reason, Refused, enforce
from gyokaku.plans.models import Plan


def can_act_as_plan_office(actor: Actor, plan: Plan, doing: str) -> Reason | None:
    """The plan office (計画担当・システム管理者) of the plan's municipality; ``doing`` names
    the work in the message (進捗調査の開始 …)."""
    if not actor.is_plan_office_of(plan):
        return Reason(Refused, f"{doing}は計画担当（行政経営課）だけが行えます")
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
