"""Links in the pages of a static export: find them, then rewrite them.

An HTML page is scanned once with the standard library's parser (so text, comments and
scripts are never mistaken for markup); a tag is rebuilt only when one of its attributes
changes. What a static copy cannot do is taken out:

- every ``<form>`` (search, language switch, login): a file server cannot answer them;
- every ``hx-*`` attribute: htmx would call endpoints that the export does not have, so the
  elements behave as plain links and buttons;
- a link to a page that was not exported loses its ``href``/``src`` (its text stays).

Atom and other XML is rewritten the same way for its ``href`` attributes.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

LINK_ATTRIBUTES = frozenset({"href", "src"})
DROPPED_ELEMENTS = frozenset({"form"})

# What to do with a link: the new value, or None to drop the attribute.
Rewrite = Callable[[str], str | None]


@dataclass
class _Tag:
    start: int
    end: int
    name: str
    attrs: list[tuple[str, str | None]]
    raw: str


class _Scan(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tags: list[_Tag] = []
        self.dropped: list[tuple[int, int]] = []
        self._open_drop: tuple[str, int] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        if tag in DROPPED_ELEMENTS and self._open_drop is None:
            self._open_drop = (tag, start)
        self.tags.append(_Tag(start, start + len(raw), tag, attrs, raw))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        self.tags.append(_Tag(start, start + len(raw), tag, attrs, raw))

    def handle_endtag(self, tag: str) -> None:
        if self._open_drop and self._open_drop[0] == tag:
            start = self._offset()
            end = self.text.index(">", start) + 1
            self.dropped.append((self._open_drop[1], end))
            self._open_drop = None


def _rebuild(tag: _Tag, attrs: list[tuple[str, str | None]]) -> str:
    parts = [f"<{tag.name}"]
    for name, value in attrs:
        parts.append(f" {name}" if value is None else f' {name}="{html.escape(value)}"')
    parts.append(" />" if tag.raw.endswith("/>") else ">")
    return "".join(parts)


def html_links(text: str) -> list[str]:
    """Every href and src of the page outside its forms, in order."""
    scan = _Scan(text)
    scan.feed(text)
    scan.close()
    found = []
    for tag in scan.tags:
        if _inside(tag.start, scan.dropped):
            continue
        found += [v for k, v in tag.attrs if k in LINK_ATTRIBUTES and v is not None]
    return found


def rewrite_html(text: str, rewrite: Rewrite) -> str:
    scan = _Scan(text)
    scan.feed(text)
    scan.close()
    out: list[str] = []
    at = 0
    for start, end in scan.dropped:
        out.append(_rewrite_span(text, at, start, scan.tags, rewrite))
        at = end
    out.append(_rewrite_span(text, at, len(text), scan.tags, rewrite))
    return "".join(out)


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    starts = [s for s, _ in spans]
    i = bisect_right(starts, offset) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _rewrite_span(text: str, begin: int, stop: int, tags: list[_Tag], rewrite: Rewrite) -> str:
    out: list[str] = []
    at = begin
    for tag in tags:
        if tag.start < begin or tag.end > stop:
            continue
        attrs: list[tuple[str, str | None]] = []
        changed = False
        for name, value in tag.attrs:
            if name.startswith("hx-"):
                changed = True
                continue
            if name in LINK_ATTRIBUTES and value is not None:
                new = rewrite(value)
                if new != value:
                    changed = True
                if new is None:
                    continue
                value = new
            attrs.append((name, value))
        if changed:
            out.append(text[at : tag.start])
            out.append(_rebuild(tag, attrs))
            at = tag.end
    out.append(text[at:stop])
    return "".join(out)


_XML_HREF = re.compile(r'(\shref=")([^"]*)(")')


def xml_links(text: str) -> list[str]:
    return [html.unescape(m.group(2)) for m in _XML_HREF.finditer(text)]


def rewrite_xml(text: str, rewrite: Rewrite) -> str:
    def one(match: re.Match[str]) -> str:
        new = rewrite(html.unescape(match.group(2)))
        if new is None:
            return ""
        return f"{match.group(1)}{html.escape(new)}{match.group(3)}"

    return _XML_HREF.sub(one, text)


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def css_links(text: str) -> list[str]:
    return [m.group(2) for m in _CSS_URL.finditer(text)]


def rewrite_css(text: str, rewrite: Rewrite) -> str:
    def one(match: re.Match[str]) -> str:
        new = rewrite(match.group(2))
        return match.group(0) if new is None else f"url({match.group(1)}{new}{match.group(1)})"

    return _CSS_URL.sub(one, text)
