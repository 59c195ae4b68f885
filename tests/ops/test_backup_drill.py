"""The backup drill (issue 17): back up while another process keeps writing, restore into a
fresh var directory, and find the state of the backup's moment there, byte for byte.

"The state of the backup's moment" is what the backup captured, read as it is (the copied
database file and report files put in place by hand, no restore code); the restored site must
export the same open data files and the same audit log. That state must also be a moment of
the live site: its audit log is exactly the start of the live one, every write finished before
the backup began is in it, and none begun after it ended.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ops.backup_drill import EXPORT, SLUG, WRITER, audit_lines, differences, wait_for
from tests.ops.conftest import gyokaku, gyokaku_env

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _env(var_dir: Path) -> dict[str, str]:
    return gyokaku_env(var_dir, GYOKAKU_ALLOWED_HOSTS="testserver")


def _export(var_dir: Path, out: Path) -> Path:
    done = gyokaku("shell", "-c", EXPORT.format(out=str(out), slug=SLUG), env=_env(var_dir))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def live(demo_database: Path, tmp_path: Path) -> Path:
    var_dir = tmp_path / "live"
    var_dir.mkdir()
    shutil.copy(demo_database, var_dir / "gyokaku.sqlite3")
    return var_dir


@pytest.fixture
def writer(live: Path, tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    counter, stop = tmp_path / "cycles", tmp_path / "stop"
    script = WRITER.format(counter=str(counter), stop=str(stop), slug=SLUG)
    process = subprocess.Popen(
        [sys.executable, "-m", "gyokaku", "shell", "-c", script],
        env=_env(live),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield counter, process
    finally:
        stop.touch()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_backup_taken_during_writes_restores_its_moment(
    live: Path, writer: tuple[Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    counter, process = writer
    before = wait_for(counter, 2, process)  # writes finished before the backup began
    backup = tmp_path / "backup"
    done = gyokaku("backup", str(backup), env=_env(live))
    assert done.returncode == 0, done.stderr
    after = wait_for(counter, wait_for(counter, 0, process) + 2, process)
    (tmp_path / "stop").touch()
    assert process.wait(timeout=120) == 0, process.communicate()[1]
    assert (backup / "manifest.json").is_file() and list((backup / "files/reports").rglob("*"))

    restored = tmp_path / "restored"
    done = gyokaku("restore", str(backup), env=_env(restored))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(restored / "gyokaku.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    moment = tmp_path / "moment"  # what the backup captured, put in place by hand
    moment.mkdir()
    shutil.copy(backup / "database.sqlite3", moment / "gyokaku.sqlite3")
    shutil.copytree(backup / "files" / "reports", moment / "reports")

    at_moment = _export(moment, tmp_path / "export-moment")
    at_restore = _export(restored, tmp_path / "export-restored")
    assert differences(at_moment, at_restore) == []

    at_end = _export(live, tmp_path / "export-live")
    changed = differences(at_moment, at_end)  # the comparison sees the writes after the backup
    assert "differs: audit.jsonl" in changed and any(d.endswith(".csv") for d in changed)
    final = audit_lines(at_end)
    kept = audit_lines(at_restore)
    assert kept == final[: len(kept)] and len(kept) < len(final)  # a moment of the live site
    text = "\n".join(kept)
    assert re.search(rf"drill write {before}\b", text)  # finished before the backup began
    assert not re.search(rf"drill write {after}\b", text)  # begun after it ended


def test_restore_refuses_a_database_with_data_unless_forced(live: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    assert gyokaku("backup", str(backup), env=_env(live)).returncode == 0
    refused = gyokaku("restore", str(backup), env=_env(live))
    assert refused.returncode == 1
    assert "すでにデータがあります" in refused.stderr and "--force" in refused.stderr
    forced = gyokaku("restore", str(backup), "--force", env=_env(live))
    assert forced.returncode == 0, forced.stderr
    assert "復元しました" in forced.stdout


def test_restore_checks_the_checksums_first(live: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    assert gyokaku("backup", str(backup), env=_env(live)).returncode == 0
    assert gyokaku("restore", str(backup), "--check", env=_env(live)).returncode == 0
    with (backup / "database.sqlite3").open("r+b") as database:
        database.seek(4096)
        database.write(b"\xff" * 16)
    restored = tmp_path / "restored"
    done = gyokaku("restore", str(backup), env=_env(restored))
    assert done.returncode == 1
    assert "チェックサムが違います: database.sqlite3" in done.stderr
    assert not (restored / "gyokaku.sqlite3").exists()  # nothing written
    checked = gyokaku("restore", str(backup), "--check", env=_env(live))
    assert checked.returncode == 1 and "チェックサム" in checked.stderr


def test_backup_wants_a_new_directory_and_restore_a_whole_backup(
    live: Path, tmp_path: Path
) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "something").write_text("x")
    done = gyokaku("backup", str(busy), env=_env(live))
    assert done.returncode == 1 and "空ではありません" in done.stderr
    half = tmp_path / "half"  # a backup that stopped before its manifest
    half.mkdir()
    shutil.copy(live / "gyokaku.sqlite3", half / "database.sqlite3")
    done = gyokaku("restore", str(half), env=_env(tmp_path / "restored"))
    assert done.returncode == 1 and "manifest.json がありません" in done.stderr
