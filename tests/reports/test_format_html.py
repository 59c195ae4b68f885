"""The HTML report: one self-contained, print-ready file with the PDF's content."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.plans.models import Plan
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition

pytestmark = pytest.mark.django_db


def _html(plan: Plan, fy: int = 2024, edition: Edition = Edition.INTERNAL) -> str:
    content = report_content(plan=plan, fiscal_year=fy, edition=edition)
    return FORMATS["html"].render(content, NO_PROGRESS).decode("utf-8")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_it_is_japanese_print_ready_and_self_contained(measured: Any) -> None:
    html = _html(measured.plan)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="ja">' in html
    assert "<title>テスト行財政改革プラン 進捗状況報告書 令和6年度</title>" in html
    assert "size: A4;" in html and "thead { display: table-header-group; }" in html
    tags = _tags(html)
    images = [attrs for tag, attrs in tags if tag == "img"]
    assert images and all((a["src"] or "").startswith("data:image/svg+xml;base64,") for a in images)
    assert all(a.get("alt") for a in images)
    # the charts' text is drawn as paths: the file needs no Japanese font where it is opened
    svg = base64.b64decode((images[-1]["src"] or "").split(",", 1)[1]).decode()
    assert "<path" in svg and "<text" not in svg
    # nothing to fetch, and no path of the server's disk (the PDF's font) in the file
    assert not [a for tag, a in tags if tag in ("link", "script")]
    assert "file:" not in html and "@font-face" not in html
    assert not re.search(r"""(src|href)=["']https?:""", html)


def test_it_has_the_same_sections_and_numbers_as_the_pdf(measured: Any) -> None:
    html = _html(measured.plan)
    for heading in ("1 総括", "(1) 概要", "(3) 財政効果", "2 総括表", "3 個票"):
        assert heading in html
    assert '<a href="#table">2 総括表</a>' in html  # the contents link to the sections
    assert '<td class="num">15,346</td><td class="num">12,995</td>' in html
    assert '<td class="num">△5</td>' in html
    # the internal edition: the draft too, and the banner that says so
    assert "まだ下書きの内容です。" in html
    assert '<p class="mark" role="note">内部資料（未公表のデータを含む）</p>' in html


def test_the_public_edition_has_neither_drafts_nor_the_banner(measured: Any) -> None:
    html = _html(measured.plan, edition=Edition.PUBLIC)
    assert "まだ下書きの内容です。" not in html and "書かない窓口" not in html
    assert "内部資料" not in html and "反映したデータ" not in html
    assert "対象の取組3件のうち、令和6年度の取組状況を公表している1件を掲載しています。" in html


def test_what_people_wrote_is_escaped(measured: Any) -> None:
    Plan.objects.filter(pk=measured.plan.pk).update(title="<script>alert(1)</script>プラン")
    plan = Plan.objects.select_related("municipality").get(pk=measured.plan.pk)
    html = _html(plan)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;プラン" in html
    assert "=HYPERLINK(&quot;http://example.invalid&quot;,&quot;押してください&quot;)" in html


def test_the_cover_names_the_municipality_and_the_plans_office(measured: Any) -> None:
    Plan.objects.filter(pk=measured.plan.pk).update(office_name="行革推進課")
    plan = Plan.objects.select_related("municipality").get(pk=measured.plan.pk)
    html = _html(plan, edition=Edition.PUBLIC)
    assert '<p class="cover__municipality">青森市</p>' in html
    assert '<p class="cover__office">行革推進課</p>' in html
