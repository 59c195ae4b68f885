from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from gyokaku.lib.xlsxguard import Limits, UnsafeWorkbook, check_xlsx


def _workbook_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["a", 1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_it_accepts_a_plain_workbook() -> None:
    check_xlsx(_workbook_bytes())


def test_it_refuses_a_zip_bomb_from_the_directory_alone() -> None:
    # The check reads only the zip's central directory (sizes), never inflates: the speed of
    # the refusal is measured in bench/, not asserted here.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(UnsafeWorkbook, match="圧縮爆弾"):
        check_xlsx(out.getvalue())


def test_it_refuses_macro_workbooks() -> None:
    content = _workbook_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(UnsafeWorkbook, match="マクロ"):
        check_xlsx(out.getvalue())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "ではありません"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
    ],
)
def test_it_refuses_what_is_not_an_xlsx(content: bytes, message: str) -> None:
    with pytest.raises(UnsafeWorkbook, match=message):
        check_xlsx(content)


def test_it_refuses_too_many_entries_and_too_large_files() -> None:
    with pytest.raises(UnsafeWorkbook, match="多すぎ"):
        check_xlsx(_workbook_bytes(), Limits(max_entries=3))
    with pytest.raises(UnsafeWorkbook, match="大きすぎ"):
        check_xlsx(_workbook_bytes(), Limits(max_file_bytes=100))


def test_an_unknown_compression_method_is_a_broken_file_not_a_crash() -> None:
    content = bytearray(_workbook_bytes())
    # Set the compression method of the first local header and its central-directory entry to
    # 99, which zipfile cannot decompress.
    local = content.index(b"PK\x03\x04")
    content[local + 8 : local + 10] = (99).to_bytes(2, "little")
    central = content.index(b"PK\x01\x02")
    content[central + 10 : central + 12] = (99).to_bytes(2, "little")
    with pytest.raises(UnsafeWorkbook):
        check_xlsx(bytes(content))
