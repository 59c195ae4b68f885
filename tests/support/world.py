"""The people and places every permission test uses (named users, as healthchecks does).

Aomori (022012) runs the small test plan with two departments:
- alice   editor of 情報政策課 (dx), which owns 1-1 and 1-2
- bob     editor of 市民課 (shimin), which owns 2
- carol   coordinator (計画担当)
- dave    viewer
- erin    admin
Sapporo (011002) runs its own plan:
- mallory coordinator of Sapporo, and sapporo-editor of its 市民課
The FY2024 round of the Aomori plan is open, with a draft report for every tracked node.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.accounts.models import Department
from gyokaku.accounts.services import user_add
from gyokaku.plans.models import Municipality, Node, Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import ProgressReport, Round
from gyokaku.tracking.services import round_open

PASSWORD = "correct horse battery staple"

TEST_PLAN: dict[str, Any] = {
    "format": "gyokaku-plan/1",
    "municipality": {"code": "022012", "name": "青森市"},
    "slug": "test-2024-2028",
    "title": "テスト行財政改革プラン",
    "period": {"start_fy": 2024, "end_fy": 2028},
    "parent_plan": "テスト総合計画",
    "lead": "",
    "background": "",
    "departments": [{"code": "dx", "name": "情報政策課"}, {"code": "shimin", "name": "市民課"}],
    "levels": [
        {"depth": 1, "name": "柱", "description": "", "numbering": "1"},
        {"depth": 2, "name": "項目", "description": "", "numbering": "①"},
    ],
    "nodes": [
        {
            "key": "1",
            "code": "1",
            "level": 1,
            "title": "DXの推進",
            "description": "",
            "departments": [],
            "children": [
                {
                    "key": "1-1",
                    "code": "①",
                    "level": 2,
                    "title": "書かない窓口の導入",
                    "description": "",
                    "departments": ["dx"],
                    "children": [],
                },
                {
                    "key": "1-2",
                    "code": "②",
                    "level": 2,
                    "title": "電子契約の導入",
                    "description": "",
                    "departments": ["dx"],
                    "children": [],
                },
            ],
        },
        {
            "key": "2",
            "code": "2",
            "level": 1,
            "title": "市民の声を市政に反映",
            "description": "",
            "departments": ["shimin"],
            "children": [],
        },
    ],
}


@dataclass
class World:
    plan: Plan
    other_plan: Plan
    dx: Department
    shimin: Department
    round: Round
    users: dict[str, Any]

    def actor(self, name: str) -> Actor:
        return actor_for(self.users[name])

    def report(self, key: str, fy: int = 2024, plan: Plan | None = None) -> ProgressReport:
        return ProgressReport.objects.get(
            node__plan=plan or self.plan, node__key=key, fiscal_year=fy
        )

    def node(self, key: str, plan: Plan | None = None) -> Node:
        return Node.objects.get(plan=plan or self.plan, key=key)


def build_world() -> World:
    data = copy.deepcopy(TEST_PLAN)
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    other = copy.deepcopy(TEST_PLAN)
    other.update(
        slug="sapporo-2025-2029",
        municipality={"code": "011002", "name": "札幌市"},
        period={"start_fy": 2025, "end_fy": 2029},
    )
    plan_import(plan_file=validate_plan_data(other), actor_label="test")
    aomori = Municipality.objects.get(code="022012")
    sapporo = Municipality.objects.get(code="011002")
    people = {
        "alice": ("editor", aomori, ["dx"]),
        "bob": ("editor", aomori, ["shimin"]),
        "carol": ("coordinator", aomori, []),
        "dave": ("viewer", aomori, []),
        "erin": ("admin", aomori, []),
        "mallory": ("coordinator", sapporo, []),
        "sapporo-editor": ("editor", sapporo, ["shimin"]),
    }
    users = {
        name: user_add(
            username=name,
            role=role,
            municipality=municipality,
            department_codes=codes,
            password=PASSWORD,
            actor_label="test",
        )
        for name, (role, municipality, codes) in people.items()
    }
    plan = Plan.objects.get(slug="test-2024-2028")
    other_plan = Plan.objects.get(slug="sapporo-2025-2029")
    round_ = round_open(plan=plan, fiscal_year=2024, actor=actor_for(users["carol"]))
    round_open(plan=other_plan, fiscal_year=2025, actor=actor_for(users["mallory"]))
    return World(
        plan=plan,
        other_plan=other_plan,
        dx=Department.objects.get(municipality=aomori, code="dx"),
        shimin=Department.objects.get(municipality=aomori, code="shimin"),
        round=round_,
        users={name: get_user_model().objects.get(pk=u.pk) for name, u in users.items()},
    )


class StaffClient(Client):
    """A Client that enforces CSRF and sends the token on every POST, like the page's forms."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(enforce_csrf_checks=True, **kwargs)

    def csrf_token(self) -> str:
        # A form sets the CSRF cookie: the logout form on every page for someone logged in, the
        # login form for anyone else (anonymous pages have no form and set no cookie).
        for page in ("/", "/accounts/login/"):
            if "csrftoken" not in self.cookies:
                self.get(page)
        return str(self.cookies["csrftoken"].value)

    def post(self, path: str, data: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        data = dict(data or {})
        data.setdefault("csrfmiddlewaretoken", self.csrf_token())
        return super().post(path, data, **kwargs)
