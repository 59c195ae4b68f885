"""What comes before the tree: title, period (計画期間), parent plan (上位計画) and lead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gyokaku.lib.wareki import ERA_NAMES, fy_from_era
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
# 計画期間, and the other names plans give it: 取組期間, 推進期間, 実施期間, プランの期間
_PERIOD_LINE = re.compile(rf"^{_MARKS}(?:計画|取組|推進|実施|プラン|改革)(?:の)?期間")
_PARENT_LABEL = re.compile(rf"^{_MARKS}上位計画\s*[:：]\s*(.+)$")
_SUMMARY_MARK = re.compile(r"\s*[【（(［\[]\s*概要版?\s*[】）)］\]]\s*$")
_ERAS = "|".join(ERA_NAMES)
# 令和6年度, 2024年度, or a short year 28年度 whose era is named before it or elsewhere
_YEAR = re.compile(
    rf"({_ERAS})\s*(元|[0-9]{{1,2}})(?![0-9])"
    r"|(?<![0-9])([0-9]{4})(?![0-9])"
    r"|(?<![0-9])(元|[0-9]{1,2})\s*年度"
)
_ERA_NAMED = re.compile(_ERAS)
# a line that is a period and nothing else: 令和6年度～令和10年度, 2024年度から2028年度まで
_ONE_YEAR = rf"(?:{_ERAS})?\s*(?:元|[0-9]{{1,4}})\s*年度"
_BARE_PERIOD = re.compile(
    rf"^{_MARKS}[(（]?{_ONE_YEAR}\s*(?:[-‐–―~～〜]|から)\s*{_ONE_YEAR}\s*(?:まで)?[)）]?$"
)
_TITLE_YEARS = re.compile(r"[(（]\s*([0-9]{4})\s*[-‐–―~～〜]\s*([0-9]{4})\s*[)）]")
_CITY = re.compile(r"^[一-鿿ぁ-んァ-ヶー々ヵ]{1,8}?[市町村区]")
_PREFECTURE = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[一-鿿]{2,3}県)")


def is_front_line(text: str) -> bool:
    """A period or 上位計画 line: front matter even when written under はじめに."""
    return bool(_is_period(text) or _PARENT_LABEL.match(text))


def _is_period(text: str) -> bool:
    return bool(_PERIOD_LINE.match(text) or _BARE_PERIOD.match(to_halfwidth(text)))


def document_eras(text: str) -> list[str]:
    """The eras a document names anywhere (令和, 平成), in the order of the era table: what a
    short year such as 「28年度」 in its period may be read in."""
    named = set(_ERA_NAMED.findall(text))
    return [name for name in ERA_NAMES if name in named]


def read_front_matter(
    paragraphs: list[Paragraph], log: DiagnosticLog, *, eras: list[str] | None = None
) -> FrontMatter:
    """``eras``: what ``document_eras`` found in the whole text, for short years."""
    rest = list(paragraphs)
    title = _take_title(rest)
    if not title:
        log.warn(paragraphs[0].line if paragraphs else 1, "表題（計画の名前）が見つかりません")
    errors_before = len(log.errors)
    period = _take_period(rest, eras or [], log) or _title_period(title)
    # a period line that could not be read has said why (EraMissing); else ask for one
    if period is None and len(log.errors) == errors_before:
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
        or _is_period(text)
        or _PARENT_LABEL.match(text)
    ):
        return ""
    rest.pop(0)
    return _SUMMARY_MARK.sub("", text)


def _take_period(
    rest: list[Paragraph], eras: list[str], log: DiagnosticLog
) -> tuple[int, int] | None:
    for i, paragraph in enumerate(rest):
        if _is_period(paragraph.text):
            try:
                years = fiscal_years(paragraph.text, eras)
            except EraMissing as missing:
                del rest[i]
                log.error(paragraph.line, missing.message(paragraph.text))
                return None
            if len(years) >= 2 and years[0] <= years[-1]:
                del rest[i]
                return years[0], years[-1]
    return None


class EraMissing(ValueError):
    """A short year (28年度) with no era before it and none, or several, in the document."""

    def __init__(self, year: str, eras: list[str]) -> None:
        super().__init__(year)
        self.year = year
        self.eras = eras

    def message(self, line: str) -> str:
        why = (
            f"文書中に{'と'.join(self.eras)}の両方があり、どちらか決められません"
            if self.eras
            else "文書中に元号（令和・平成）が見当たりません"
        )
        return (
            f"期間「{line.strip()}」の「{self.year}年度」は元号が分かりません（{why}）。"
            "「平成28年度～平成31年度」のように元号を付けるか、"
            "西暦（例: 2016年度～2019年度）で書いてください"
        )


def fiscal_years(text: str, eras: list[str] | None = None) -> list[int]:
    """Years in reading order: 2024年度, 令和6年度 and 令和元年度 alike. A short year (28年度)
    takes the era named before it in ``text`` (令和6年度～10年度), else the one era of
    ``eras`` (those the document names); EraMissing when neither settles it."""
    years = []
    era: str | None = eras[0] if eras and len(eras) == 1 else None
    for m in _YEAR.finditer(to_halfwidth(text)):
        if m.group(3):
            years.append(int(m.group(3)))
            continue
        if m.group(1):
            era = m.group(1)
            number = m.group(2)
        else:
            number = m.group(4)
            if era is None:
                raise EraMissing(number, eras or [])
        years.append(fy_from_era(era, 1 if number == "元" else int(number)))
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
