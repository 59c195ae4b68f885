"""What a sheet holds: its sheets, columns and drop-down lists, and the result types of a parse.

The 進捗 sheet is one row per tracked node: locked columns that say which item it is, then the
editable columns of the year plan (年度計画) and the progress report (取組状況), one column per
rating axis (評価区分) of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gyokaku.measures.models import EffectKind
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import RatingScale

FORMAT = "gyokaku-sheet/1"
PROGRESS = "進捗"
INDICATORS = "指標"
EFFECTS = "財政効果"
CHOICES = "選択肢"
VERSIONS = "_versions"  # veryHidden: the version of every record a row was read from
MAX_ROWS = 100_000  # more rows than any plan has tracked nodes: refuse instead of parsing on

INFO_HEADERS = ["キー", "番号", "取組名", "所管課", "状態"]
INFO_WIDTHS = [10.0, 8.0, 36.0, 16.0, 9.0]
INDICATOR_HEADERS = ["キー", "指標名", "単位", "目標", "実績"]
EFFECT_HEADERS = ["キー", "区分", "目標額（円）", "実績額（円）", "算出方法"]
# After EFFECT_HEADERS: why a 目標額 changes after adoption (the plan office only; a sheet from
# before this column still reads, and then a changed target asks for it).
EFFECT_REASON_HEADER = "目標額の変更理由"
VERSION_HEADERS = ["key", "report", "year_plan", "indicators", "effects"]
# The records a row's versions belong to, in VERSION_HEADERS order after the key.
RECORDS = ("report", "year_plan", "indicators", "effects")


@dataclass(frozen=True)
class CsvSheet:
    """One sheet as a CSV file: a CSV cannot hide anything, so the plan, the fiscal year and the
    versions of the records a line was read from are its last columns (``extra``)."""

    name: str  # the sheet's name: 進捗, 指標, 財政効果
    alias: str  # its English name, for the command line: progress, indicators, effects
    records: tuple[str, ...]  # the records (of RECORDS) whose versions each line carries

    @property
    def extra(self) -> list[str]:
        return ["_plan", "_fiscal_year", *(f"_version_{r}" for r in self.records)]


CSV_SHEETS = (
    CsvSheet(PROGRESS, "progress", ("report", "year_plan")),
    CsvSheet(INDICATORS, "indicators", ("indicators",)),
    CsvSheet(EFFECTS, "effects", ("effects",)),
)
CSV_EXTRA = CSV_SHEETS[0].extra  # _plan, _fiscal_year, _version_report, _version_year_plan


def csv_sheet(name: str) -> CsvSheet | None:
    """The sheet called ``name`` (進捗 or progress, …); None if there is none."""
    return next((s for s in CSV_SHEETS if name.strip() in (s.name, s.alias)), None)


def indicator_headers(fiscal_year: int) -> list[str]:
    """The 指標 sheet's headers: the target and actual columns name the fiscal year."""
    return [*INDICATOR_HEADERS[:3], f"目標（{fiscal_year}年度）", f"実績（{fiscal_year}年度）"]


@dataclass(frozen=True)
class Column:
    """An editable column of the 進捗 sheet."""

    field: str  # "stage", "text" (year plan), "result_text", …, "ratings.<scale code>"
    header: str
    record: str  # "year_plan" or "report"
    choices: dict[str, str] | None = None  # label → code, for a drop-down; None for text
    width: float = 30.0
    noun: str = ""  # what a bad choice is called in a message (評価「E」は…)

    @property
    def is_rating(self) -> bool:
        return self.field.startswith("ratings.")

    def label_of(self, code: str) -> str:
        """The label a code is shown with ("" stays "")."""
        for label, value in (self.choices or {}).items():
            if value == code:
                return label
        return code


def _labels(choices: list[tuple[str, str]]) -> dict[str, str]:
    return {label: value for value, label in choices if value}


def progress_columns(
    scales: list[RatingScale], directions: dict[str, str], stages: dict[str, str]
) -> list[Column]:
    """The 進捗 sheet's columns; ``directions``, ``stages``: the plan's 方向性 and 工程
    (``Plan.direction_labels``, ``Plan.stage_labels``)."""
    columns = [
        Column("stage", "工程", "year_plan", _labels(list(stages.items())), 9.0, "工程"),
        Column("text", "年度計画", "year_plan", width=30.0),
        Column("result_text", "取組実績", "report", width=40.0),
        Column("issues_text", "課題", "report", width=30.0),
        Column("next_plan_text", "次年度の予定", "report", width=30.0),
        Column(
            "direction", "今後の方向性", "report", _labels(list(directions.items())), 12.0, "方向性"
        ),
    ]
    for scale in scales:
        choices = {v.label: v.code for v in scale.values.all()}
        columns.append(Column(f"ratings.{scale.code}", scale.name, "report", choices, 11.0, "評価"))
    return columns


def plan_scales(plan: Plan) -> list[RatingScale]:
    return list(RatingScale.objects.filter(plan=plan).prefetch_related("values").order_by("order"))


EFFECT_KINDS = _labels(EffectKind.choices)


# ---- results of a parse -------------------------------------------------------------------


@dataclass
class SheetProblem:
    where: str  # "進捗!H12", or "line 5, 評価" in a CSV
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class ItemChange:
    key: str
    title: str
    fields: list[FieldChange]


@dataclass
class Op:
    """One service call that applies part of an item's changes."""

    record: str  # "report", "year_plan", "indicators", "effects"
    key: str
    node_id: int
    data: Any  # report/year plan: {field: value}; indicators: {index: value}; effects: list
    expected_version: int
    where: str  # the row, for a problem about the whole record
    places: dict[str, str] = field(default_factory=dict)  # a service's field → cell
    reason: str = ""  # why a target changes (effects: the 目標額の変更理由 column)


@dataclass
class SheetPlan:
    plan_slug: str
    fiscal_year: int
    problems: list[SheetProblem]
    changes: list[ItemChange]
    ops: list[Op] = field(default_factory=list, repr=False)
    rows: int = 0  # rows read in the 進捗 sheet

    @property
    def ok(self) -> bool:
        return not self.problems
