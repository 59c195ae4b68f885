"""What an uploaded file really is, read from its first bytes (never from its name or the type
the browser claims), and the virus-scan hook.

Accepted: PDF, Excel (.xlsx, checked by lib.xlsxguard like an uploaded sheet: no zip bomb, no
macros), PNG, JPEG. ``GYOKAKU_SCAN_COMMAND`` (e.g. ``clamdscan --no-summary``) is run with the
stored file's path as its last argument; a non-zero exit refuses the file.
"""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gyokaku.lib.xlsxguard import UnsafeWorkbook, check_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    suffix: str
    label: str


KINDS = {
    "pdf": FileKind("application/pdf", ".pdf", "PDF"),
    "xlsx": FileKind(XLSX, ".xlsx", "Excel"),
    "png": FileKind("image/png", ".png", "PNG 画像"),
    "jpeg": FileKind("image/jpeg", ".jpg", "JPEG 画像"),
}


def kind_of(content: bytes) -> FileKind | str:
    """The file's kind, or why it is refused (Japanese)."""
    if content.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if content.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if content.startswith(b"PK\x03\x04"):
        try:
            check_xlsx(content)
        except UnsafeWorkbook as exc:
            return str(exc)
        return KINDS["xlsx"]
    return "PDF・Excel（.xlsx）・PNG・JPEG のファイルだけを添付できます"


def scan(path: Path) -> str | None:
    """Run the configured virus scanner on ``path``: None when clean (or none configured),
    else why the file is refused."""
    command = getattr(settings, "GYOKAKU_SCAN_COMMAND", "")
    if not command:
        return None
    try:
        done = subprocess.run(  # the operator's own command, no shell
            [*shlex.split(command), str(path)], capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"ウイルス検査を実行できませんでした（{exc.__class__.__name__}）"
    if done.returncode != 0:
        return "ウイルス検査で問題が見つかったため、添付しませんでした"
    return None
