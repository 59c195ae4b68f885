"""承認ルートの設定 on screen: the plan office sets, changes and removes the chain; the same
checks as the command name the row and field; other roles are refused; a chain with reports
waiting on it is not changed."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.chain import add_chain
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.chain import chain_steps
from gyokaku.tracking.forms import CHAIN_ROWS
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

EDIT = "/plans/test-2024-2028/chain/edit/"


def _post(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    data = {
        "step-TOTAL_FORMS": str(CHAIN_ROWS),
        "step-INITIAL_FORMS": "0",
        "step-MIN_NUM_FORMS": "0",
        "step-MAX_NUM_FORMS": str(CHAIN_ROWS),
    }
    for i in range(CHAIN_ROWS):
        code, name, role = rows[i] if i < len(rows) else ("", "", "")
        data |= {f"step-{i}-code": code, f"step-{i}-name": name, f"step-{i}-role": role}
    return data


def test_the_plan_office_sets_the_chain_on_screen(world: World, as_user: Any) -> None:
    add_chain(world, steps=False)
    client = as_user("carol")
    page = client.get(EDIT)
    assert page.status_code == 200 and "なし（計画担当が承認します）" in page.content.decode()
    rows = [("kacho", "課長確認", "chief"), ("gyokaku", "行革担当確認", "coordinator")]
    answer = client.post(EDIT, _post(rows), follow=True)
    assert answer.status_code == 200 and "承認ルートを設定しました" in answer.content.decode()
    assert [(s.code, s.name, s.role) for s in chain_steps(world.plan)] == rows
    assert AuditEvent.objects.filter(action="chain.set", actor_label="carol").count() == 1
    shown = client.get(EDIT).content.decode()
    assert 'value="課長確認"' in shown  # the form starts from the chain as it is
    assert "承認ルートを設定する" in client.get("/plans/test-2024-2028/chain/").content.decode()
    # all rows blank: no chain
    assert client.post(EDIT, _post([]), follow=True).status_code == 200
    assert chain_steps(world.plan) == []


def test_a_bad_chain_is_refused_naming_the_row_and_nothing_changes(
    world: World, as_user: Any
) -> None:
    add_chain(world)
    before = [(s.code, s.role) for s in chain_steps(world.plan)]
    answer = as_user("carol").post(
        EDIT, _post([("課長", "課長確認", "chief"), ("gyokaku", "行革担当確認", "chief")])
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "1段目のコード" in html and "英小文字・数字" in html
    assert "最後の段階は計画担当" in html
    assert [(s.code, s.role) for s in chain_steps(world.plan)] == before


def test_a_chain_with_reports_waiting_on_it_is_not_changed(world: World, as_user: Any) -> None:
    add_chain(world)
    transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("alice"))
    answer = as_user("carol").post(EDIT, _post([("gyokaku", "行革担当確認", "coordinator")]))
    assert answer.status_code == 409
    assert "途中にある取組状況が 1 件あるため" in answer.content.decode()
    assert len(chain_steps(world.plan)) == 3


@pytest.mark.parametrize("user", ["alice", "kacho-dx", "bucho-somu", "dave", "mallory"])
def test_only_the_plan_office_sets_the_chain(world: World, as_user: Any, user: str) -> None:
    add_chain(world)
    client = as_user(user)
    assert client.get(EDIT).status_code in (403, 404)
    answer = client.post(EDIT, _post([("gyokaku", "行革担当確認", "coordinator")]))
    assert answer.status_code in (403, 404)
    assert len(chain_steps(world.plan)) == 3
    assert "承認ルートを設定する" not in client.get("/plans/test-2024-2028/chain/").content.decode()


def test_the_post_needs_its_csrf_token(world: World, client: Any) -> None:
    from django.test import Client

    add_chain(world)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["carol"])
    answer = strict.post(EDIT, _post([("gyokaku", "行革担当確認", "coordinator")]))
    assert answer.status_code == 403 and len(chain_steps(world.plan)) == 3


def test_more_steps_than_the_page_offers_are_refused(world: World, as_user: Any) -> None:
    add_chain(world)
    data = _post([])
    data |= {
        "step-TOTAL_FORMS": "7",
        "step-6-code": "x",
        "step-6-name": "x",
        "step-6-role": "chief",
    }
    answer = as_user("carol").post(EDIT, data)
    assert answer.status_code == 422
    assert len(chain_steps(world.plan)) == 3
