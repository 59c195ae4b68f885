"""gyokaku sheet export|import."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from tests.support.commands import gyokaku, refused
from tests.support.sheets import CsvFile, add_measures, put, snapshot
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.models import IndicatorActual


def test_it_exports_imports_and_applies(world: World, tmp_path: Path) -> None:
    path = tmp_path / "dx.xlsx"
    out, _ = gyokaku(
        "sheet", "export", "test-2024-2028", "--fy", "2024", "--department", "dx", "-o", str(path)
    )
    assert "書き出しました" in out
    wb = load_workbook(path)
    put(wb, "1-1", "取組実績", "窓口を改修した")
    wb.save(path)
    before = snapshot()
    out, _ = gyokaku("sheet", "import", str(path), "--dry-run")
    assert "1-1 1-① 書かない窓口の導入" in out and "取組実績: （空） → 窓口を改修した" in out
    assert snapshot() == before
    out, err = gyokaku("sheet", "import", str(path))
    assert "1 件の取組を更新しました" in out
    # progress goes to stderr, step by step
    assert "シート「進捗」を読んでいます…" in err and "反映しています…" in err
    assert world.report("1-1").result_text == "窓口を改修した"
    assert AuditEvent.objects.get(action="sheet.import").actor_label.startswith("cli")
    out, _ = gyokaku("sheet", "import", str(path))
    assert "変更はありません" in out or "他の人が更新" in out


def test_it_lists_every_problem_and_applies_nothing(world: World, tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    gyokaku("sheet", "export", "test-2024-2028", "--fy", "2024", "-o", str(path))
    wb = load_workbook(path)
    put(wb, "1-1", "達成度", "E")
    put(wb, "1-2", "取組実績", "正しい記入")
    wb.save(path)
    message = refused("sheet", "import", str(path))
    assert "問題が 1 件" in message
    assert world.report("1-2").result_text == ""


def test_csv_with_cp932(world: World, tmp_path: Path) -> None:
    path = tmp_path / "all.csv"
    gyokaku(
        "sheet",
        "export",
        "test-2024-2028",
        "--fy",
        "2024",
        "--format",
        "csv",
        "--encoding",
        "cp932",
        "-o",
        str(path),
    )
    path.read_bytes().decode("cp932")
    out, _ = gyokaku("sheet", "import", str(path))
    assert "変更はありません" in out


def test_bad_arguments(world: World, tmp_path: Path) -> None:
    assert "所管課「nope」" in refused(
        "sheet",
        "export",
        "test-2024-2028",
        "--fy",
        "2024",
        "--department",
        "nope",
        "-o",
        str(tmp_path / "x.xlsx"),
    )
    assert "FILE" in refused("sheet", "import", str(tmp_path / "missing.xlsx"))


def test_csv_of_each_sheet(world: World, tmp_path: Path) -> None:
    add_measures(world)
    path = tmp_path / "指標.csv"
    out, _ = gyokaku(
        "sheet", "export", "test-2024-2028", "--fy", "2024", "--sheet", "指標", "-o", str(path)
    )
    assert "書き出しました" in out
    file = CsvFile(path.read_bytes())
    assert file.header[:2] == ["キー", "指標名"] and file.header[-1] == "_version_indicators"
    file.put("1-1", "実績", "42")
    path.write_bytes(file.bytes("cp932"))
    before = snapshot()
    out, _ = gyokaku("sheet", "import", str(path), "--dry-run")
    assert "指標「オンライン申請率」の実績: （空） → 42" in out
    assert snapshot() == before
    out, err = gyokaku("sheet", "import", str(path))
    assert "1 件の取組を更新しました" in out and "CSV を読んでいます…" in err
    assert IndicatorActual.objects.get().value == Decimal("42")

    path = tmp_path / "effects.csv"
    gyokaku(
        "sheet", "export", "test-2024-2028", "--fy", "2024", "--sheet", "effects", "-o", str(path)
    )
    assert CsvFile(path.read_bytes()).header[-1] == "_version_effects"
    out, _ = gyokaku("sheet", "import", str(path))
    assert "変更はありません" in out


def test_sheet_is_for_csv_only(world: World, tmp_path: Path) -> None:
    common = ["sheet", "export", "test-2024-2028", "--fy", "2024", "--sheet"]
    message = refused(*common, "指標", "-o", str(tmp_path / "x.xlsx"))
    assert message.startswith("--sheet: CSV のときだけ使えます")
    assert "invalid choice" in refused(*common, "予算", "-o", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.xlsx").exists()
