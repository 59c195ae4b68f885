"""The plan's logo (ロゴ) for the public pages' header and the report cover: what an uploaded
logo really is (read from its bytes, never its name), where it is kept (``VAR_DIR/logos``, like
attachments), and how a report embeds it.

Accepted: PNG, JPEG and SVG up to ``MAX_LOGO_BYTES``. An SVG is parsed with defusedxml (no
DTD, no entities) and refused when it could run or fetch anything: ``script``,
``foreignObject`` and other embedding elements, ``on…`` event attributes, links that leave the
file (``href`` not starting with ``#``), ``url(…)`` or ``@import`` in styles. It is also served
with a sandboxing Content-Security-Policy (site.views_settings.logo)."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree  # type: ignore[import-untyped]
from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]
from django.conf import settings

MAX_LOGO_BYTES = 512 * 1024
SVG_NS = "{http://www.w3.org/2000/svg}"
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler"}
)
UNSAFE_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(|javascript:", re.IGNORECASE)


@dataclass(frozen=True)
class LogoKind:
    content_type: str
    suffix: str


PNG = LogoKind("image/png", ".png")
JPEG = LogoKind("image/jpeg", ".jpg")
SVG = LogoKind("image/svg+xml", ".svg")
KINDS = {kind.suffix: kind for kind in (PNG, JPEG, SVG)}


def logo_kind(content: bytes) -> LogoKind | str:
    """What the logo is, or why it is refused (Japanese)."""
    if not content:
        return "ファイルが空です"
    if len(content) > MAX_LOGO_BYTES:
        return f"ロゴは {MAX_LOGO_BYTES // 1024:,} KB までです（{len(content):,} バイト）"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    problem = _svg_problem(content)
    return problem if problem else SVG


def _svg_problem(content: bytes) -> str | None:
    try:
        text = content.decode("utf-8-sig")
        root = ElementTree.fromstring(text, forbid_dtd=True)
    except (UnicodeDecodeError, ParseError, DefusedXmlException, ValueError):
        return "PNG・JPEG・SVG の画像だけをロゴにできます"
    if root.tag != f"{SVG_NS}svg":
        return "PNG・JPEG・SVG の画像だけをロゴにできます"
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in FORBIDDEN_ELEMENTS:
            return f"SVG に使えない要素があります（{name}）"
        if name == "style" and UNSAFE_STYLE.search(element.text or ""):
            return "SVG のスタイルに外部の参照やスクリプトがあります"
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f"SVG に使えない属性があります（{local}）"
            if local == "href" and not value.strip().startswith("#"):
                return "SVG の中から外部を参照することはできません"
            if UNSAFE_STYLE.search(value):
                return "SVG の属性に外部の参照やスクリプトがあります"
    return None


def logo_root() -> Path:
    return Path(settings.VAR_DIR) / "logos"


def logo_name(slug: str, content: bytes, kind: LogoKind) -> str:
    """The stored file's name: the plan and the content's hash (a new logo is a new address,
    so pages and caches never show the old one)."""
    return f"{slug}-{hashlib.sha256(content).hexdigest()[:16]}{kind.suffix}"


def logo_path(name: str) -> Path | None:
    """The stored logo ``name`` (a name we made; anything else is None)."""
    if not re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{16}\.(png|jpg|svg)", name):
        return None
    path = logo_root() / name
    return path if path.is_file() else None


def logo_type(name: str) -> str:
    return KINDS[Path(name).suffix].content_type


def logo_data_uri(name: str) -> str:
    """The logo as a ``data:`` address, for a report that must stand alone (PDF, HTML file);
    "" when the plan has none or its file is gone."""
    path = logo_path(name) if name else None
    if path is None:
        return ""
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{logo_type(name)};base64,{encoded}"
