"""The 承認待ち page: the reports waiting at the viewer's step of the approval chain, with bulk
確認 / 承認 / 差戻し (all or nothing, an audit event per item), the 部 filter, and the report
page's current step and actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.support.chain import add_chain
from tests.support.world import StaffClient, World

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ChainStep, ProgressReport, State
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

LIST = "/plans/test-2024-2028/chain/"
BULK = LIST + "bulk/"
REPORT = "/plans/test-2024-2028/nodes/{key}/progress/2024/"


@pytest.fixture
def chain(world: World) -> World:
    add_chain(world)
    for key, editor in (("1-1", "alice"), ("1-2", "alice"), ("2", "bob")):
        transition_apply(report=world.report(key), action="submit", actor=world.actor(editor))
    return world


def _ids(world: World, *keys: str) -> list[str]:
    return [str(world.report(k).pk) for k in keys]


def _where(world: World, key: str) -> tuple[str, str | None]:
    report = world.report(key)
    return report.state, report.step.code if report.step else None


def test_it_lists_what_waits_at_my_step_only(chain: World, as_user: Any) -> None:
    page = as_user("kacho-dx").get(LIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "書かない窓口の導入" in text and "電子契約の導入" in text
    assert "市民の声を市政に反映" not in text  # 市民課's, at its own 課長
    assert "課長確認待ち" in text
    assert "2件があなたの確認を待っています" in text
    assert "0件" in as_user("bucho-somu").get(LIST).content.decode()


def test_a_chief_confirms_the_sections_items_at_once(chain: World, as_user: Any) -> None:
    client = as_user("kacho-dx")
    answer = client.post(BULK, {"report": _ids(chain, "1-1", "1-2"), "action": "confirm"})
    assert answer.status_code == 302
    assert _where(chain, "1-1") == _where(chain, "1-2") == ("submitted", "bucho")
    events = AuditEvent.objects.filter(action="progress.confirm")
    assert sorted(e.target for e in events) == ["1-1/2024", "1-2/2024"]
    assert "2 件を確認しました" in client.get(LIST).content.decode()
    waiting = as_user("bucho-somu").get(LIST).content.decode()
    assert "2件があなたの確認を待っています" in waiting and "部長確認待ち" in waiting


def test_it_moves_nothing_when_one_item_is_not_mine(chain: World, as_user: Any) -> None:
    answer = as_user("kacho-dx").post(
        BULK, {"report": _ids(chain, "1-1", "2"), "action": "confirm"}
    )
    assert answer.status_code == 403
    assert "「2 市民の声を市政に反映」で止まりました" in answer.content.decode()
    assert _where(chain, "1-1") == ("submitted", "kacho")
    assert not AuditEvent.objects.filter(action="progress.confirm").exists()
    assert AuditEvent.objects.filter(action="access.refused", actor_label="kacho-dx").count() == 1


def test_a_return_needs_a_reason_and_names_the_item(chain: World, as_user: Any) -> None:
    answer = as_user("kacho-dx").post(
        BULK, {"report": _ids(chain, "1-1", "1-2"), "action": "return", "comment": " "}
    )
    assert answer.status_code == 409
    text = answer.content.decode()
    assert "「1-① 書かない窓口の導入」で止まりました" in text and "何も変更していません" in text
    assert _where(chain, "1-1") == ("submitted", "kacho")


def test_a_director_returns_to_the_chief_in_bulk(chain: World, as_user: Any) -> None:
    as_user("kacho-dx").post(BULK, {"report": _ids(chain, "1-1", "1-2"), "action": "confirm"})
    answer = as_user("bucho-somu").post(
        BULK,
        {
            "report": _ids(chain, "1-1", "1-2"),
            "action": "return",
            "comment": "効果額を確認してください",
            "to_step": "kacho",
        },
    )
    assert answer.status_code == 302
    assert _where(chain, "1-1") == _where(chain, "1-2") == ("submitted", "kacho")
    assert AuditEvent.objects.filter(action="progress.return").count() == 2


def test_the_plan_office_approves_at_the_last_step(chain: World, as_user: Any) -> None:
    as_user("kacho-dx").post(BULK, {"report": _ids(chain, "1-1"), "action": "confirm"})
    as_user("bucho-somu").post(BULK, {"report": _ids(chain, "1-1"), "action": "confirm"})
    answer = as_user("carol").post(BULK, {"report": _ids(chain, "1-1"), "action": "approve"})
    assert answer.status_code == 302
    assert _where(chain, "1-1") == ("approved", None)


def test_it_needs_the_csrf_token(chain: World) -> None:
    client = StaffClient()
    client.force_login(chain.users["kacho-dx"])
    response = client.post(
        BULK, {"report": _ids(chain, "1-1"), "action": "confirm", "csrfmiddlewaretoken": "x"}
    )
    assert response.status_code == 403
    assert _where(chain, "1-1") == ("submitted", "kacho")


def test_it_filters_by_bureau(chain: World, as_user: Any) -> None:
    client = as_user("carol")
    for key in ("1-1", "2"):
        ProgressReport.objects.filter(pk=chain.report(key).pk).update(
            step=ChainStep.objects.get(code="gyokaku")
        )
    assert "2件" in client.get(LIST).content.decode()
    text = client.get(LIST, {"bureau": "somu"}).content.decode()
    assert "1件" in text and "書かない窓口の導入" in text and "市民の声" not in text


def test_other_municipalities_get_404(chain: World, as_user: Any) -> None:
    assert as_user("mallory").get(LIST).status_code == 404
    assert as_user("mallory").post(BULK, {"action": "confirm"}).status_code == 404


def test_a_plan_without_a_chain_says_so(world: World, as_user: Any) -> None:
    text = as_user("carol").get(LIST).content.decode()
    assert "この計画には承認ルートがありません" in text


def test_it_reads_in_a_constant_number_of_queries(chain: World, as_user: Any) -> None:
    client = as_user("kacho-dx")

    def queries() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    few = queries()
    nodes = Node.objects.bulk_create(
        Node(plan=chain.plan, depth=1, key=str(10 + i), code=str(10 + i), title=f"追加{i}",
             order=10 + i, position=100 + i)
        for i in range(30)
    )  # fmt: skip
    kacho = ChainStep.objects.get(code="kacho")
    for node in Node.objects.filter(plan=chain.plan, key__in=[n.key for n in nodes]):
        node.departments.add(chain.dx)
        ProgressReport.objects.create(
            node=node, round=chain.round, fiscal_year=2024, state=State.SUBMITTED, step=kacho
        )
    assert queries() == few
    assert "32件" in client.get(LIST).content.decode()


def test_the_report_page_shows_the_step_and_my_actions(chain: World, as_user: Any) -> None:
    text = as_user("kacho-dx").get(REPORT.format(key="1-1")).content.decode()
    assert "課長確認待ち" in text
    assert 'value="confirm"' in text and 'value="return"' in text
    assert 'value="approve"' not in text
    editor = as_user("alice").get(REPORT.format(key="1-1")).content.decode()
    assert "課長確認待ち" in editor and 'value="confirm"' not in editor
    as_user("kacho-dx").post(BULK, {"report": _ids(chain, "1-1"), "action": "confirm"})
    director = as_user("bucho-somu").get(REPORT.format(key="1-1")).content.decode()
    assert "部長確認待ち" in director and '<option value="kacho">課長確認</option>' in director


def test_the_report_page_returns_to_an_earlier_step(chain: World, as_user: Any) -> None:
    as_user("kacho-dx").post(BULK, {"report": _ids(chain, "1-1"), "action": "confirm"})
    answer = as_user("bucho-somu").post(
        REPORT.format(key="1-1") + "transitions/",
        {"action": "return", "comment": "再確認を", "to_step": "kacho", "version": 3},
    )
    assert answer.status_code == 302
    assert _where(chain, "1-1") == ("submitted", "kacho")


def test_the_header_leads_chiefs_and_directors_to_their_list(chain: World, as_user: Any) -> None:
    client = as_user("bucho-somu")
    assert 'href="/chain/"' in client.get("/my/").content.decode()
    assert 'href="/chain/"' not in as_user("alice").get("/my/").content.decode()
    answer = client.get("/chain/")
    assert answer.status_code == 302 and answer["Location"] == LIST
    assert f'href="{LIST}"' in client.get("/my/").content.decode()  # マイページ, per round


def test_the_index_lets_one_choose_among_several_plans(chain: World, as_user: Any) -> None:
    Plan.objects.filter(pk=chain.other_plan.pk).update(municipality=chain.plan.municipality)
    text = as_user("kacho-dx").get("/chain/").content.decode()
    assert "/plans/test-2024-2028/chain/" in text and "/plans/sapporo-2025-2029/chain/" in text
