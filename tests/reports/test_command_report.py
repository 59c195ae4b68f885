"""gyokaku report SLUG --fy YYYY [--edition public|internal] [--format pdf|html|xlsx|docx]
-o FILE."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from tests.reports.conftest import pdf_text, workbook
from tests.support.commands import gyokaku, refused

from gyokaku.audit.models import AuditEvent
from gyokaku.reports.models import ReportFile

pytestmark = pytest.mark.django_db


def test_it_writes_the_pdf_and_records_an_audit_event(measured: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    out, _ = gyokaku("report", "test-2024-2028", "--fy", "2024", "-o", str(target))
    assert f"{target} に書き出しました" in out
    assert "公表済 1件・承認済 1件・未承認 1件" in out
    text = pdf_text(target.read_bytes())
    assert "令和6年度" in text and "内部資料" not in text  # the public edition by default
    event = AuditEvent.objects.get(action="report.generate")
    assert event.target == "2024 pdf public" and event.actor_label.startswith("cli")
    assert event.plan_slug == "test-2024-2028"
    assert not ReportFile.objects.exists()  # the command writes FILE; the page keeps files


@pytest.mark.parametrize(
    ("name", "options", "starts"),
    [
        ("report.xlsx", [], b"PK"),
        ("report.html", [], b"<!DOCTYPE html>"),
        ("report.out", ["--format", "xlsx"], b"PK"),
        ("report.docx", [], b"PK"),
    ],
)
def test_it_picks_the_format_from_the_option_or_the_extension(
    measured: Any, tmp_path: Path, name: str, options: list[str], starts: bytes
) -> None:
    target = tmp_path / name
    gyokaku("report", "test-2024-2028", "--fy", "2024", *options, "-o", str(target))
    assert target.read_bytes().startswith(starts)
    if name.endswith("docx"):
        assert Document(str(target)).core_properties.title.startswith("テスト行財政改革プラン")
    elif starts == b"PK":
        assert "表紙" in workbook(target.read_bytes()).sheetnames


def test_it_writes_the_internal_edition_when_asked(measured: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    out, _ = gyokaku(
        "report", "test-2024-2028", "--fy", "2024", "--edition", "internal", "-o", str(target)
    )
    assert "内部資料" in out
    html = target.read_text()
    assert "内部資料（未公表のデータを含む）" in html and "まだ下書きの内容です。" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--fy", "2024"], "SLUG: 計画「nope」はありません"),
        (["test-2024-2028", "--fy", "2030"], "--fy: 2030年度は計画期間（2024〜2028年度）外です"),
        (["test-2024-2028", "--fy", "令和6"], "FY: 年度「令和6」は 2025 のように西暦 4 桁で"),
        (["test-2024-2028", "--fy", "2024", "--format", "odt"], "invalid choice: 'odt'"),
        (["test-2024-2028", "--fy", "2024", "--edition", "draft"], "invalid choice: 'draft'"),
    ],
)
def test_it_refuses_bad_arguments_saying_which(
    world: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "report.pdf"
    assert message in refused("report", *args, "-o", str(target))
    assert not target.exists()


def test_it_refuses_a_folder_that_does_not_exist(world: Any, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.pdf"
    message = refused("report", "test-2024-2028", "--fy", "2024", "-o", str(target))
    assert "FILE: フォルダ" in message and "がありません" in message
