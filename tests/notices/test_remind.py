"""お知らせメール (issue 14 #3): `gyokaku remind` mails the right people about a round opened, a
deadline near, an item returned, and the plan office's daily digest, through a real SMTP server;
nothing is sent twice for the same event; a person can turn a kind off; a mail the server
refused is sent on the next run."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from tests.support.smtp import Inbox, free_port
from tests.support.world import World

from gyokaku.notices.models import Notice
from gyokaku.notices.services import notices_send
from gyokaku.tracking.models import Round
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def addresses(world: World) -> None:
    for name in ("alice", "bob", "carol", "dave", "erin", "mallory", "sapporo-editor"):
        User.objects.filter(username=name).update(email=f"{name}@example.jp")


def _remind() -> str:
    out = StringIO()
    call_command("remind", stdout=out)
    return out.getvalue()


def test_a_round_opened_is_mailed_once_to_each_editor_with_their_items(
    world: World, inbox: Inbox
) -> None:
    output = _remind()
    alice = [
        m for m in inbox.to("alice@example.jp") if "進捗調査が始まりました" in str(m["Subject"])
    ]
    assert len(alice) == 1
    body = alice[0].get_content()
    assert "令和6年度の進捗調査が始まりました" in body
    assert "書かない窓口の導入" in body and "電子契約の導入" in body  # dx's items
    assert "市民の声を市政に反映" not in body  # bob's
    assert "http://" in body and "/my/" in body
    assert len([m for m in inbox.to("bob@example.jp") if "始まりました" in str(m["Subject"])]) == 1
    assert not inbox.to("dave@example.jp")  # a viewer has no items
    assert "送信" in output
    before = len(inbox.messages)
    assert "送信 0 通" in _remind()  # nothing twice
    assert len(inbox.messages) == before


def test_the_deadline_reminds_only_those_with_unsubmitted_items(world: World, inbox: Inbox) -> None:
    today = timezone.localdate()
    Round.objects.filter(plan=world.plan, fiscal_year=2024).update(
        deadline=today + dt.timedelta(days=2)
    )
    for key in ("1-1", "1-2"):  # alice submits all of hers
        transition_apply(report=world.report(key), action="submit", actor=world.actor("alice"))
    notices_send(today=today)
    deadline = [m for m in inbox.messages if "締切が近づいています" in str(m["Subject"])]
    assert [str(m["To"]) for m in deadline] == ["bob@example.jp"]
    assert "締切まであと 2 日です" in deadline[0].get_content()
    assert "令和" in str(deadline[0]["Subject"])
    notices_send(today=today + dt.timedelta(days=1))  # the next day: not again
    assert len([m for m in inbox.messages if "締切が近づいて" in str(m["Subject"])]) == 1


def test_a_deadline_far_away_sends_nothing_yet(world: World, inbox: Inbox) -> None:
    today = timezone.localdate()
    Round.objects.filter(plan=world.plan).update(deadline=today + dt.timedelta(days=20))
    notices_send(today=today)
    assert not [
        m for m in inbox.messages if "締切" in str(m["Subject"]) and "近づいて" in str(m["Subject"])
    ]


def test_a_return_tells_the_department_with_the_comment(world: World, inbox: Inbox) -> None:
    report = world.report("1-1")
    transition_apply(report=report, action="submit", actor=world.actor("alice"))
    transition_apply(
        report=world.report("1-1"),
        action="return",
        actor=world.actor("carol"),
        comment="数値の根拠を追記してください",
    )
    notices_send()
    returned = [m for m in inbox.messages if "差し戻されました" in str(m["Subject"])]
    assert [str(m["To"]) for m in returned] == ["alice@example.jp"]
    body = returned[0].get_content()
    assert "数値の根拠を追記してください" in body
    assert "/plans/test-2024-2028/nodes/1-1/progress/2024/" in body


def test_the_plan_office_gets_one_digest_a_day_while_items_wait(world: World, inbox: Inbox) -> None:
    today = timezone.localdate()
    notices_send(today=today)
    assert not [m for m in inbox.messages if "承認待ち" in str(m["Subject"])]  # none waiting
    transition_apply(report=world.report("2"), action="submit", actor=world.actor("bob"))
    notices_send(today=today)
    notices_send(today=today)
    digest = [m for m in inbox.messages if "承認待ち" in str(m["Subject"])]
    assert sorted(str(m["To"]) for m in digest) == ["carol@example.jp", "erin@example.jp"]
    assert "1 件" in digest[0].get_content()
    notices_send(today=today + dt.timedelta(days=1))
    assert len([m for m in inbox.messages if "承認待ち" in str(m["Subject"])]) == 4


def test_a_person_turns_a_kind_off_on_their_settings_page(
    world: World, inbox: Inbox, as_user: Any
) -> None:
    alice = as_user("alice")
    page = alice.get("/notices/settings/").content.decode()
    assert "alice@example.jp" in page and "進捗調査の開始" in page
    response = alice.post("/notices/settings/", {"receive": ["deadline", "returned"]})
    assert response.status_code == 302
    notices_send()
    assert not [m for m in inbox.to("alice@example.jp") if "始まりました" in str(m["Subject"])]
    assert [m for m in inbox.to("bob@example.jp") if "始まりました" in str(m["Subject"])]


def test_a_mail_the_server_refused_is_sent_on_the_next_run(
    world: World, inbox: Inbox, settings: Any
) -> None:
    smtp_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    with pytest.raises(CommandError):
        call_command("remind", stdout=StringIO(), stderr=StringIO())
    assert not Notice.objects.exists()  # nothing recorded as sent
    settings.EMAIL_PORT = smtp_port
    _remind()
    assert [m for m in inbox.to("alice@example.jp") if "始まりました" in str(m["Subject"])]


def test_an_inactive_person_or_one_without_an_address_gets_nothing(
    world: World, inbox: Inbox
) -> None:
    User.objects.filter(username="alice").update(is_active=False)
    User.objects.filter(username="bob").update(email="")
    notices_send()
    assert not inbox.to("alice@example.jp") and not inbox.to("bob@example.jp")


def test_a_round_opened_long_ago_is_not_news(world: World, inbox: Inbox) -> None:
    """Mail set up mid-round: 「進捗調査が始まりました」 only within 7 days of the opening."""
    Round.objects.update(opened_at=timezone.now() - dt.timedelta(days=8))  # both plans
    notices_send()
    assert not [m for m in inbox.messages if "始まりました" in str(m["Subject"])]


def test_an_item_of_two_of_ones_departments_is_listed_once(world: World, inbox: Inbox) -> None:
    world.users["alice"].profile.departments.add(world.shimin)
    world.node("1-1").departments.add(world.shimin)
    notices_send()
    [mail] = [m for m in inbox.to("alice@example.jp") if "始まりました" in str(m["Subject"])]
    body = mail.get_content()
    assert body.count("書かない窓口の導入") == 1
    assert "担当の取組（3 件）" in body  # 1-1, 1-2 (dx) and 2 (shimin)
