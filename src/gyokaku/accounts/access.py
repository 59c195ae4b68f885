"""Who may see and do what. Every read and write goes through these checks.

An Actor is the caller resolved once per request: anonymous, or a user with a role in one
municipality and a set of departments. Plan structure is public; everything about progress is
internal to the plan's municipality until it is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gyokaku.accounts.models import Profile, Role
from gyokaku.plans.models import Plan

PLAN_OFFICE = frozenset({Role.ADMIN, Role.COORDINATOR})


@dataclass(frozen=True)
class Actor:
    user: Any = None  # a User, or None for anonymous callers
    municipality_id: int | None = None
    role: str | None = None
    department_ids: frozenset[int] = field(default_factory=frozenset)
    # The 部 (bureaus) of those departments: where a 部長 acts in an approval chain.
    bureau_ids: frozenset[int] = field(default_factory=frozenset)
    # Who a user-less actor is in the audit log, e.g. "cli:alice" for the command line.
    name: str = ""
    # A committee member (委員会委員): the municipality whose committee they sit on. Such an
    # actor has no ``municipality_id``: nothing internal is theirs, only what the plan office
    # shares with the committee (gyokaku.committee.rules).
    committee_of: int | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @property
    def label(self) -> str:
        if self.user is not None:
            return str(self.user.get_username())
        return self.name or "anonymous"

    @property
    def is_committee(self) -> bool:
        return self.committee_of is not None

    @property
    def is_plan_office(self) -> bool:
        return self.role in PLAN_OFFICE

    def is_internal(self, plan: Plan) -> bool:
        """Reads everything of this plan, drafts included."""
        return self.role is not None and self.municipality_id == plan.municipality_id

    def is_plan_office_of(self, plan: Plan) -> bool:
        return self.is_plan_office and self.is_internal(plan)

    def owns_any(self, department_ids: set[int] | frozenset[int]) -> bool:
        return bool(self.department_ids & set(department_ids))


ANONYMOUS = Actor()


def actor_for(user: Any) -> Actor:
    """Resolve a user to an Actor in at most two queries (profile, departments)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_gyokaku_actor", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not user.is_active:
        actor = Actor(user=user)
    elif profile.role == Role.COMMITTEE:
        # Outside the city hall: every internal check (``is_internal``, ``visible_q`` …) treats
        # a member as the public, whatever it forgets to ask about the role.
        actor = Actor(user=user, role=profile.role, committee_of=profile.municipality_id)
    else:
        rows = list(profile.departments.values_list("pk", "bureau_id"))
        actor = Actor(
            user=user,
            municipality_id=profile.municipality_id,
            role=profile.role,
            department_ids=frozenset(pk for pk, _ in rows),
            bureau_ids=frozenset(bureau for _, bureau in rows if bureau is not None),
        )
    user._gyokaku_actor = actor
    return actor
