"""Numbering styles (番号の形式): reading a code such as ① or （１） at the start of a line.

A *style* is a shape, not a literal: ``(1)``, ``（１）`` and ``⑴`` are all ``paren-arabic``
(NFKC folds ⑴ to (1) too), so a plan cannot use two of them for different levels. Codes are
read on a half-width copy of the line (see normalize.FULLWIDTH) and kept in that canonical
form, except that ⑴ and the other one-character codes stay as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gyokaku.plans.outline.errors import Diagnostic, OutlineError
from gyokaku.plans.outline.normalize import to_halfwidth

ARABIC = "arabic"  # 1
ARABIC_DOT = "arabic-dot"  # 1.
PADDED = "padded"  # 01
PAREN_ARABIC = "paren-arabic"  # (1) （１） ⑴
CIRCLED = "circled"  # ①
KATAKANA = "katakana"  # ア
PAREN_KATAKANA = "paren-katakana"  # (ア) （ア）
LATIN = "latin"  # a ａ
ROMAN = "roman"  # Ⅰ
ROMAN_LOWER = "roman-lower"  # ⅰ
DAI = "dai"  # 第1; "dai:章" for 第1章
LABEL = "label"  # "label:柱" for 柱1; "label:重点項目【】" for 重点項目【1】

# 五十音順 (gojūon order), as official documents count ア イ ウ …
GOJUON = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)
CIRCLED_DIGITS = (
    "".join(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳
    + "".join(chr(c) for c in range(0x3251, 0x3260))  # ㉑..㉟
    + "".join(chr(c) for c in range(0x32B1, 0x32C0))  # ㊱..㊿
)
PAREN_DIGITS = "".join(chr(c) for c in range(0x2474, 0x2488))  # ⑴..⒇
ROMAN_DIGITS = "".join(chr(c) for c in range(0x2160, 0x216C))  # Ⅰ..Ⅻ
ROMAN_LOWER_DIGITS = "".join(chr(c) for c in range(0x2170, 0x217C))  # ⅰ..ⅻ
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Labels that number a level in words (柱1, 分野1); a legend may teach more.
KNOWN_LABELS = (
    "改革の柱",
    "基本方針",
    "重点項目",
    "重点取組",
    "基本目標",
    "基本施策",
    "柱",
    "分野",
    "方針",
    "施策",
    "目標",
)
# After 第N these make an ordinary word (第1回, 第2次, 第3四半期), not a heading code.
_COUNTERS = frozenset("回次期号条項弾位者段年種類波階世代一二三四五六七八九十")
# Characters a bullet may be: "- ① 項目" and " - a 詳細" in the seed; the bullet is noise.
_BULLET = re.compile(r"^(?:[-*]\s+|[－‐・•●◦▪■□◆◇▶►]\s*)")

_PAREN_NUMBER = re.compile(r"\(([0-9]{1,3})\)")
_PAREN_KANA = re.compile(rf"\(([{GOJUON}])\)")
_DAI = re.compile(r"第([0-9]{1,3})(章|節|部|編)?(?![0-9])")
_DOT_NUMBER = re.compile(r"([0-9]{1,3})\.(?![0-9])")
_BARE_NUMBER = re.compile(r"([0-9]{1,3})(?![0-9])")
_ANY_LABEL = re.compile(r"([^\s0-9()【】]{1,8}?)(?:([0-9]{1,3})|【([0-9]{1,3})】)$")


@dataclass(frozen=True)
class Code:
    style: str
    ordinal: int  # 1 for ①, ア, a, 01 …
    text: str  # canonical printed form: "(1)", "01", "①", "⑴"
    segment: str  # key segment: "1", "01", "a"


@dataclass(frozen=True)
class Heading:
    code: Code
    title: str


@dataclass(frozen=True)
class _Hit:
    code: Code
    end: int  # where the code ends in the line
    needs_space: bool  # "1 title" needs the space; "①title" does not


class CodeReader:
    """Reads codes with the built-in styles plus labelled forms for the given labels."""

    def __init__(self, labels: tuple[str, ...] = KNOWN_LABELS) -> None:
        ordered = sorted(set(labels), key=len, reverse=True)  # 改革の柱 before 柱
        alternation = "|".join(re.escape(label) for label in ordered)
        self.labels = tuple(ordered)
        self._label = re.compile(rf"({alternation})(?:([0-9]{{1,3}})|【([0-9]{{1,3}})】)(?![0-9])")

    def read_heading(self, line: str) -> list[Heading]:
        """Every way the line reads as ``code title`` (two for "10": 10 or the 10th of 01…)."""
        bullet = _BULLET.match(line)
        if bullet:
            line = line[bullet.end() :]
        flat = to_halfwidth(line)
        out = []
        for hit in self._scan(flat):
            rest = line[hit.end :]
            if hit.needs_space and not rest[:1].isspace():
                continue
            if hit.code.style.startswith((DAI, LABEL)):
                rest = rest.lstrip().removeprefix("：").removeprefix(":")
            title = rest.strip()
            if title:
                out.append(Heading(hit.code, title))
        return out

    def read_code(self, token: str) -> Code | None:
        """The code a whole token spells (a legend's sample, a plan file's code), else None."""
        flat = to_halfwidth(token.strip())
        for hit in self._scan(flat):
            if hit.end == len(flat):
                return hit.code
        return _any_label(flat)

    def _scan(self, flat: str) -> list[_Hit]:
        if not flat:
            return []
        first = flat[0]
        single = _single_char(first)
        if single:
            style, ordinal, needs_space = single
            segment = first if style == LATIN else str(ordinal)
            return [_Hit(Code(style, ordinal, first, segment), 1, needs_space)]
        if first == "(":
            return _paren(flat)
        if first == "第":
            return _dai(flat)
        if first.isdigit():
            return _numbers(flat)
        m = self._label.match(flat)
        if m:
            return [_Hit(_label_code(m.group(1), m.group(2), m.group(3)), m.end(), False)]
        return []


_DEFAULT_READER = CodeReader()


def _single_char(ch: str) -> tuple[str, int, bool] | None:
    for style, digits, needs_space in (
        (CIRCLED, CIRCLED_DIGITS, False),
        (PAREN_ARABIC, PAREN_DIGITS, False),
        (ROMAN, ROMAN_DIGITS, False),
        (ROMAN_LOWER, ROMAN_LOWER_DIGITS, False),
        (KATAKANA, GOJUON, True),
    ):
        index = digits.find(ch)
        if index >= 0:
            return style, index + 1, needs_space
    if "a" <= ch <= "z":
        return LATIN, ord(ch) - ord("a") + 1, True
    return None


def _paren(flat: str) -> list[_Hit]:
    m = _PAREN_NUMBER.match(flat)
    if m and int(m.group(1)) > 0:
        n = int(m.group(1))
        return [_Hit(Code(PAREN_ARABIC, n, f"({m.group(1)})", str(n)), m.end(), False)]
    m = _PAREN_KANA.match(flat)
    if m:
        n = GOJUON.index(m.group(1)) + 1
        return [_Hit(Code(PAREN_KATAKANA, n, m.group(0), str(n)), m.end(), False)]
    return []


def _dai(flat: str) -> list[_Hit]:
    m = _DAI.match(flat)
    if not m or int(m.group(1)) == 0:
        return []
    suffix = m.group(2) or ""
    if not suffix and flat[m.end() : m.end() + 1] in _COUNTERS:
        return []
    n = int(m.group(1))
    style = f"{DAI}:{suffix}" if suffix else DAI
    return [_Hit(Code(style, n, m.group(0), str(n)), m.end(), False)]


def _numbers(flat: str) -> list[_Hit]:
    m = _DOT_NUMBER.match(flat)
    if m and int(m.group(1)) > 0:
        n = int(m.group(1))
        return [_Hit(Code(ARABIC_DOT, n, m.group(0), str(n)), m.end(), False)]
    m = _BARE_NUMBER.match(flat)
    if not m or int(m.group(1)) == 0:
        return []
    digits, n = m.group(1), int(m.group(1))
    padded = _Hit(Code(PADDED, n, digits, digits), m.end(), True)
    arabic = _Hit(Code(ARABIC, n, digits, digits), m.end(), True)
    if digits.startswith("0"):
        return [padded]
    return [arabic, padded] if len(digits) > 1 else [arabic]


def _label_code(label: str, plain: str | None, bracketed: str | None) -> Code:
    if bracketed is not None:
        n = int(bracketed)
        return Code(f"{LABEL}:{label}【】", n, f"{label}【{bracketed}】", str(n))
    n = int(plain or "0")
    return Code(f"{LABEL}:{label}", n, f"{label}{plain}", str(n))


def _any_label(flat: str) -> Code | None:
    """改革の柱1, 視点【2】: a word followed by a number, for legends and lone codes."""
    m = _ANY_LABEL.match(flat)
    if not m or not m.group(1) or m.group(1)[0] in "第-":
        return None
    code = _label_code(m.group(1), m.group(2), m.group(3))
    return code if code.ordinal > 0 else None


def code_to_key_segment(code: str) -> str:
    """The key segment of a code as printed: ① -> 1, （１） -> 1, 01 -> 01, a -> a, ア -> 1."""
    found = _DEFAULT_READER.read_code(code) if isinstance(code, str) else None
    if found is None:
        message = f"番号として読めません: {code!r}"
        raise OutlineError([Diagnostic(0, message, "error")])
    return found.segment


def format_code(style: str, n: int) -> str:
    """The n-th code of a style in canonical form (for messages and generated plans)."""
    if style in _TABLES:
        return _TABLES[style][n - 1]
    if style == ARABIC_DOT:
        return f"{n}."
    if style == PADDED:
        return f"{n:02d}"
    if style == PAREN_ARABIC:
        return f"({n})"
    if style == PAREN_KATAKANA:
        return f"({GOJUON[n - 1]})"
    if style.startswith(DAI):
        return f"第{n}{style.partition(':')[2]}"
    if style.startswith(LABEL):
        label = style.partition(":")[2]
        return f"{label[:-2]}【{n}】" if label.endswith("【】") else f"{label}{n}"
    return str(n)


def max_ordinal(style: str) -> int:
    """How far a style can count (⑳ … ㊿ is 50; a … z is 26)."""
    if style in _TABLES:
        return len(_TABLES[style])
    if style == PAREN_KATAKANA:
        return len(GOJUON)
    return 999


_TABLES = {
    CIRCLED: CIRCLED_DIGITS,
    ROMAN: ROMAN_DIGITS,
    ROMAN_LOWER: ROMAN_LOWER_DIGITS,
    KATAKANA: GOJUON,
    LATIN: LATIN_LETTERS,
}
