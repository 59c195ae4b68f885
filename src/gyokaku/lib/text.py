"""Which characters free text may hold: one rule for every input and every writer (issue 18).

Never allowed, in any text: the C0 control characters other than tab, LF and CR
(U+0000–U+0008, U+000B, U+000C, U+000E–U+001F), DEL (U+007F), the C1 control characters
(U+0080–U+009F), lone surrogates (U+D800–U+DFFF) and the noncharacters U+FFFE and U+FFFF.
XML 1.0 — and so Atom and XLSX — cannot carry most of them, PostgreSQL refuses NUL and UTF-8
cannot encode a lone surrogate; none of them is something a person meant to write.

A multi-line text (取組実績, 説明, 算出方法, comments) may hold tab, LF and CR; a single-line
one (titles, names, labels, units, codes) may not.

Inputs refuse such text and say where (``text_problem``); writers drop what is stored anyway
from before this rule (``strip_controls``).
"""

from __future__ import annotations

import re
from typing import Any

_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
NEVER_RE = re.compile(f"[{_NEVER}]")
LINE_RE = re.compile(f"[{_NEVER}\t\n\r]")

# The same rule as JSON Schema (ECMA-262) patterns, for the OpenAPI document.
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]*$"
LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]*$"

_NAMES = {"\t": "タブ", "\n": "改行", "\r": "改行（CR）", "\x00": "NUL"}


def char_label(char: str) -> str:
    """``U+000B``; with a name a person knows where there is one (``改行 U+000A``)."""
    code = f"U+{ord(char):04X}"
    if name := _NAMES.get(char):
        return f"{name} {code}"
    if "\ud800" <= char <= "\udfff":
        return f"対のないサロゲート {code}"
    return f"非文字 {code}" if char in "\ufffe\uffff" else f"制御文字 {code}"


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why ``value`` cannot be stored (the first bad character and its position), or None."""
    found = (NEVER_RE if multiline else LINE_RE).search(value)
    if found is None:
        return None
    char, position = found.group(), found.start() + 1
    if char in "\t\n\r":
        return f"{char_label(char)} は使えません（{position} 文字目）。1 行で入力してください"
    return f"使えない文字（{char_label(char)}）が含まれています（{position} 文字目）"


def strip_controls(value: str) -> str:
    """``value`` without the characters no text may hold (tab, LF and CR stay)."""
    return NEVER_RE.sub("", value)


def strip_controls_in(value: Any) -> Any:
    """``value`` with ``strip_controls`` applied to every string in it, however nested in
    lists, tuples and dicts (keys too); anything else is left as it is."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list | tuple):
        return type(value)(strip_controls_in(v) for v in value)
    if isinstance(value, dict):
        return {strip_controls_in(k): strip_controls_in(v) for k, v in value.items()}
    return value
