"""What comes before the tree: title, period (計画期間), parent plan (上位計画) and lead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gyokaku.plans.outline.errors import DiagnosticLog
from gyokaku.plans.outline.normalize import to_halfwidth


@dataclass
class Paragraph:
    line: int  # line number of its first line
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        # Japanese wraps without spaces, so wrapped lines join with nothing in between.
        return "".join(self.lines)


@dataclass
class FrontMatter:
    title: str
    start_fy: int | None
    end_fy: int | None
    parent_plan: str | None
    lead: str


_MARKS = r"[\s○●◎◆◇■□・【]*"
_PERIOD_LINE = re.compile(rf"^{_MARKS}計画期間")
_PARENT_LABEL = re.compile(rf"^{_MARKS}上位計画\s*[:：]\s*(.+)$")
_SUMMARY_MARK = re.compile(r"\s*[【（(［\[]\s*概要版?\s*[】）)］\]]\s*$")
_YEAR = re.compile(r"(令和|平成)\s*(元|[0-9]{1,2})|(?<![0-9])([0-9]{4})(?![0-9])")
_TITLE_YEARS = re.compile(r"[(（]\s*([0-9]{4})\s*[-‐–―~～〜]\s*([0-9]{4})\s*[)）]")
# 和暦 -> 西暦 offsets; gyokaku.lib.wareki converts the other way only.
_ERA_OFFSET = {"令和": 2018, "平成": 1988}
_CITY = re.compile(r"^[一-鿿ぁ-んァ-ヶー々ヵ]{1,8}?[市町村区]")
_PREFECTURE = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[一-鿿]{2,3}県)")


def is_front_line(text: str) -> bool:
    """A period or 上位計画 line: front matter even when written under はじめに."""
    return bool(_PERIOD_LINE.match(text) or _PARENT_LABEL.match(text))


def read_front_matter(paragraphs: list[Paragraph], log: DiagnosticLog) -> FrontMatter:
    rest = list(paragraphs)
    title = _take_title(rest)
    if not title:
        log.warn(paragraphs[0].line if paragraphs else 1, "表題（計画の名前）が見つかりません")
    period = _take_period(rest) or _title_period(title)
    if period is None:
        log.warn(
            paragraphs[0].line if paragraphs else 1,
            "計画期間が見つかりません（例: 「計画期間：2024年度から2028年度まで」）",
        )
    parent = _take_parent(rest)
    start, end = period if period else (None, None)
    lead = "\n\n".join(p.text for p in rest)
    return FrontMatter(title, start, end, parent, lead)


def _take_title(rest: list[Paragraph]) -> str:
    if not rest:
        return ""
    text = rest[0].text
    if (
        len(text) > 120
        or text.endswith(("。", "．"))
        or _PERIOD_LINE.match(text)
        or _PARENT_LABEL.match(text)
    ):
        return ""
    rest.pop(0)
    return _SUMMARY_MARK.sub("", text)


def _take_period(rest: list[Paragraph]) -> tuple[int, int] | None:
    for i, paragraph in enumerate(rest):
        if _PERIOD_LINE.match(paragraph.text):
            years = fiscal_years(paragraph.text)
            if len(years) >= 2 and years[0] <= years[-1]:
                del rest[i]
                return years[0], years[-1]
    return None


def fiscal_years(text: str) -> list[int]:
    """Years in reading order: 2024年度, 令和6年度 and 令和元年度 alike."""
    years = []
    for m in _YEAR.finditer(to_halfwidth(text)):
        if m.group(3):
            years.append(int(m.group(3)))
        else:
            n = 1 if m.group(2) == "元" else int(m.group(2))
            years.append(_ERA_OFFSET[m.group(1)] + n)
    return years


def _title_period(title: str) -> tuple[int, int] | None:
    m = _TITLE_YEARS.search(to_halfwidth(title))
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    return None


def _take_parent(rest: list[Paragraph]) -> str | None:
    """``上位計画：…``, or a short line naming a 総合計画 (the seed's "…前期基本計画体系")."""
    for i, paragraph in enumerate(rest):
        text = paragraph.text
        m = _PARENT_LABEL.match(text)
        if m:
            del rest[i]
            return m.group(1).strip()
        if "総合計画" in text and len(text) <= 60 and not text.endswith(("。", "．")):
            del rest[i]
            return re.sub(r"(?:の)?体系$", "", text).strip() or text
    return None


def guess_municipality(title: str) -> str | None:
    """青森市 from 青森市行財政改革プラン; a guess that a plan file may override."""
    m = _CITY.match(title) or _PREFECTURE.match(title)
    return m.group(0) if m else None
