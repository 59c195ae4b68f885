"""An approval chain (承認ルート) on the test plan, and the people who act at its steps.

``add_chain(world)`` groups the departments into 部 and adds:
- kacho-dx       課長 of 情報政策課 (dx, which owns 1-1 and 1-2), in 総務部
- kacho-shimin   課長 of 市民課 (shimin, which owns 2), in 市民生活部
- bucho-somu     部長 of 総務部 (their department: dx)
- bucho-shimin   部長 of 市民生活部 (their department: shimin)
and, unless ``steps`` is False, sets the chain 課長確認 (kacho) → 部長確認 (bucho) → 行革担当確認
(gyokaku, the plan office). Without the chain, the people are there and the plan has none.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from tests.support.world import PASSWORD, World

from gyokaku.accounts.services import bureau_upsert, user_add
from gyokaku.tracking.services import StepSpec, chain_set

STEPS = [
    StepSpec("kacho", "課長確認", "chief"),
    StepSpec("bucho", "部長確認", "director"),
    StepSpec("gyokaku", "行革担当確認", "coordinator"),
]
CHAIN_PEOPLE = {
    "kacho-dx": ("chief", ["dx"]),
    "kacho-shimin": ("chief", ["shimin"]),
    "bucho-somu": ("director", ["dx"]),
    "bucho-shimin": ("director", ["shimin"]),
}


def add_chain(world: World, *, steps: bool = True) -> World:
    aomori = world.plan.municipality
    bureau_upsert(
        municipality=aomori, code="somu", name="総務部", department_codes=["dx"], actor_label="test"
    )
    bureau_upsert(
        municipality=aomori,
        code="shimin",
        name="市民生活部",
        department_codes=["shimin"],
        actor_label="test",
    )
    for name, (role, codes) in CHAIN_PEOPLE.items():
        user = user_add(
            username=name,
            role=role,
            municipality=aomori,
            department_codes=codes,
            password=PASSWORD,
            actor_label="test",
        )
        world.users[name] = get_user_model().objects.get(pk=user.pk)
    if steps:
        chain_set(plan=world.plan, steps=STEPS, actor=world.actor("carol"))
    return world
