"""根拠資料 (issue 14 #5): the department attaches PDF/XLSX/images to its report while it may
edit it; the file's kind is read from its bytes; size and count are limited; a virus-scan hook
can refuse; the public downloads only what was published with the report, as published."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook
from tests.support.world import World

from gyokaku.attachments.models import Attachment
from gyokaku.attachments.services import stored_path
from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
PAGE = "/plans/test-2024-2028/nodes/1-1/progress/2024/attachments/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def _xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "根拠"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _attach(client: Any, name: str, content: bytes) -> Any:
    return client.post(f"{PAGE}add/", {"file": SimpleUploadedFile(name, content)})


def _publish(world: World, key: str = "1-1") -> None:
    for action, who in (("submit", "alice"), ("approve", "carol"), ("publish", "carol")):
        transition_apply(report=world.report(key), action=action, actor=world.actor(who))


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("報告.pdf", PDF, "application/pdf"), ("図.png", PNG, "image/png")],
)
def test_the_department_attaches_a_file_it_can_download_again(
    world: World, as_user: Any, name: str, content: bytes, kind: str
) -> None:
    alice = as_user("alice")
    response = _attach(alice, name, content)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == name and attachment.content_type == kind
    assert stored_path(attachment).read_bytes() == content
    assert name not in attachment.stored_as  # stored under a name of our own
    download = alice.get(f"{PAGE}{attachment.pk}/")
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == kind and download["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="attachment.add", actor_label="alice").exists()
    assert name in alice.get(PAGE).content.decode()


def test_an_xlsx_is_checked_like_an_uploaded_sheet(world: World, as_user: Any) -> None:
    assert _attach(as_user("alice"), "表.xlsx", _xlsx()).status_code == 302
    assert Attachment.objects.get().content_type.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf", "PDF・Excel（.xlsx）・PNG・JPEG のファイルだけ"),
        ("x.html", b"<script>alert(1)</script>", "だけを添付できます"),
        ("empty.pdf", b"", "空"),
    ],
)
def test_a_file_that_is_not_what_we_take_is_refused_and_nothing_is_kept(
    world: World, as_user: Any, var_dir: Path, name: str, content: bytes, message: str
) -> None:
    response = _attach(as_user("alice"), name, content)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in var_dir.rglob("*"))


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    world: World, as_user: Any, settings: Any
) -> None:
    settings.GYOKAKU_ATTACHMENT_MAX_BYTES = 1024
    response = _attach(as_user("alice"), "big.pdf", PDF + b"0" * 200_000)
    assert response.status_code == 413
    assert "ファイルが大きすぎます" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_virus_scan_hook_refuses_what_the_scanner_flags(
    world: World, as_user: Any, settings: Any, var_dir: Path
) -> None:
    settings.GYOKAKU_SCAN_COMMAND = "false"  # a scanner that finds a problem in everything
    response = _attach(as_user("alice"), "報告.pdf", PDF)
    assert response.status_code == 422 and "ウイルス検査" in response.content.decode()
    assert not Attachment.objects.exists() and not any(p.is_file() for p in var_dir.rglob("*"))
    settings.GYOKAKU_SCAN_COMMAND = "true"
    assert _attach(as_user("alice"), "報告.pdf", PDF).status_code == 302


@pytest.mark.parametrize("name", ["bob", "dave", "mallory"])
def test_others_may_not_attach(world: World, as_user: Any, name: str) -> None:
    assert _attach(as_user(name), "報告.pdf", PDF).status_code in (403, 404)
    assert not Attachment.objects.exists()


def test_a_submitted_report_takes_no_new_attachment(world: World, as_user: Any) -> None:
    transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("alice"))
    response = _attach(as_user("alice"), "報告.pdf", PDF)
    assert response.status_code == 409 and "編集できません" in response.content.decode()


def test_the_public_sees_only_what_was_published_with_the_report(
    world: World, as_user: Any
) -> None:
    alice, public = as_user("alice"), Client()
    _attach(alice, "公表前.pdf", PDF)
    draft = Attachment.objects.get()
    assert public.get(PAGE).status_code == 404  # the report is not public yet
    assert public.get(f"{PAGE}{draft.pk}/").status_code == 404
    _publish(world)
    page = public.get(PAGE).content.decode()
    assert "公表前.pdf" in page and "添付する" not in page
    assert public.get(f"{PAGE}{draft.pk}/").status_code == 200
    # reopened and reworked: a new file stays internal, a removed one stays public
    transition_apply(
        report=world.report("1-1"), action="reopen", actor=world.actor("carol"), comment="訂正"
    )
    assert alice.post(f"{PAGE}{draft.pk}/remove/").status_code == 302
    _attach(alice, "追加.pdf", PDF)
    added = Attachment.objects.get(name="追加.pdf")
    if world.report("1-1").state == "published":  # still public while reworked
        assert public.get(f"{PAGE}{added.pk}/").status_code == 404
    internal = alice.get(PAGE).content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "追加.pdf" in internal and "公表前.pdf" not in internal
    assert AuditEvent.objects.filter(action="attachment.remove").exists()


def test_another_municipality_cannot_read_drafts(world: World, as_user: Any) -> None:
    _attach(as_user("alice"), "報告.pdf", PDF)
    pk = Attachment.objects.get().pk
    assert as_user("mallory").get(f"{PAGE}{pk}/").status_code == 404
