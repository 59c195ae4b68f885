"""Join tagged PDFs (PDF/UA) typeset apart into one tagged PDF, with pikepdf.

A long document typeset in parts (to bound the typesetter's memory) must still read as one
document to a screen reader and a PDF/UA checker. Copying pages is not enough for that (pypdf's
writer drops the structure tree): ``join`` keeps

- one structure tree: the first part's ``Document`` element holds the top-level elements of
  every part, each with its parent set again;
- one ParentTree: each part's keys (a page's ``/StructParents``, an annotation's
  ``/StructParent``) move past the keys of the parts before it, and the pages and annotations
  are renumbered to match, so marked content still leads to its element;
- one table of named destinations (the targets of internal links): a name defined in several
  parts points where the last of them puts it, so a table of contents typeset before the pages
  it points to may hold placeholders for their names;
- the first part's catalog: language, title (``/Info`` and XMP), viewer preferences, marked;
- an outline (bookmarks) built from the caller's ``Bookmark`` list, whose pages count across
  the whole document.

``number_pages`` draws page numbers (``12 / 340``) over pages typeset without knowing the
total, as pagination artifacts, in a font and place read from a specimen page (see there).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, NumberTree, OutlineItem, Pdf

# The characters a page number is made of; a specimen shows exactly these, in this order.
FOLIO_CHARACTERS = "0123456789 /"
_FOLIO_FONT = Name("/GyokakuFolio")


@dataclass(frozen=True)
class Bookmark:
    """An outline entry: ``level`` 1 is the top (children have higher levels, gaps allowed),
    ``page`` is 0-based in the joined document, ``left``/``top`` in PDF points."""

    level: int
    title: str
    page: int
    left: float
    top: float
    closed: bool = False


def join(parts: Sequence[bytes], *, bookmarks: Sequence[Bookmark] = ()) -> Pdf:
    """One tagged PDF of ``parts`` (tagged PDFs), in order. The caller saves it (``to_bytes``)."""
    if not parts:
        raise ValueError("nothing to join")
    out = Pdf.open(io.BytesIO(parts[0]))
    tree = _Tree(out)
    dests = _dests(out.Root.get("/Names", Dictionary()).get("/Dests"))
    for data in parts[1:]:
        part = Pdf.open(io.BytesIO(data))
        first_page = len(out.pages)
        out.pages.extend(part.pages)  # copied first, so that the tree's /Pg are these pages
        carried = Dictionary(Struct=part.Root.StructTreeRoot)
        if "/Names" in part.Root and "/Dests" in part.Root.Names:
            carried.Dests = part.Root.Names.Dests
        local = out.copy_foreign(part.make_indirect(carried))
        tree.add(local.Struct, out.pages[first_page:])
        dests.update(_dests(local.get("/Dests")))
    tree.finish()
    _set_dests(out, dests)
    _set_outline(out, bookmarks)
    out.Root.MarkInfo = Dictionary(Marked=True)
    return out


def to_bytes(pdf: Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=False,  # keep the first part's /ID (the caller's identifier)
    )
    return buffer.getvalue()


class _Tree:
    """The first part's structure tree, growing by the parts joined after it."""

    def __init__(self, pdf: Pdf) -> None:
        root = pdf.Root.StructTreeRoot
        self.pdf = pdf
        self.root = root
        self.document = _document_element(root)
        self.parents: dict[int, pikepdf.Object] = {}
        self.next_key = 0
        self._take(root, pdf.pages[:], first=True)

    def add(self, root: pikepdf.Object, pages: Sequence[pikepdf.Page]) -> None:
        """Add a part's tree (already copied into this PDF) for its ``pages``."""
        document = _document_element(root)
        for kid in _kids(document):
            if not isinstance(kid, Dictionary):
                raise ValueError("a part's Document element holds content, not elements")
            kid.P = self.document
            self.document.K.append(kid)
        for name in ("/RoleMap", "/ClassMap"):
            if name in root:
                mapping = self.root.get(name) or Dictionary()
                for key, value in root[name].items():
                    if key not in mapping:
                        mapping[key] = value
                self.root[name] = mapping
        self._take(root, pages, first=False)

    def _take(self, root: pikepdf.Object, pages: Sequence[pikepdf.Page], *, first: bool) -> None:
        offset = self.next_key
        keys = [int(key) for key, _ in NumberTree(root.ParentTree).items()]
        document = _document_element(root).objgen
        seen: set[tuple[int, int]] = set()
        for key, value in NumberTree(root.ParentTree).items():
            self.parents[int(key) + offset] = value
            # WeasyPrint tags running headers with elements outside the tree, whose top one
            # has the Document for parent: make it the joined one, not a copy of the part's
            for node in value if isinstance(value, Array) else [value]:
                while isinstance(node, Dictionary) and "/P" in node and node.objgen not in seen:
                    if node.is_indirect:
                        seen.add(node.objgen)
                    if node.P.objgen == document:
                        node.P = self.document
                        break
                    node = node.P
        if not first:
            for page in pages:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + offset
                for annotation in page.obj.get("/Annots", Array()):
                    if "/StructParent" in annotation:
                        annotation.StructParent = int(annotation.StructParent) + offset
        self.next_key = offset + max(keys, default=-1) + 1

    def finish(self) -> None:
        tree = NumberTree.new(self.pdf)
        for key in sorted(self.parents):
            tree[key] = self.parents[key]
        self.root.ParentTree = tree.obj
        self.root.ParentTreeNextKey = self.next_key
        self.root.K = Array([self.document])


def _document_element(root: pikepdf.Object) -> pikepdf.Object:
    """The tree's one ``Document`` element (WeasyPrint writes one under StructTreeRoot)."""
    kids = _kids(root)
    if len(kids) != 1 or kids[0].get("/S") != Name.Document:
        raise ValueError("a part's structure tree has no single Document element")
    return kids[0]


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _dests(tree: pikepdf.Object | None) -> dict[str, pikepdf.Object]:
    if tree is None:
        return {}
    return {str(name): dest for name, dest in NameTree(tree).items()}


def _set_dests(pdf: Pdf, dests: dict[str, pikepdf.Object]) -> None:
    if not dests:
        return
    tree = NameTree.new(pdf)
    for name in sorted(dests):
        tree[name] = dests[name]
    names = pdf.Root.get("/Names") or Dictionary()
    names.Dests = tree.obj
    pdf.Root.Names = names


def _set_outline(pdf: Pdf, bookmarks: Sequence[Bookmark]) -> None:
    with pdf.open_outline() as outline:
        outline.root.clear()
        # (level, item) of the open ancestors: an entry goes under the last one above its level
        open_items: list[tuple[int, OutlineItem]] = []
        for mark in bookmarks:
            item = OutlineItem(mark.title, mark.page, "XYZ", left=mark.left, top=mark.top)
            item.is_closed = mark.closed
            while open_items and open_items[-1][0] >= mark.level:
                open_items.pop()
            (open_items[-1][1].children if open_items else outline.root).append(item)
            open_items.append((mark.level, item))


# ---- page numbers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Specimen:
    """Where and how the specimen shows ``FOLIO_CHARACTERS``: the graphics state (CTM, fill
    colour), the text matrix, the font (an object of the specimen's PDF) and size, each
    character's code and width (in text space)."""

    ctm: list[Decimal]
    fill: list[Decimal]
    matrix: list[Decimal]
    font: pikepdf.Object
    size: Decimal
    codes: dict[str, bytes]
    widths: dict[str, Decimal]

    def width(self, text: str) -> Decimal:
        return sum((self.widths[ch] for ch in text), Decimal(0))


def number_pages(pdf: Pdf, *, specimen: bytes, skip: int = 1) -> None:
    """Draw ``n / total`` on every page of ``pdf`` after the first ``skip`` (a cover has none),
    centred where the specimen's single line of text is centred and in its font, size and
    colour, marked as a pagination artifact (not content: a screen reader skips it).

    ``specimen`` is a one-page PDF whose only text is ``FOLIO_CHARACTERS`` (typeset by the same
    typesetter with the same page style), which also brings the font subset holding them."""
    source = Pdf.open(io.BytesIO(specimen))
    found = _read_specimen(source)
    font = pdf.copy_foreign(source.make_indirect(found.font))
    total = len(pdf.pages)
    centre = found.matrix[4] + found.width(FOLIO_CHARACTERS) / 2
    ctm = " ".join(_num(v) for v in found.ctm)
    fill = " ".join(_num(v) for v in found.fill)
    size = _num(found.size)
    for number, page in enumerate(pdf.pages, start=1):
        if number <= skip:
            continue
        text = f"{number} / {total}"
        matrix = list(found.matrix)
        matrix[4] = centre - found.width(text) / 2
        codes = b"".join(found.codes[ch] for ch in text)
        resources = page.obj.Resources
        fonts = resources.get("/Font") or Dictionary()
        fonts[_FOLIO_FONT] = font
        resources.Font = fonts
        stream = (
            f"Q q {ctm} cm /Artifact <</Type /Pagination /Subtype /Footer>> BDC {fill} rg BT "
            f"{_FOLIO_FONT} {size} Tf {' '.join(_num(v) for v in matrix)} Tm <{codes.hex()}> Tj "
            "ET EMC Q\n"
        ).encode("ascii")
        # the page's own content may leave its transformation in place: save the state first
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, stream))


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def _read_specimen(pdf: Pdf) -> _Specimen:
    page = pdf.pages[0]
    identity = [Decimal(1), Decimal(0), Decimal(0), Decimal(1), Decimal(0), Decimal(0)]
    ctm, stack = identity, []
    fill: list[Decimal] = [Decimal(0)] * 3
    matrix: list[Decimal] = []
    font: pikepdf.Object | None = None
    size = Decimal(0)
    shown: list[tuple[list[Decimal], list[Decimal], list[Decimal], bytes]] = []
    for instruction in pikepdf.parse_content_stream(page):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            ctm = _multiply([Decimal(str(v)) for v in operands], ctm)
        elif op == "rg":
            fill = [Decimal(str(v)) for v in operands]
        elif op == "Tm":
            matrix = [Decimal(str(v)) for v in operands]
        elif op == "Tf":
            font, size = page.Resources.Font[str(operands[0])], Decimal(str(operands[1]))
        elif op in ("Tj", "TJ"):
            shown.append((ctm, fill, matrix, _shown_bytes(operands[0])))
    if len(shown) != 1 or font is None:
        raise ValueError(f"the specimen shows {len(shown)} runs of text, not one")
    ctm, fill, matrix, data = shown[0]
    if len(data) != 2 * len(FOLIO_CHARACTERS):
        raise ValueError("the specimen's text is not one two-byte code per character")
    codes = {ch: data[2 * i : 2 * i + 2] for i, ch in enumerate(FOLIO_CHARACTERS)}
    widths = _cid_widths(font)
    scale = size / 1000
    return _Specimen(
        ctm=ctm,
        fill=fill,
        matrix=matrix,
        font=font,
        size=size,
        codes=codes,
        widths={ch: widths(int.from_bytes(code, "big")) * scale for ch, code in codes.items()},
    )


def _shown_bytes(operand: pikepdf.Object) -> bytes:
    if isinstance(operand, pikepdf.String):
        return bytes(operand)
    return b"".join(bytes(x) for x in operand if isinstance(x, pikepdf.String))


def _multiply(m: list[Decimal], n: list[Decimal]) -> list[Decimal]:
    """``m`` × ``n`` for PDF matrices [a b c d e f] (``cm`` m applies to the current n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


def _cid_widths(font: pikepdf.Object) -> Callable[[int], Decimal]:
    """A function from a CID to its width (1/1000 em) of a Type0 font's descendant."""
    descendant = font.DescendantFonts[0]
    default = Decimal(str(descendant.get("/DW", 1000)))
    table: dict[int, Decimal] = {}
    entries = list(descendant.get("/W", Array()))
    i = 0
    while i < len(entries):
        first = int(entries[i])
        if isinstance(entries[i + 1], Array):
            for offset, each in enumerate(entries[i + 1]):
                table[first + offset] = Decimal(str(each))
            i += 2
        else:
            last, width = int(entries[i + 1]), Decimal(str(entries[i + 2]))
            for cid in range(first, last + 1):
                table[cid] = width
            i += 3
    return lambda cid: table.get(cid, default)
