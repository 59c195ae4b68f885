"""Every kind of problem is listed with its place, and nothing is written."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from tests.support.sheets import add_measures, book_bytes, export_book, parse, put, snapshot
from tests.support.world import World

from gyokaku.tracking.services import round_close
from gyokaku.tracking.workflow import transition_apply


def problems(
    world: World, wb: Workbook | bytes, actor: str = "carol", name: str = "s.xlsx"
) -> list[str]:
    before = snapshot()
    sheet = parse(world, wb, actor=actor, name=name)
    assert snapshot() == before, "a parse wrote something"
    assert sheet.changes == [] or sheet.problems
    return [str(p) for p in sheet.problems]


def test_bad_drop_down_values_too_long_text_and_formulas(world: World) -> None:
    wb = export_book(world)
    put(wb, "1-1", "達成度", "E")
    put(wb, "1-1", "工程", "着工")
    put(wb, "1-2", "取組実績", "あ" * 10_001)
    put(wb, "2", "課題", "=SUM(A1:A2)")
    found = problems(world, wb)
    assert "進捗!M2: 評価「E」は選択肢にありません: S、A、B、C、評価対象外" in found
    assert any(p.startswith("進捗!F2: 工程「着工」は選択肢にありません") for p in found)
    assert any(p.startswith("進捗!H3: 10,000 文字以内") for p in found)
    assert "進捗!I4: 数式は使えません。値を入力してください" in found


def test_unknown_keys_duplicates_and_missing_versions(world: World) -> None:
    wb = export_book(world)
    wb["進捗"].append(["9-9", "", "新しい取組"])
    wb["進捗"].append(["1-1"])
    found = problems(world, wb)
    assert "進捗!A5: キー「9-9」の取組はこの計画にありません" in found
    assert "進捗!A6: キー「1-1」の行が重複しています" in found
    del wb["_versions"]
    found = problems(world, wb)
    assert any("バージョン情報（非表示シート）がありません" in p for p in found)


def test_missing_sheets_and_moved_columns(world: World) -> None:
    wb = export_book(world)
    del wb["指標"]
    assert "ファイル: シート「指標」がありません" in problems(world, wb)
    wb = export_book(world)
    wb["進捗"]["F1"] = "年度計画"
    assert any(p.startswith("進捗!F1: 見出しが「工程」ではありません") for p in problems(world, wb))


def test_nodes_of_other_departments_are_refused_for_editors(world: World) -> None:
    wb = export_book(world, actor="alice")
    put(wb, "2", "取組実績", "市民課の取組を勝手に")
    assert problems(world, wb, actor="alice") == [
        "進捗!A4: 担当していない所管課の取組は編集できません"
    ]
    assert problems(world, wb, actor="dave") == ["進捗!A4: 閲覧者は取組状況を編集できません"]
    assert problems(world, wb, actor="mallory") == [
        "_versions!B1: 計画「test-2024-2028」はありません"
    ]


def test_locked_reports_and_closed_rounds(world: World) -> None:
    wb = export_book(world, actor="alice")
    transition_apply(report=world.report("1-1"), actor=world.actor("alice"), action="submit")
    put(wb, "1-1", "取組実績", "提出後の書き換え")
    found = problems(world, wb, actor="alice")
    assert found and found[0].startswith("進捗!A2: 「提出済」の取組状況は編集できません")
    round_close(round_=world.round, actor=world.actor("carol"))
    put(wb, "1-2", "取組実績", "締切後")
    found = problems(world, wb, actor="alice")
    assert "進捗!A3: 2024年度の進捗調査は締め切られています" in found


def test_numbers_and_indicator_rows(world: World) -> None:
    add_measures(world)
    wb = export_book(world)
    put(wb, "1-1", "実績（2024年度）", "たくさん", sheet="指標")
    wb["指標"]["B3"] = "名前を変えた指標"
    wb["財政効果"]["C2"] = "百万円"
    wb["財政効果"]["B2"] = "その他の区分"
    wb["財政効果"]["D2"] = 10.5
    found = problems(world, wb)
    assert "指標!E2: 数値を入力してください（「たくさん」）" in found
    assert "指標!B3: 指標名が「窓口待ち時間」ではありません" in found
    assert "財政効果!C2: 数値を入力してください（「百万円」）" in found
    assert any(p.startswith("財政効果!B2: 区分「その他の区分」は選択肢にありません") for p in found)
    assert "財政効果!D2: 円単位の整数で入力してください（「10.5」）" in found


def test_what_is_not_a_plain_workbook_is_refused_before_parsing(world: World) -> None:
    assert problems(world, b"hello", name="x.xlsx") == [
        "ファイル: Excel ブック（.xlsx）ではありません"
    ]
    assert "古い形式" in problems(world, b"\xd0\xcf\x11\xe0" + b"\0" * 100, name="x.xls")[0]
    content = book_bytes(export_book(world))
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(macro, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/vbaProject.bin", b"\0" * 100)
    assert "マクロ" in problems(world, macro.getvalue(), name="x.xlsm")[0]


def test_a_zip_bomb_is_refused_from_its_directory_alone(world: World) -> None:
    """Refused within seconds because nothing is inflated: the member's compressed bytes are
    garbage here, so a check that inflated it would report a broken file, not a bomb."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
        member = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(bomb.getvalue())
    start = member.header_offset + 30 + len(member.filename.encode())  # after the local header
    data[start + 16 : start + member.compress_size - 16] = b"\xff" * (member.compress_size - 32)
    found = problems(world, bytes(data), name="bomb.xlsx")
    assert len(found) == 1 and "圧縮爆弾" in found[0]


def test_a_damaged_entry_is_a_problem_not_a_crash(world: World) -> None:
    # Found by the fuzz test: a deflate stream that fails only when it is inflated.
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types>" + "x" * 2000 + "</Types>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    content = bytearray(damaged.getvalue())
    start = content.index(b"[Content_Types].xml") + len("[Content_Types].xml")
    content[start + 2 : start + 8] = b"\xff" * 6
    found = problems(world, bytes(content), name="x.xlsx")
    assert len(found) == 1 and found[0].startswith("ファイル: ")
