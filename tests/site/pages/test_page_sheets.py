"""The plan office's 個票 page: the template to download, the filled one to check and import."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.plans.models import ItemSheet

pytestmark = pytest.mark.django_db
URL = "/plans/test-2024-2028/sheets/"
TEMPLATE = f"{URL}template.xlsx"


def _filled(content: bytes, cells: dict[str, str]) -> SimpleUploadedFile:
    book = openpyxl.load_workbook(io.BytesIO(content))
    for ref, value in cells.items():
        book["個票"][ref] = value
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("個票.xlsx", out.getvalue())


def test_the_office_checks_then_imports_a_filled_template(
    world: World, as_user: Callable[[str | None], Any]
) -> None:
    carol = as_user("carol")
    assert "個票テンプレートをダウンロード" in carol.get(URL).content.decode()
    template = carol.get(TEMPLATE)
    assert (
        template["Content-Disposition"] == 'attachment; filename="test-2024-2028-item-sheets.xlsx"'
    )
    cells = {"D4": "書かない窓口を広げる", "G4": "検討"}
    checked = carol.post(URL, {"file": _filled(template.content, cells), "check_only": "1"})
    assert checked.status_code == 200
    assert "確認しました（まだ変更していません）。" in checked.content.decode()
    assert not ItemSheet.objects.exists()
    done = carol.post(URL, {"file": _filled(template.content, cells), "check_only": "0"})
    assert done.status_code == 302 and done["Location"] == "/plans/test-2024-2028/schedule/"
    assert ItemSheet.objects.get(node=world.node("1-1")).content == "書かない窓口を広げる"
    event = AuditEvent.objects.get(action="plan.sheets_import")
    assert event.actor == world.users["carol"] and event.summary == "個票: 追加 1、更新 0、削除 0"
    schedule = carol.get(done["Location"]).content.decode()
    assert (
        "個票を取り込みました。" in schedule and 'href="/plans/test-2024-2028/sheets/"' in schedule
    )


def test_a_bad_cell_is_named_and_nothing_changes(as_user: Callable[[str | None], Any]) -> None:
    carol = as_user("carol")
    template = carol.get(TEMPLATE).content
    bad = carol.post(
        URL, {"file": _filled(template, {"D4": "ok", "G5": "着手"}), "check_only": "0"}
    )
    assert bad.status_code == 400
    assert (
        "個票!G5: 工程「着手」は選べません（検討・準備・実施・拡充・完了）" in bad.content.decode()
    )
    assert not ItemSheet.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.sheets_import").exists()
    missing = carol.post(URL, {"check_only": "1"})
    assert missing.status_code == 400


def test_departments_may_download_but_not_import(as_user: Callable[[str | None], Any]) -> None:
    alice = as_user("alice")
    assert alice.get(TEMPLATE).status_code == 200  # to fill in a proposal for the office
    assert alice.get(URL).status_code == 403
    assert (
        'href="/plans/test-2024-2028/sheets/"'
        not in alice.get("/plans/test-2024-2028/schedule/").content.decode()
    )


def test_outsiders_get_nothing(as_user: Callable[[str | None], Any]) -> None:
    assert as_user(None).get(URL).status_code == 302  # to the login page
    assert as_user(None).get(TEMPLATE).status_code == 302
    assert as_user("sapporo-editor").get(TEMPLATE).status_code == 404
