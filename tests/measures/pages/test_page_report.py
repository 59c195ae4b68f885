"""The report page: read, edit with htmx, stale saves, workflow moves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import OTHER_PLAN, report_url

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import ProgressReport, State
from gyokaku.tracking.services import round_close
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
HTMX = {"HX-Request": "true"}


def test_it_shows_the_report_with_its_form_and_moves(world: Any, as_user: Clients) -> None:
    html = as_user("alice").get(report_url("1-1")).content.decode()
    assert "書かない窓口の導入" in html
    assert "2024年度（令和6年度）" in html
    assert 'id="report-form"' in html and 'name="version" value="1"' in html
    assert 'name="committee_opinion"' not in html  # the plan office writes it
    assert 'value="submit"' in html and 'value="approve"' not in html
    assert "情報政策課" in html


def test_it_shows_another_departments_report_read_only(world: Any, as_user: Clients) -> None:
    response = as_user("alice").get(report_url("2"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="report-form"' not in html
    assert "今あなたが行える操作はありません" in html


def test_it_gives_the_plan_office_the_committee_opinion(world: Any, as_user: Clients) -> None:
    html = as_user("carol").get(report_url("1-1")).content.decode()
    assert 'name="committee_opinion"' in html
    assert 'value="submit"' in html


def test_it_hides_another_municipalitys_report(world: Any, as_user: Clients) -> None:
    assert as_user("mallory").get(report_url("1-1")).status_code == 404
    assert as_user("alice").get(report_url("1-1", 2025, OTHER_PLAN)).status_code == 404


def test_it_answers_404_for_a_report_that_does_not_exist(world: Any, as_user: Clients) -> None:
    assert as_user("alice").get(report_url("1-1", 2026)).status_code == 404
    assert as_user("alice").get(report_url("9-9")).status_code == 404


def test_it_sends_the_anonymous_to_the_login_page(world: Any, as_user: Clients) -> None:
    response = as_user(None).get(report_url("1-1"))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={report_url('1-1')}"


def test_it_saves_with_htmx_without_a_full_page(world: Any, as_user: Clients) -> None:
    data = {
        "version": 1,
        "result_text": "窓口を3か所で導入",
        "direction": "expand",
        "rating_status": "in_progress",
        "rating_achievement": "A",
    }
    response = as_user("alice").post(report_url("1-1"), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="report-form"' in html
    assert 'name="version" value="2"' in html  # the form now carries the new version
    assert "保存しました" in html and 'hx-swap-oob="innerHTML"' in html
    assert 'id="report-moves" aria-labelledby="moves-heading" hx-swap-oob="true"' in html
    report = world.report("1-1")
    assert (report.result_text, report.direction, report.version) == (
        "窓口を3か所で導入",
        "expand",
        2,
    )
    assert report.ratings == {"status": "in_progress", "achievement": "A"}
    assert AuditEvent.objects.filter(action="progress.update", target="1-1/2024").exists()


def test_it_keeps_fields_that_were_not_sent(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    client.post(report_url("1-1"), {"version": 1, "issues_text": "人手不足"})
    client.post(report_url("1-1"), {"version": 2, "result_text": "実績"})
    report = world.report("1-1")
    assert (report.issues_text, report.result_text) == ("人手不足", "実績")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"direction": "someday"}, "direction", "候補にありません"),
        ({"rating_status": "great"}, "rating_status", "候補にありません"),
        ({"result_text": "あ" * 10_001}, "result_text", "10000"),
        ({"version": "abc"}, "version", ""),
    ],
)
def test_it_refuses_bad_input_and_says_where(
    world: Any, as_user: Clients, data: dict[str, str], field: str, message: str
) -> None:
    response = as_user("alice").post(report_url("1-1"), {"version": 1, **data})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    if field != "version":
        assert f'id="id_{field}_error"' in html and 'aria-invalid="true"' in html
    assert world.report("1-1").version == 1


def test_it_refuses_to_edit_after_submission_and_says_why(world: Any, as_user: Clients) -> None:
    transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("alice"))
    response = as_user("alice").post(report_url("1-1"), {"version": 2, "result_text": "後から"})
    assert response.status_code == 409
    assert "「提出済」の取組状況は編集できません" in response.content.decode()
    assert world.report("1-1").result_text == ""


def test_it_refuses_edits_in_a_closed_round(world: Any, as_user: Clients) -> None:
    round_close(round_=world.round, actor=world.actor("carol"))
    response = as_user("alice").post(report_url("1-1"), {"version": 1, "result_text": "遅れて"})
    assert response.status_code == 409
    assert "締め切られています" in response.content.decode()


def test_it_shows_what_changed_and_keeps_their_text_on_a_stale_save(
    world: Any, as_user: Clients
) -> None:
    """Two people open version 1; the first saves; the second is refused, sees the difference
    and keeps their text; saving again (now based on version 2) succeeds."""
    first, second = as_user("alice"), as_user("carol")
    assert 'name="version" value="1"' in second.get(report_url("1-1")).content.decode()
    first.post(report_url("1-1"), {"version": 1, "result_text": "アリスの実績", "issues_text": ""})

    mine = {"version": 1, "result_text": "キャロルの実績", "issues_text": "キャロルの課題"}
    response = second.post(report_url("1-1"), mine, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 412
    assert "他の人がこの取組状況を保存しました" in html
    assert "<td>アリスの実績</td><td>キャロルの実績</td>" in html  # current vs theirs
    assert "キャロルの課題</textarea>" in html  # their text is kept in the form
    assert 'name="version" value="2"' in html  # saving again merges onto version 2
    assert world.report("1-1").result_text == "アリスの実績"  # nothing lost

    response = second.post(report_url("1-1"), {**mine, "version": 2}, headers=HTMX)
    assert response.status_code == 200
    assert world.report("1-1").result_text == "キャロルの実績"


def test_it_submits_and_redirects_with_a_message(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    response = client.post(report_url("1-1") + "transitions/", {"action": "submit", "version": 1})
    assert response.status_code == 302 and response["Location"] == report_url("1-1")
    html = client.get(report_url("1-1")).content.decode()
    assert "提出しました" in html
    assert "下書き → 提出済" in html
    assert world.report("1-1").state == State.SUBMITTED


def test_it_needs_a_comment_to_return_and_keeps_the_page(world: Any, as_user: Clients) -> None:
    transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("alice"))
    client = as_user("carol")
    response = client.post(report_url("1-1") + "transitions/", {"action": "return", "comment": " "})
    assert response.status_code == 409
    assert "差戻しには理由（コメント）が必要です" in response.content.decode()
    assert world.report("1-1").state == State.SUBMITTED

    client.post(
        report_url("1-1") + "transitions/",
        {"action": "return", "comment": "数値を追記してください"},
    )
    report = world.report("1-1")
    assert report.state == State.RETURNED
    html = as_user("alice").get(report_url("1-1")).content.decode()
    assert "数値を追記してください" in html and "carol" in html


def test_it_refuses_a_move_from_the_wrong_state_and_says_why(world: Any, as_user: Clients) -> None:
    response = as_user("carol").post(report_url("1-1") + "transitions/", {"action": "approve"})
    assert response.status_code == 409
    assert "「下書き」の取組状況は承認できません" in response.content.decode()


def test_it_refuses_a_stale_move(world: Any, as_user: Clients) -> None:
    as_user("alice").post(report_url("1-1"), {"version": 1, "result_text": "更新"})
    response = as_user("carol").post(
        report_url("1-1") + "transitions/", {"action": "submit", "version": 1}
    )
    assert response.status_code == 412
    assert world.report("1-1").state == State.DRAFT


def test_it_refuses_an_unknown_move(world: Any, as_user: Clients) -> None:
    response = as_user("carol").post(report_url("1-1") + "transitions/", {"action": "destroy"})
    assert response.status_code == 422
    assert ProgressReport.objects.filter(state=State.DRAFT).count() >= 3


def test_it_refuses_another_departments_move_with_403_and_records_it(
    world: Any, as_user: Clients
) -> None:
    response = as_user("alice").post(report_url("2") + "transitions/", {"action": "submit"})
    assert response.status_code == 403
    assert "担当していない所管課の取組は提出できません" in response.content.decode()
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor_label == "alice" and event.plan_slug == "test-2024-2028"
