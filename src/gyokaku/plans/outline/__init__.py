"""Outline text (the numbered plan summaries municipalities publish) <-> plan file dicts.

Pure Python with no Django import, so reading an outline touches no database.
"""

from __future__ import annotations

from gyokaku.plans.outline.errors import Diagnostic, OutlineError
from gyokaku.plans.outline.numbering import code_to_key_segment
from gyokaku.plans.outline.parser import ParseResult, parse_outline
from gyokaku.plans.outline.render import render_outline

__all__ = [
    "Diagnostic",
    "OutlineError",
    "ParseResult",
    "code_to_key_segment",
    "parse_outline",
    "render_outline",
]
