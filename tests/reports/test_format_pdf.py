"""The PDF, read back with pypdf: titles, 和暦, totals, A4, the font embedded, PDF/UA tags,
page numbers, running headers and table headers repeated across pages."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from tests.reports.conftest import pdf_text

from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.lib.wareki import wareki_fy
from gyokaku.measures.sample import fill_sample_measures
from gyokaku.plans.models import Plan
from gyokaku.plans.outline.sample import generate_plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db
A4 = (595.28, 841.89)  # points


def _pdf(plan: Any, fy: int = 2024, edition: Edition = Edition.INTERNAL) -> bytes:
    content = report_content(plan=plan, fiscal_year=fy, edition=edition)
    return FORMATS["pdf"].render(content, NO_PROGRESS)


@pytest.fixture
def measured_pdf(measured: Any) -> bytes:
    return _pdf(measured.plan)


def test_it_prints_the_cover_the_sections_and_the_totals(measured_pdf: bytes) -> None:
    text = pdf_text(measured_pdf)
    assert "テスト行財政改革プラン\n進捗状況報告書\n令和6年度\n" in text
    assert "青森市" in text
    for heading in ("目次", "1 総括", "(1) 概要", "(2) 評価の状況", "(3) 財政効果", "2 総括表"):
        assert heading in text
    assert "3 個票" in text
    # pillar 1: 12,345,678 + 1,000,000 yen target, 13,000,000 − 5,000 yen actual, in 千円
    assert "1 DXの推進 13,346 12,995 97.4% 13,346 12,995 97.4%" in text
    assert "合計 15,346 12,995 84.7% 15,346 12,995 84.7%" in text
    assert "歳入確保 1,000 △5" in text
    # the 個票 of each item, by its printed number, its indicators and committee opinion
    assert "1-①　書かない窓口の導入" in text
    assert "書かない窓口を3か所に広げた。" in text
    assert "窓口の利用者数（件）\n高いほどよい\n— 100 120 120.0%" in text
    assert "利用者の声を聞いて進めること。" in text
    # 和暦 only, the period with a wave dash that reads back as one
    assert "計画期間　令和6年度〜令和10年度" in text
    assert "˜" not in text and "2024年度" not in text
    # a 評価対象外 is explained once, not on every row
    flat = text.replace("\n", "")
    assert flat.count("今年度は評価の対象としない") == 4  # per scale, in 総括 and 総括表


def test_the_internal_edition_says_so_on_every_page(measured_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(measured_pdf))
    for page in reader.pages:
        assert "内部資料（未公表のデータを含む）" in page.extract_text()
    text = pdf_text(measured_pdf)
    assert "まだ下書きの内容です。" in text and "下書き" in text


def test_the_public_edition_has_no_drafts_no_states_and_no_fingerprints(measured: Any) -> None:
    text = pdf_text(_pdf(measured.plan, edition=Edition.PUBLIC))
    for hidden in ("まだ下書きの内容です。", "書かない窓口を3か所", "内部資料", "反映したデータ"):
        assert hidden not in text
    for state in ("下書き", "提出済", "差戻し", "承認済", "公表済"):
        assert state not in text
    assert text.count("公表後に掲載します") == 1


def test_it_is_a4_tagged_for_accessibility_with_the_font_embedded(measured_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(measured_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ja"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a PDF BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert reader.metadata is not None
    assert reader.metadata.title == "テスト行財政改革プラン 進捗状況報告書 令和6年度"
    fonts = {}
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[font["/BaseFont"]] = "/FontFile2" in descriptor
    # IPAex Gothic (the bold is WeasyPrint's synthetic bold of the same file), embedded;
    # no system font
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+IPAexGothic(-Bold)?", f) for f in fonts)
    assert all(fonts.values())


def test_charts_are_figures_with_their_text_alternative(measured_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(measured_pdf))
    alts = []
    todo: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if isinstance(node, ArrayObject):
            todo += node
        elif isinstance(node, DictionaryObject):
            if "/Alt" in node:
                assert node["/S"] == "/Figure"
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                todo.append(node["/K"])
    assert any(a.startswith("柱ごとの評価の分布（実施状況）の積み上げ棒グラフ") for a in alts)
    # a chart of a single point is replaced by its table: the plan's first year has one
    assert not any("年度別の財政効果額" in a for a in alts)


def test_long_tables_repeat_their_headers_and_pages_carry_numbers_and_headers(
    world: Any,
) -> None:
    data = generate_plan(200, seed=3)
    data["slug"], data["municipality"]["code"] = "generated-200", "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    plan = plan_for(slug="generated-200")
    fill_sample_measures(plan=plan, years=1, seed=5)
    reader = PdfReader(io.BytesIO(_pdf(plan, plan.start_fy)))
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    assert total > 10
    for number, text in enumerate(pages[1:], start=2):
        assert f"{number} / {total}" in text
        assert f"{plan.title}　{wareki_fy(plan.start_fy)}" in text  # the running header
    # the 総括表 runs over several pages, its header row on each, its caption once
    header = "番号 取組項目 所管課 工程 実施状況 達成度 方向性"
    table_pages = [t for t in pages if header in t]
    assert len(table_pages) >= 2
    assert sum(t.count("総括表（") for t in pages) == 1


def test_tildes_and_full_width_characters_read_back_as_written(measured: Any) -> None:
    # a plan title as cities write it: full-width digits, parentheses and tilde (～), and a
    # wave dash (〜)
    title = "テスト行財政改革プラン（２０２４～２０２８）〜第２期〜"
    Plan.objects.filter(pk=measured.plan.pk).update(title=title)
    plan = Plan.objects.select_related("municipality").get(pk=measured.plan.pk)
    text = pdf_text(_pdf(plan, edition=Edition.PUBLIC))
    # IPAex Gothic draws 〜 and ～ with one glyph, so the PDF's text layer maps both to the
    # one written first; either way a wave, never the raised tilde (˜) or an ASCII ~
    assert title.replace("〜", "～") in text.replace("〜", "～")
    assert "計画期間　令和6年度～令和10年度" in text.replace("〜", "～")
    assert "˜" not in text and "~" not in text
