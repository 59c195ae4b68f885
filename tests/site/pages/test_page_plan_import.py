"""The plan office revises the plan on screen: upload → preview → confirm (計画の改定)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.support.world import TEST_PLAN, World

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import PlanVersion
from gyokaku.tracking.models import ProgressReport

pytestmark = pytest.mark.django_db
URL = "/plans/test-2024-2028/import/"


def _revised() -> SimpleUploadedFile:
    data = copy.deepcopy(TEST_PLAN)
    del data["nodes"][0]["children"][1]  # 1-2 電子契約の導入, which has its FY2024 report
    data["nodes"][1]["children"] = []
    body = json.dumps(data, ensure_ascii=False).encode()
    return SimpleUploadedFile("revised.json", body, content_type="application/json")


def test_it_previews_then_revises_keeping_the_records(
    world: World, as_user: Callable[[str | None], Any]
) -> None:
    carol = as_user("carol")
    assert carol.get(URL).status_code == 200
    reports = ProgressReport.objects.count()
    refused = carol.post(URL, {"file": _revised(), "step": "preview", "effective_fy": "2026"})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "1-②「電子契約の導入」が新しい計画にありません（取組状況 1 件）" in html
    assert 'name="action-1-2"' in html
    choices = {"effective_fy": "2026", "reason": "事業終了", "action-1-2": "完了"}
    preview = carol.post(URL, {**choices, "step": "preview"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "完了（令和8年度から）" in html and "取組状況 1 件" in html
    assert world.node("1-2").ended_fy is None  # nothing yet
    done = carol.post(URL, {**choices, "step": "confirm"})
    assert done.status_code == 302 and done["Location"].endswith("#versions-heading")
    assert (world.node("1-2").ended_fy, world.node("1-2").end_kind) == (2026, "completed")
    assert ProgressReport.objects.count() == reports
    version = PlanVersion.objects.get(plan=world.plan, number=1)
    assert version.reason == "事業終了" and version.created_by == "carol"
    event = AuditEvent.objects.get(action="plan.import", target="第1版")
    assert event.actor == world.users["carol"]
    page = carol.get("/plans/test-2024-2028/").content.decode()
    assert "改定履歴" in page and "事業終了" in page and "完了（令和8年度から）" in page


def test_an_editor_may_not_revise_the_plan(as_user: Callable[[str | None], Any]) -> None:
    assert as_user("alice").get(URL).status_code == 403
    assert as_user("alice").post(URL, {"file": _revised()}).status_code == 403


def test_another_municipality_does_not_see_the_page(as_user: Callable[[str | None], Any]) -> None:
    assert as_user("mallory").get(URL).status_code == 404


def test_a_broken_file_is_refused_naming_the_problem(
    world: World, as_user: Callable[[str | None], Any]
) -> None:
    broken = SimpleUploadedFile("plan.json", b'{"format": "gyokaku-plan/1"}')
    response = as_user("carol").post(URL, {"file": broken, "step": "preview"})
    assert response.status_code == 400
    assert "title: 必須項目がありません" in response.content.decode()
    assert not PlanVersion.objects.filter(plan=world.plan, number=1).exists()


def test_confirming_without_a_file_is_refused(as_user: Callable[[str | None], Any]) -> None:
    response = as_user("carol").post(URL, {"step": "confirm"})
    assert response.status_code == 400
    assert "計画ファイルを選んでください" in response.content.decode()
