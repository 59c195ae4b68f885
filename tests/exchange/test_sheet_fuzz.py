"""Randomly damaged uploads: a clean list of problems or a DomainError, never a crash, never a
partial change."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError
from tests.support.sheets import (
    CsvFile,
    add_measures,
    book_bytes,
    export_book,
    export_csv,
    snapshot,
)
from tests.support.world import World

from gyokaku.exchange.sheets import sheet_apply, sheet_parse
from gyokaku.lib.errors import DomainError

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["=1+1", "S", "A", "実施", "拡充", "-5", "", "—", "1e400", "NaN"]),
    st.integers(-(10**17), 10**17),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)


def _upload(world: World, content: bytes, name: str = "f.xlsx") -> None:
    before = snapshot()
    try:
        sheet = sheet_parse(content=content, filename=name, actor=world.actor("alice"))
    except DomainError:
        assert snapshot() == before
        return
    assert snapshot() == before
    assert all(p.where and p.message for p in sheet.problems)
    if not sheet.problems:
        try:
            sheet_apply(sheet=sheet, actor=world.actor("alice"))
        except DomainError:
            assert snapshot() == before


class Exported(bytes):
    def __repr__(self) -> str:  # keep Hypothesis' failure report readable
        return f"<exported file, {len(self):,} bytes>"


@pytest.fixture
def exported(world: World) -> bytes:
    add_measures(world)
    return Exported(book_bytes(export_book(world, actor="alice")))


@FUZZ
@given(data=st.data())
def test_flipped_or_truncated_bytes(world: World, exported: bytes, data: Any) -> None:
    content = bytearray(exported)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    _upload(world, bytes(content))


@FUZZ
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["進捗", "指標", "財政効果"]),
            st.integers(1, 6),
            st.integers(1, 14),
            cells,
        ),
        max_size=8,
    )
)
def test_random_values_in_cells(world: World, exported: bytes, edits: Any) -> None:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(exported))
    for sheet, row, column, value in edits:
        cell = wb[sheet].cell(row, column)
        previous = cell.value
        try:
            cell.value = value
        except (ValueError, IllegalCharacterError):  # openpyxl refuses these itself,
            cell.value = previous  # after it set the cell's type for them: set it back
            continue
    _upload(world, book_bytes(wb))


@FUZZ
@given(text=st.text(max_size=400))
def test_random_csv(world: World, text: str) -> None:
    _upload(world, text.encode("utf-8"), name="f.csv")


# ---- CSV files of each sheet --------------------------------------------------------------

csv_cells = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["=1+1", "'=1+1", "-5", "'-5", "+SUM(A1)", "@x|y!z", "", "—", "1e400", "NaN", "1,000"]
    ),
    st.sampled_from(["歳出削減", "歳入確保", "実施", "拡充", "S", "A", "0", "1", "2", "9-9"]),
    st.integers(-(10**17), 10**17).map(str),
)


@pytest.fixture
def exported_csv(world: World) -> dict[tuple[str, str], bytes]:
    add_measures(world)
    return {
        (sheet, encoding): Exported(export_csv(world, sheet, actor="alice", encoding=encoding))
        for sheet in ("進捗", "指標", "財政効果")
        for encoding in ("utf-8", "cp932")
    }


@FUZZ
@given(data=st.data())
def test_flipped_or_truncated_csv_bytes(
    world: World, exported_csv: dict[tuple[str, str], bytes], data: Any
) -> None:
    content = bytearray(data.draw(st.sampled_from(sorted(exported_csv.items())))[1])
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    _upload(world, bytes(content), name="f.csv")


@FUZZ
@given(data=st.data())
def test_random_values_in_csv_cells(
    world: World, exported_csv: dict[tuple[str, str], bytes], data: Any
) -> None:
    (_, encoding), content = data.draw(st.sampled_from(sorted(exported_csv.items())))
    codec = "cp932" if encoding == "cp932" else "utf-8-sig"
    file = CsvFile(content, codec)
    for _ in range(data.draw(st.integers(0, 8))):
        row = data.draw(st.integers(0, len(file.rows) + 1))
        if row >= len(file.rows):
            file.rows.append([""] * len(file.header))
            row = len(file.rows) - 1
        column = data.draw(st.integers(0, len(file.header) - 1))
        file.rows[row][column] = data.draw(csv_cells)
    _upload(world, file.bytes("utf-8-sig"), name="f.csv")
