"""The Word document's plumbing (python-docx): A4 pages, a Japanese font on every style, heading
styles Word's navigation pane lists, tables whose header rows repeat on every page, a running
header and footer with the page number, and a table of contents Word fills in on opening.

Committee papers get edited, so the Word edition is plain Word: built-in styles (見出し 1–3,
表 (格子)), no text boxes, no fixed row heights."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gyokaku.lib.text import strip_controls

# Fonts every Windows PC since Windows 10 has; UD fonts are what many municipalities adopted
# for legibility. Word substitutes a font it lacks, so nothing breaks elsewhere.
FONT = "BIZ UDゴシック"
LATIN_FONT = "BIZ UDゴシック"
MARK_COLOUR = RGBColor(0xB0, 0x00, 0x20)


def text(value: str) -> str:
    """What people wrote, without the control characters XML cannot hold (issue 18)."""
    return strip_controls(value)


def set_up(doc: DocumentObject, *, title: str, author: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.left_margin, section.right_margin = Mm(18), Mm(18)
    section.different_first_page_header_footer = True
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        style = doc.styles[name]
        font = style.font
        font.name = LATIN_FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
        fonts.attrib.pop(qn("w:asciiTheme"), None)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.attrib.pop(qn("w:hAnsiTheme"), None)
    doc.styles["Normal"].font.size = Pt(10)
    for name, size in (("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        heading = doc.styles[name].font
        heading.size = Pt(size)
        heading.color.rgb = RGBColor(0x0B, 0x3D, 0x91)
    props = doc.core_properties
    props.title, props.author, props.language = text(title), text(author), "ja-JP"
    props.comments = "gyokaku"
    _update_fields_on_open(doc)


def _update_fields_on_open(doc: DocumentObject) -> None:
    """Word fills in the table of contents and page numbers when the file is opened."""
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC …) with the text shown until Word updates it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, shown, end):
        run._r.append(element)


def running(doc: DocumentObject, *, header: str, mark: str) -> None:
    """The header (the report's name) and the footer (the page number) of every page but the
    cover; with ``mark`` (内部資料), the mark at the top and the bottom of every page, the
    cover's included."""
    section = doc.sections[0]
    top = section.header.paragraphs[0]
    top.add_run(text(header)).font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field(foot, "PAGE", "1")
    foot.add_run(" / ")
    field(foot, "NUMPAGES", "1")
    if not mark:
        return
    for part in (
        section.header,
        section.footer,
        section.first_page_header,
        section.first_page_footer,
    ):
        paragraph = part.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(mark)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = MARK_COLOUR


def repeat_header(row_cells: Sequence[_Cell]) -> None:
    """Mark the row a header row: Word repeats it at the top of every page the table runs
    onto, and reads it as the table's header (accessibility)."""
    tr = row_cells[0]._tc.getparent()
    pr = tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    pr.append(flag)
    cant_split = OxmlElement("w:cantSplit")
    pr.append(cant_split)


def table(
    doc: DocumentObject,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    caption: str = "",
    numeric: Sequence[int] = (),
) -> Table:
    """A grid table with ``header`` as its repeated header row; columns in ``numeric`` are
    right-aligned."""
    if caption:
        doc.add_paragraph(text(caption))._p.style = "Caption"  # see grid_style
    grid: Table = doc.add_table(rows=0, cols=len(header))
    grid_style(grid)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = grid.add_row().cells  # type: ignore[no-untyped-call]
    for cell, value in zip(cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text(value))
        run.bold = True
        _shade(cell, "E4E9F2")
    repeat_header(cells)
    for values in rows:
        cells = grid.add_row().cells  # type: ignore[no-untyped-call]
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = text(value)
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return grid


def grid_style(grid: Table) -> None:
    """表 (格子) by its style id: python-docx's ``table.style = …`` looks the style up among all
    styles each time, a third of the time of a 1,000-item document."""
    grid._tbl.tblPr.style = "TableGrid"


def _shade(cell: _Cell, colour: str) -> None:
    pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    pr.append(shading)


def label_cell(cell: _Cell, value: str) -> None:
    cell.text = ""
    cell.paragraphs[0].add_run(text(value)).bold = True
    _shade(cell, "EEF2F8")


def centred(doc: DocumentObject, value: str, size: float, *, bold: bool = False) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text(value))
    run.font.size = Pt(size)
    run.bold = bold
    return paragraph


def heading(doc: DocumentObject, value: str, level: int) -> Paragraph:
    """A heading in Word's own style (見出し n): the navigation pane lists it."""
    added: Paragraph = doc.add_paragraph(text(value))
    added._p.style = f"Heading{level}"  # by its id, as grid_style (見出し n: "Heading n")
    return added


def paragraph(doc: DocumentObject, value: str = "") -> Paragraph:
    return doc.add_paragraph(text(value))
