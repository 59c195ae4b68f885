"""The pieces of the open data tables: a column, a foreign key, a table, the join columns
every table starts with and the small constructors of the others (``tables.py`` and
``tables_sheet.py`` define the tables with them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from gyokaku.lib.text import strip_controls_in

FieldType = Literal["string", "integer", "number", "boolean", "datetime"]


@dataclass(frozen=True)
class Column:
    name: str
    type: FieldType
    title: str  # 日本語の列名
    description: str  # 日本語 / English
    required: bool = False
    pattern: str = ""

    def field(self) -> dict[str, Any]:
        """The column as a Frictionless (Table Schema) field."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def cells(self, row: dict[str, Any]) -> list[Any]:
        """A row's values in column order; a row that lacks a column or has an extra one is a
        programming error, caught here rather than in a file. Text loses the control characters
        no format may carry (stored before issue 18), so CSV, JSON and XLSX say the same."""
        if len(row) != len(self.columns):
            extra = set(row) - set(self.names)
            raise KeyError(f"{self.name}: unexpected columns {sorted(extra)}")
        return [strip_controls_in(row[name]) for name in self.names]

    def schema(self, *, resource_of: dict[str, str]) -> dict[str, Any]:
        """The Table Schema; ``resource_of`` maps a table name to the resource name of the same
        format that foreign keys point to."""
        out: dict[str, Any] = {
            "fields": [c.field() for c in self.columns],
            "missingValues": [""],
        }
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            out["foreignKeys"] = [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": resource_of[fk.table], "fields": list(fk.reference)},
                }
                for fk in self.foreign_keys
            ]
        return out


# ---- the join columns ---------------------------------------------------------------------

MUNICIPALITY = Column(
    "municipality_code",
    "string",
    "地方公共団体コード",
    "全国地方公共団体コード（6桁、検査数字を含む）。自治体をまたいで結合するキー。"
    " / Japanese local government code (6 digits with check digit).",
    required=True,
    pattern="[0-9]{6}",
)
PLAN = Column(
    "plan_slug",
    "string",
    "計画ID",
    "計画の識別子（URL にも使われる）。 / Plan identifier, as in the URLs.",
    required=True,
)
NODE = Column(
    "node_key",
    "string",
    "取組方策キー",
    "取組方策の番号の並びを半角数字にして「-」でつないだもの（例: 2-1-01-3）。"
    "年度をまたいで変わらない。"
    " / Node key: the path of codes in ASCII joined by '-'; stable across years.",
    required=True,
)
FISCAL_YEAR = Column(
    "fiscal_year",
    "integer",
    "年度",
    "年度（西暦で表す。4月〜翌年3月）。 / Fiscal year (April to March), e.g. 2024.",
    required=True,
)

NODE_REF = ForeignKey(
    ("municipality_code", "plan_slug", "node_key"),
    "nodes",
    ("municipality_code", "plan_slug", "node_key"),
)
YEAR_KEY = ("municipality_code", "plan_slug", "node_key", "fiscal_year")


def _text(name: str, title: str, description: str) -> Column:
    return Column(name, "string", title, description)


def _int(name: str, title: str, description: str) -> Column:
    return Column(name, "integer", title, description)


def _yen(name: str, title: str, description: str) -> Column:
    return Column(name, "integer", title, f"{description}（円） / in yen")


def _flag(name: str, title: str, description: str) -> Column:
    return Column(name, "boolean", title, description)


PUBLISHED = _flag(
    "year_published",
    "公表済み",
    "この年度の取組状況が公表済みなら TRUE。FALSE の年度の実績は公表前のため空欄。"
    " / TRUE when the node's report of this year is published; actuals are empty otherwise.",
)
