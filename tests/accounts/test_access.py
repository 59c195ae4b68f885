from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from gyokaku.accounts.access import actor_for
from gyokaku.accounts.services import node_departments_set, user_add
from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Invalid, Refused
from gyokaku.plans.models import Municipality

pytestmark = pytest.mark.django_db


def test_an_actor_is_resolved_in_two_queries(world: Any, django_assert_num_queries: Any) -> None:
    user = type(world.users["alice"]).objects.get(pk=world.users["alice"].pk)
    with django_assert_num_queries(2):
        actor = actor_for(user)
        actor_for(user)  # cached on the user for the rest of the request
    assert actor.role == "editor" and actor.department_ids == {world.dx.pk}
    assert actor.is_internal(world.plan) and not actor.is_internal(world.other_plan)


def test_anonymous_is_nobody(world: Any) -> None:
    actor = actor_for(AnonymousUser())
    assert actor.is_anonymous and not actor.is_internal(world.plan)


def test_user_add_checks_role_and_departments(world: Any) -> None:
    aomori = Municipality.objects.get(code="022012")
    with pytest.raises(Invalid) as info:
        user_add(username="x", role="king", municipality=aomori, actor_label="t")
    assert "role" in info.value.problems
    with pytest.raises(Invalid) as info:
        user_add(
            username="x",
            role="editor",
            municipality=aomori,
            department_codes=["nope"],
            actor_label="t",
        )
    assert "nope" in info.value.problems["department"]
    with pytest.raises(Invalid):
        user_add(username="x", role="editor", municipality=aomori, actor_label="t")
    with pytest.raises(Invalid) as info:
        user_add(username="x", role="viewer", municipality=aomori, password="123", actor_label="t")
    assert "password" in info.value.problems


def test_assigning_departments_is_for_the_plan_office(world: Any) -> None:
    node = world.node("1-1")
    with pytest.raises(Refused):
        node_departments_set(node=node, departments=[world.shimin], actor=world.actor("alice"))
    node_departments_set(node=node, departments=[world.shimin], actor=world.actor("carol"))
    assert list(node.departments.all()) == [world.shimin]
    assert AuditEvent.objects.get(action="node.departments").changes == {
        "departments": [["dx"], ["shimin"]]
    }
    assert actor_for(world.users["bob"]).owns_any(
        set(node.departments.values_list("pk", flat=True))
    )
