"""Backups of a gyokaku installation: the database and the var directory's files.

A backup is a directory::

    manifest.json           what is in it, with the size and sha256 of every file
    database.sqlite3        SQLite: a consistent copy (backup_db.py)
    database.pgdump         or PostgreSQL: pg_dump's custom format
    files/reports/…         the report files made from the staff pages (VAR_DIR/reports)
    files/attachments/…     the 根拠資料 attached to reports (VAR_DIR/attachments)
    files/logos/…           the plans' logos (VAR_DIR/logos, plans.logo)

The database is copied first, then the files: a report file or an attachment is written before
its row is committed (reports/services.py, attachments/services.py, site/plan_settings.py), so
every file the copied database names is already whole on disk. A file made after the copy may
come along too; nothing names it. The manifest is written last, so a backup that stopped
half-way has none and ``restore`` refuses it.

Neither backup nor restore writes to the audit log: a restored database is the backed-up one,
byte for byte, audit log included (tests/ops/test_backup_drill.py).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from gyokaku.site.backup_db import (
    BackupProblem,
    check_copy,
    database_file,
    dump,
    engine_of,
    load,
    sqlite_has_tables,
)

FORMAT = "gyokaku-backup/1"
MANIFEST = "manifest.json"
FILES = "files"
# The var directory's directories a backup holds (the SQLite database is copied on its own).
VAR_DIRS = ("reports", "attachments", "logos")  # report files, 根拠資料, ロゴ


@dataclass(frozen=True)
class Backup:
    path: Path
    engine: str
    created_at: str
    files: dict[str, dict[str, Any]]  # relative path -> {"sha256", "size"}

    @property
    def report_files(self) -> int:
        return sum(1 for name in self.files if name.startswith(f"{FILES}/"))

    @property
    def size(self) -> int:
        return sum(int(entry["size"]) for entry in self.files.values())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _entries(root: Path) -> dict[str, dict[str, Any]]:
    return {
        path.relative_to(root).as_posix(): {"sha256": _sha256(path), "size": path.stat().st_size}
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _copy_tree(source: Path, target: Path) -> None:
    """Copy the files under ``source``; one removed while we copy is skipped, not an error."""
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(path, destination)
        except FileNotFoundError:
            continue


def backup_make(
    outdir: Path, *, database: dict[str, Any] | None = None, var_dir: Path | None = None
) -> Backup:
    """Back up ``database`` (default: the site's) and ``var_dir``'s files into ``outdir``,
    which must be new or empty."""
    database = database or settings.DATABASES["default"]
    var_dir = var_dir or settings.VAR_DIR
    engine = engine_of(database)
    if outdir.exists() and (not outdir.is_dir() or any(outdir.iterdir())):
        raise BackupProblem(
            f"{outdir} は空ではありません。バックアップは新しい（空の）ディレクトリに作ります。"
            f" / {outdir} is not empty: give a new directory."
        )
    outdir.mkdir(parents=True, exist_ok=True)
    dump(database, outdir / database_file(engine))
    for name in VAR_DIRS:
        if (var_dir / name).is_dir():
            _copy_tree(var_dir / name, outdir / FILES / name)
    backup = Backup(
        path=outdir,
        engine=engine,
        created_at=timezone.localtime().isoformat(timespec="seconds"),
        files=_entries(outdir),
    )
    manifest = {
        "format": FORMAT,
        "created_at": backup.created_at,
        "gyokaku_version": version("gyokaku"),
        "engine": engine,
        "database": database_file(engine),
        "files": backup.files,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (outdir / MANIFEST).write_text(text, encoding="utf-8")
    return backup


def backup_verify(backupdir: Path) -> Backup:
    """Read the manifest and check every file against it (and a SQLite copy's integrity);
    BackupProblem lists what is wrong."""
    try:
        manifest = json.loads((backupdir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupProblem(
            f"{backupdir / MANIFEST} がありません（バックアップではないか、途中で止まったもの）。"
            f" / No manifest: not a complete backup."
        ) from None
    except ValueError as exc:
        raise BackupProblem(f"{backupdir / MANIFEST} を読めません: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupProblem(f"{backupdir} は {FORMAT} の形式ではありません。")
    listed: dict[str, dict[str, Any]] = manifest["files"]
    found = _entries(backupdir)
    problems = [f"ありません: {name}" for name in sorted(set(listed) - set(found))]
    problems += [f"manifest にありません: {name}" for name in sorted(set(found) - set(listed))]
    problems += [
        f"チェックサムが違います: {name}"
        for name in sorted(set(listed) & set(found))
        if listed[name]["sha256"] != found[name]["sha256"]
    ]
    if problems:
        raise BackupProblem(
            f"バックアップ {backupdir} が manifest と合いません（{len(problems)} 件）:\n  "
            + "\n  ".join(problems[:20])
        )
    backup = Backup(backupdir, manifest["engine"], manifest["created_at"], listed)
    check_copy(backup.engine, backupdir / database_file(backup.engine))
    return backup


def backup_restore(
    backupdir: Path,
    *,
    force: bool = False,
    database: dict[str, Any] | None = None,
    var_dir: Path | None = None,
) -> Backup:
    """Check ``backupdir``, then put its files into ``var_dir`` and its database into
    ``database``; a database that already has tables is replaced only with ``force``."""
    database = database or settings.DATABASES["default"]
    var_dir = var_dir or settings.VAR_DIR
    backup = backup_verify(backupdir)
    engine = engine_of(database)
    if engine != backup.engine:
        raise BackupProblem(
            f"{backup.engine} のバックアップは {engine} のデータベースに復元できません。"
        )
    if not force and _has_tables(database, engine):
        raise BackupProblem(
            f"復元先のデータベース（{database['NAME']}）にはすでにデータがあります。"
            "上書きしてよければ --force を付けてください（先にサーバーを止めてください）。"
            " / The database is not empty: add --force to replace it."
        )
    for name in VAR_DIRS:
        _restore_dir(backupdir / FILES / name, var_dir / name)
    load(database, backupdir / database_file(engine), replace=force)
    # Kept public answers (web/public_cache.py) are keyed by the newest audit event, which a
    # restored database may have again with other data: a shared cache forgets them all.
    cache.clear()
    return backup


def _has_tables(database: dict[str, Any], engine: str) -> bool:
    if engine == "sqlite":
        return sqlite_has_tables(database)
    from django.db import connection  # PostgreSQL: the site's own database

    try:
        return bool(connection.introspection.table_names())
    finally:
        connection.close()


def _restore_dir(source: Path, target: Path) -> None:
    """Make ``target`` hold exactly the backed-up files: build them beside it, then swap."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-restore-", dir=target.parent))
    if source.is_dir():
        _copy_tree(source, staging)
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
