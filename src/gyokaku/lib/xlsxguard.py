"""Checks on an uploaded .xlsx before any XML in it is parsed.

An .xlsx is a zip of XML parts. A hostile file can be a zip bomb (tiny on disk, gigabytes when
inflated), carry macros, or simply not be a workbook. These checks read only the zip's central
directory, so they take milliseconds whatever the file claims to hold. XML parsing itself is
hardened by defusedxml, which openpyxl uses when it is installed.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 2_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_ratio: float = 200.0  # per entry; real workbooks stay well under 100


DEFAULT_LIMITS = Limits()


class UnsafeWorkbook(Exception):
    """The file is not a plain .xlsx we are willing to read; the message says why (Japanese)."""


def check_xlsx(content: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    if len(content) > limits.max_file_bytes:
        raise UnsafeWorkbook(
            f"ファイルが大きすぎます（{len(content):,} バイト、"
            f"上限 {limits.max_file_bytes:,} バイト）"
        )
    if content[:4] == b"\xd0\xcf\x11\xe0":
        raise UnsafeWorkbook("古い形式（.xls）のファイルは読めません。.xlsx で保存してください")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise UnsafeWorkbook("Excel ブック（.xlsx）ではありません")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            _check_entries(infos, limits)
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise UnsafeWorkbook("Excel ブック（.xlsx）ではありません")
            content_types = archive.read("[Content_Types].xml")
    # NotImplementedError: an unknown compression method or zip version; RuntimeError: an
    # encrypted entry. Neither is a workbook we can read.
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        # a damaged entry fails only when it is inflated (bad CRC, bad deflate stream)
        raise UnsafeWorkbook(f"ファイルが壊れています（{exc}）") from None
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in content_types
    ):
        raise UnsafeWorkbook(
            "マクロを含むブック（.xlsm）は受け付けません。.xlsx で保存してください"
        )


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise UnsafeWorkbook(f"ブック内の部品が多すぎます（{len(infos):,} 個）")
    total = 0
    for info in infos:
        # Excel writes stored or deflated parts only; anything else (or an encrypted part)
        # would fail deep inside the XML reader instead of here.
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeWorkbook(f"ファイルが壊れています（{info.filename} の圧縮形式が不明）")
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook(f"暗号化された部品があります（{info.filename}）")
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise UnsafeWorkbook("展開後のサイズが大きすぎます（圧縮爆弾の疑い）")
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
            raise UnsafeWorkbook(f"圧縮率が異常です（{info.filename}、圧縮爆弾の疑い）")
        if info.compress_size == 0 and info.file_size > 0:
            raise UnsafeWorkbook(f"圧縮率が異常です（{info.filename}）")
