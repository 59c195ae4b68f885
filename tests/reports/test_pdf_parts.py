"""The PDF typeset in parts (formats/pdf.py) and joined (lib/tagged_pdf.py), with parts made
tiny so that a small plan needs many: it reads as one document — every item once and in order,
the 目次's pages where the 個票 are, page numbers 1..N across parts, one structure tree whose
ParentTree leads each page's marked content and each link to its element, bookmarks and links
to the right pages. The parts are typeset by spawned processes, as in production."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf
import pytest
from pikepdf import Name, NameTree, NumberTree
from pypdf import PdfReader

from gyokaku.measures.sample import fill_sample_measures
from gyokaku.plans.models import Plan
from gyokaku.plans.outline.sample import generate_plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition, ReportContent
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


@dataclass
class Steps:
    """A progress sink that keeps what it was told."""

    seen: list[tuple[str, int | None, list[int]]] = field(default_factory=list)

    def step(self, text: str, *, total: int | None = None) -> None:
        self.seen.append((text, total, []))

    def advance(self, done: int, total: int | None = None) -> None:
        self.seen[-1][2].append(done)


@pytest.fixture
def tiny_parts(settings: Any) -> None:
    settings.GYOKAKU_REPORT_PDF_TABLE_ROWS = 4
    settings.GYOKAKU_REPORT_PDF_SHEETS = 3
    settings.GYOKAKU_REPORT_PDF_PROCESSES = 2


@pytest.fixture
def plan(world: Any) -> Plan:
    data = generate_plan(40, seed=3)
    data["slug"], data["municipality"]["code"] = "generated-40", "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    plan = plan_for(slug="generated-40")
    fill_sample_measures(plan=plan, years=1, seed=5)
    return plan


@pytest.fixture
def content(plan: Plan) -> ReportContent:
    return report_content(plan=plan, fiscal_year=plan.start_fy, edition=Edition.INTERNAL)


@pytest.fixture
def made(content: ReportContent, tiny_parts: None) -> tuple[bytes, Steps]:
    steps = Steps()
    return FORMATS["pdf"].render(content, steps), steps


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _heading(item: Any) -> str:
    return f"{item.number}　{item.node.title}"


def test_it_is_one_document_with_every_item_once_in_order(
    content: ReportContent, made: tuple[bytes, Steps]
) -> None:
    pdf, _ = made
    items = content.shown_items
    assert len(items) >= 10  # 4 parts of 個票 at least, and 4 of the 総括表
    pages = _pages(pdf)
    text = "\n".join(pages)
    # the 個票: each item's heading once, in plan order, one item a page
    at = [text.find(_heading(item)) for item in items]
    assert all(text.count(_heading(item)) == 1 for item in items)
    assert at == sorted(at) and at[0] >= 0
    # the 総括表: each item's row once, in plan order, its caption once; a pillar split
    # between parts says so on its continued group row
    table = "\n".join(t for t in pages if "番号 取組項目" in t)
    rows = [table.find(f"{item.number} {item.node.title}") for item in content.items]
    assert all(table.count(f"{item.number} {item.node.title}") == 1 for item in content.items)
    assert rows == sorted(rows) and rows[0] >= 0
    assert text.count("総括表（") == 1 and "（続き）" in table
    assert "1 総括" in text and "3 個票" in text


def test_the_contents_give_the_pages_the_sheets_are_on(
    content: ReportContent, made: tuple[bytes, Steps]
) -> None:
    pdf, _ = made
    pages = _pages(pdf)
    contents = pages[1]
    assert "目次" in contents

    def listed(label: str) -> int:
        match = re.search(re.escape(label) + r" \.+ (\d+)", contents)
        assert match, label
        return int(match.group(1))

    assert "1 総括" in pages[listed("1 総括") - 1].splitlines()[0]
    assert "2 総括表" in pages[listed("2 総括表") - 1]
    assert "3 個票" in pages[listed("3 個票") - 1]
    for pillar in content.pillars:
        if pillar.shown_items:
            page = listed(f"{content.pillar_level}{pillar.label}")
            assert _heading(pillar.shown_items[0]) in pages[page - 1]
            assert _heading(pillar.shown_items[0]) not in pages[page - 2]


def test_page_numbers_run_from_1_to_the_last_page_across_parts(
    made: tuple[bytes, Steps],
) -> None:
    pdf, _ = made
    pages = _pages(pdf)
    total = len(pages)
    assert total > 20
    assert f" / {total}" not in pages[0]  # the cover has none
    for number, text in enumerate(pages[1:], start=2):
        assert re.search(rf"(?<!\d){number} / {total}(?!\d)", text), number
    # every page carries the running header, the parts' continued pages included
    assert all("サンプル市行財政改革プラン（40項目版）　令和7年度" in t for t in pages[1:])


def test_progress_advances_as_parts_are_typeset(made: tuple[bytes, Steps]) -> None:
    _, steps = made
    [(_, total, done)] = [s for s in steps.seen if s[0] == "PDF を組版しています"]
    assert total is not None and total >= 10
    assert done == list(range(1, total + 1))


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(node: Any) -> Any:
    """The structure elements under ``node``, depth first."""
    for kid in _kids(node):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _under(element: Any, document: Any) -> bool:
    while "/P" in element:
        if element.P == document:
            return True
        element = element.P
    return False


def test_it_keeps_one_structure_tree_and_a_parent_tree_that_leads_to_it(
    made: tuple[bytes, Steps],
) -> None:
    pdf = pikepdf.open(io.BytesIO(made[0]))
    root = pdf.Root
    assert root.MarkInfo.Marked is True and str(root.Lang) == "ja"
    tree = root.StructTreeRoot
    [document] = tree.K
    assert document.S == Name.Document and document.P == tree
    # every part's top-level elements under the one Document element: the pages' content
    # after the cover and the contents comes from the parts typeset apart
    kids = list(document.K)
    assert all(kid.P == document for kid in kids)
    assert {kid.Pg.objgen for kid in kids if "/Pg" in kid} >= {p.objgen for p in pdf.pages[2:]}
    in_tree = {element.objgen for element in _elements(document)}
    parents = dict(NumberTree(tree.ParentTree).items())
    assert int(tree.ParentTreeNextKey) == max(parents) + 1
    keys = set()
    for page in pdf.pages:
        key = int(page.obj.StructParents)
        assert key not in keys
        keys.add(key)
        marked = [
            int(operands[1].MCID)
            for operands, op in pikepdf.parse_content_stream(page)
            if str(op) == "BDC"
            and isinstance(operands[1], pikepdf.Dictionary)
            and "/MCID" in operands[1]
        ]
        assert marked and len(parents[key]) == max(marked) + 1
        for mcid in marked:
            element = parents[key][mcid]
            assert element.Pg == page.obj and mcid in [
                k for k in _kids(element) if isinstance(k, int)
            ]
            # running headers are tagged outside the tree (WeasyPrint), still under the Document
            assert _under(element, document)
        for annotation in page.obj.get("/Annots", []):
            key = int(annotation.StructParent)
            assert key not in keys
            keys.add(key)
            link = parents[key]
            assert link.S == Name.Link and link.objgen in in_tree
            assert any(k.get("/Obj") == annotation for k in _kids(link) if "/Obj" in k)
    assert keys == set(parents)


def test_links_and_bookmarks_lead_to_the_pages_of_their_targets(
    content: ReportContent, made: tuple[bytes, Steps]
) -> None:
    pdf = pikepdf.open(io.BytesIO(made[0]))
    pages = _pages(made[0])
    number = {p.objgen: n for n, p in enumerate(pdf.pages)}
    dests = dict(NameTree(pdf.Root.Names.Dests).items())
    # the 目次's links (typeset before the pages they point to) go to the 個票 of each pillar
    links = [a for a in pdf.pages[1].obj.Annots if str(a.Dest).startswith("sheets-")]
    assert links
    for link in links:
        key = str(link.Dest).removeprefix("sheets-")
        pillar = next(p for p in content.pillars if p.node.key == key)
        page = number[dests[str(link.Dest)][0].objgen]
        assert _heading(pillar.shown_items[0]) in pages[page]
    # bookmarks: the report's title, its chapters, the 個票 under 3 個票, each on its page
    with pdf.open_outline() as outline:
        [top] = outline.root
        chapters = {str(c.title): c for c in top.children}
        assert list(chapters) == ["目次", "1 総括", "2 総括表", "3 個票"]
        sheets = chapters["3 個票"].children
        assert [s.title for s in sheets] == [_heading(i) for i in content.shown_items]
        for sheet in sheets:
            page = number[sheet.destination[0].objgen]
            assert sheet.title in pages[page]


def test_one_process_makes_the_same_document(
    settings: Any, content: ReportContent, made: tuple[bytes, Steps]
) -> None:
    settings.GYOKAKU_REPORT_PDF_PROCESSES = 1
    alone = FORMATS["pdf"].render(content, Steps())
    assert _pages(alone) == _pages(made[0])
