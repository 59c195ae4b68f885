"""What the backup drills run in `gyokaku shell` processes: a writer that keeps changing the
demo while a backup is taken, and an export of what a restore must reproduce.

Kept as plain source (run with ``gyokaku shell -c``) so the drills drive real processes on
real databases, as an operator's cron job and server would.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

SLUG = "aomori-2024-2028"

# Every cycle reopens a published FY2025 report, rewrites its text ("drill write K"), takes it
# through submit, the approval chain (確認, 確認, 承認) and publish again, and on every third
# cycle keeps an annual report file (VAR_DIR/reports). Progress goes to COUNTER after each
# whole cycle; STOP ends it.
WRITER = """
import itertools, pathlib
from django.contrib.auth import get_user_model
from gyokaku.accounts.access import actor_for
from gyokaku.plans.models import Plan
from gyokaku.reports.services import report_generate
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply

counter, stop = pathlib.Path({counter!r}), pathlib.Path({stop!r})
users = get_user_model().objects
coord = actor_for(users.get(username="demo-coordinator"))
# The demo plan has an approval chain (課長確認 → 部長確認 → 行革担当確認): the drill takes
# items of 情報政策課 with other 総務部 departments at most, whose 課長 and 部長 are demo users.
chain = [actor_for(users.get(username=u)) for u in ("demo-chief", "demo-director")]
plan = Plan.objects.get(slug={slug!r})
pks = [
    r.pk
    for r in ProgressReport.objects.filter(node__plan=plan, fiscal_year=2025, state="published")
    .prefetch_related("node__departments__bureau").order_by("pk")
    if "joho-seisaku" in {{d.code for d in r.node.departments.all()}}
    and {{d.bureau.code for d in r.node.departments.all()}} == {{"somu-bu"}}
][:3]
assert pks, "the demo has published FY2025 reports of 情報政策課 (総務部)"
for k in itertools.count(1):
    if stop.exists():
        break
    report = ProgressReport.objects.get(pk=pks[k % len(pks)])
    transition_apply(report=report, action="reopen", actor=coord, comment=f"drill {{k}}")
    report.refresh_from_db()
    progress_update(
        report=report, actor=coord, data={{"result_text": f"drill write {{k}}"}},
        expected_version=report.version,
    )
    for action, actor in (
        ("submit", coord), ("confirm", chain[0]), ("confirm", chain[1]),
        ("approve", coord), ("publish", coord),
    ):
        report.refresh_from_db()
        transition_apply(report=report, action=action, actor=actor)
    if k % 3 == 1:
        report_generate(plan=plan, fiscal_year=2024, fmt="xlsx", actor=coord, keep=True)
    counter.write_text(str(k))
"""

# The open data of the plan (every file the site serves), the audit log (every row, every
# field, in order) and the report files (each row's file, with its checksum), into OUT.
EXPORT = """
import hashlib, json, pathlib
from django.core import serializers
from django.test import Client
from gyokaku.audit.models import AuditEvent
from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.tables import TABLES
from gyokaku.reports.models import ReportFile

out = pathlib.Path({out!r})
out.mkdir(parents=True)
client = Client()
base = "/opendata/{slug}/"
names = ["", "datapackage.json", "feed.atom"]
names += [f"{{table}}.{{fmt}}" for table in TABLES for fmt in FORMATS]
for name in names:
    response = client.get(base + name)
    assert response.status_code == 200, (name, response.status_code)
    (out / ("index.html" if not name else name)).write_bytes(response.content)
with (out / "audit.jsonl").open("w", encoding="utf-8") as audit:
    for event in AuditEvent.objects.order_by("pk").iterator():
        audit.write(serializers.serialize("json", [event]) + "\\n")
files = []
for row in ReportFile.objects.order_by("pk"):
    data = row.file.open("rb").read()
    assert len(data) == row.size, (row.file.name, len(data), row.size)
    files.append([row.file.name, row.size, hashlib.sha256(data).hexdigest()])
(out / "report-files.json").write_text(json.dumps(files, indent=1))
"""

# openpyxl stamps each workbook with the time it was written: in docProps/core.xml, and as
# the zip entries' times. The rest of the file is compared byte for byte.
_STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def file_fingerprint(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix != ".xlsx":
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        members = [(info.filename, _STAMPS.sub(b"", book.read(info))) for info in book.infolist()]
    return hashlib.sha256(json.dumps([(n, d.hex()) for n, d in members]).encode()).digest()


def differences(one: Path, two: Path) -> list[str]:
    """The files of two exports that differ (or are only in one)."""
    names_one = {p.name for p in one.iterdir()}
    names_two = {p.name for p in two.iterdir()}
    found = [f"only in {one.name}: {n}" for n in sorted(names_one - names_two)]
    found += [f"only in {two.name}: {n}" for n in sorted(names_two - names_one)]
    for name in sorted(names_one & names_two):
        if file_fingerprint(one / name) != file_fingerprint(two / name):
            found.append(f"differs: {name}")
    return found


def audit_lines(export: Path) -> list[str]:
    return (export / "audit.jsonl").read_text(encoding="utf-8").splitlines()


def wait_for(counter: Path, at_least: int, writer: subprocess.Popen[str]) -> int:
    """Wait until the writer has finished ``at_least`` cycles; the number it has finished."""
    deadline = time.monotonic() + 300
    while True:
        done = int(counter.read_text() or 0) if counter.exists() else 0
        if done >= at_least:
            return done
        if writer.poll() is not None:
            pytest.fail(f"the writer stopped:\n{writer.communicate()[1]}")
        assert time.monotonic() < deadline, f"the writer did {done} cycles, not {at_least}"
        time.sleep(0.1)
