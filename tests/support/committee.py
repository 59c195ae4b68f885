"""The committee (行財政改革推進委員会) of the test world (tests/support/world.py).

``add_committee(world)`` adds, with the approval-chain people of tests/support/chain.py (a 課長
and a 部長 to stand for their roles, no chain set):
- iin-a        委員会委員 of Aomori (青森 一郎), author of the opinions below
- iin-b        委員会委員 of Aomori (青森 二郎)
- iin-sapporo  委員会委員 of Sapporo: nothing of Aomori is shared with them
and shares FY2024 of the test plan with the committee (meeting 第1回推進委員会), with iin-a's
opinions on 1-1 (情報政策課's) and 2 (市民課's). ``publish_committee`` takes the year to 公表:
the reports approved and published, the opinions (not withdrawn) replied, the year closed
and published.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from tests.support.chain import add_chain
from tests.support.world import PASSWORD, World

from gyokaku.accounts.services import user_add
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview
from gyokaku.committee.services import opinion_add, opinion_reply, review_move, review_share
from gyokaku.plans.models import Municipality
from gyokaku.tracking.workflow import transition_apply

MEMBERS = {
    "iin-a": ("022012", "青森", "一郎"),
    "iin-b": ("022012", "青森", "二郎"),
    "iin-sapporo": ("011002", "札幌", "三郎"),
}
OPINION_1 = "書かない窓口の利用率を指標にしてください。"
OPINION_2 = "市民の声の件数の推移を示してください。"


def add_committee(world: World) -> CommitteeReview:
    add_chain(world, steps=False)
    User = get_user_model()
    for name, (code, last, first) in MEMBERS.items():
        user = user_add(
            username=name,
            role="committee",
            municipality=Municipality.objects.get(code=code),
            department_codes=[],
            password=PASSWORD,
            actor_label="test",
        )
        User.objects.filter(pk=user.pk).update(last_name=last, first_name=first)
        world.users[name] = User.objects.get(pk=user.pk)
    review = review_share(
        plan=world.plan,
        fiscal_year=2024,
        actor=world.actor("carol"),
        meeting_name="第1回推進委員会",
        meeting_date=datetime.date(2025, 7, 10),
    )
    member = world.actor("iin-a")
    opinion_add(review=review, node=world.node("1-1"), text=OPINION_1, actor=member)
    opinion_add(review=review, node=world.node("2"), text=OPINION_2, actor=member)
    return review


def opinion_on(review: CommitteeReview, key: str) -> CommitteeOpinion:
    """iin-a's opinion on ``key``."""
    return CommitteeOpinion.objects.get(review=review, node__key=key, author__username="iin-a")


def publish_committee(world: World, review: CommitteeReview, keys: tuple[str, ...]) -> None:
    """The reports of ``keys`` approved and published, every opinion replied, the year closed
    and published."""
    for key in keys:
        writer = "alice" if key.startswith("1") else "bob"
        for who, action in ((writer, "submit"), ("carol", "approve"), ("carol", "publish")):
            transition_apply(report=world.report(key), action=action, actor=world.actor(who))
    for opinion in CommitteeOpinion.objects.filter(review=review, withdrawn=False):
        opinion_reply(opinion=opinion, reply=f"対応:{opinion.node.key}", actor=world.actor("carol"))
    review_move(review=review, move="close", actor=world.actor("carol"))
    review_move(review=review, move="publish", actor=world.actor("carol"))
