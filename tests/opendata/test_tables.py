"""public.tables: the one definition of the open data tables, and the docs that describe it."""

from __future__ import annotations

import re
from pathlib import Path

from gyokaku.opendata.tables import TABLES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "opendata.md").read_text(encoding="utf-8")


def test_every_key_is_made_of_columns_of_its_table() -> None:
    for table in TABLES.values():
        assert set(table.primary_key) <= set(table.names), table.name
        for fk in table.foreign_keys:
            assert set(fk.fields) <= set(table.names), table.name
            assert fk.reference == TABLES[fk.table].primary_key, table.name


def test_every_column_has_a_japanese_title_and_a_description_in_both_languages() -> None:
    for table in TABLES.values():
        for column in table.columns:
            assert re.search(r"[ぁ-んァ-ン一-龥]", column.title), column.name
            assert " / " in column.description, f"{table.name}.{column.name}: no English"


def test_the_docs_list_every_table_and_column() -> None:
    sections = DOC.split("\n### ")
    for table in TABLES.values():
        [section] = [s for s in sections if s.startswith(f"{table.title}（`{table.name}`）")]
        documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
        assert documented == table.names, table.name
