"""The data side of test_faults.py, run as its own process on the scratch database (DATABASE_URL
and GYOKAKU_VAR_DIR of the caller): ``python -m tests.ops.fault_driver``, then one line
``KIND ROUND`` per step on its standard input.

KIND is ``apply`` (an Excel/CSV upload's application, 取込の反映) or ``report`` (the annual
report, a background job). A step first does what a worker does when it starts:
fails the jobs of dead workers (jobs/recovery.py). Then it judges the job of the previous
step, which the test killed mid-way or which finished before the kill:

- killed (failed with the "worker stopped" message): nothing of it is in the database — no
  item of the upload changed, no report file row or file on disk, no audit event of it — and
  it is started again (``job_retry``), the re-run the next round kills or lets finish;
- finished: all of it is there, with its audit event; a fresh job is started.

It prints one JSON line: ``{"job": next job id, "killed": bool, "problems": [...], "notes":
[...]}``. Between
steps, the state (the job, what it should change, counts before it) is kept in a JSON file in
the var dir.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gyokaku.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402

from gyokaku.accounts.access import actor_for  # noqa: E402
from gyokaku.audit.models import AuditEvent  # noqa: E402
from gyokaku.exchange.models import Upload  # noqa: E402
from gyokaku.exchange.sheets import sheet_export_csv  # noqa: E402
from gyokaku.exchange.uploads import upload_confirm, upload_start  # noqa: E402
from gyokaku.jobs.models import Job  # noqa: E402
from gyokaku.jobs.recovery import ABANDONED, job_retry, jobs_recover_abandoned  # noqa: E402
from gyokaku.jobs.services import job_start  # noqa: E402
from gyokaku.jobs.testing import run_jobs  # noqa: E402
from gyokaku.plans.selectors import plan_for  # noqa: E402
from gyokaku.reports.models import ReportFile  # noqa: E402
from gyokaku.tracking.models import ProgressReport, State  # noqa: E402

SLUG = "aomori-2024-2028"
OPEN_YEAR = 2025  # the demo's open round
OFFICE = "demo-coordinator"


def _state_file() -> Path:
    return Path(settings.VAR_DIR) / "fault-state.json"


def _texts(keys: list[str]) -> dict[str, str]:
    return dict(
        ProgressReport.objects.filter(
            node__plan__slug=SLUG, fiscal_year=OPEN_YEAR, node__key__in=keys
        ).values_list("node__key", "result_text")
    )


def _start_apply(round_no: int) -> dict[str, Any]:
    """An upload that rewrites the results (取組実績) of every editable item, checked at once
    (as the check job would be) and confirmed: its apply job is queued."""
    user = get_user_model().objects.get(username=OFFICE)
    actor, plan = actor_for(user), plan_for(slug=SLUG)
    editable = set(
        ProgressReport.objects.filter(
            node__plan=plan, fiscal_year=OPEN_YEAR, state__in=[State.DRAFT, State.RETURNED]
        ).values_list("node__key", flat=True)
    )
    content = sheet_export_csv(plan=plan, fiscal_year=OPEN_YEAR, actor=actor)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    column = next(i for i, h in enumerate(rows[0]) if h.startswith("取組実績"))
    new = {}
    for row in rows[1:]:
        if row[0] in editable:
            row[column] = new[row[0]] = f"障害試験 {round_no} 回目の取込（{row[0]}）"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    upload_start(plan=plan, actor=actor, filename="fault.csv", content=out.getvalue().encode())
    run_jobs()  # the check
    upload = Upload.objects.get(user=user, plan=plan)
    assert upload.checked and not upload.problems, upload.problems
    job = upload_confirm(upload=upload, actor=actor)
    return {"kind": "apply", "job": str(job.pk), "old": _texts(list(new)), "new": new}


def _start_report() -> dict[str, Any]:
    user = get_user_model().objects.get(username=OFFICE)
    job = job_start(
        kind="reports.generate",
        by=user,
        label="障害試験の報告書",
        plan=plan_for(slug=SLUG),
        params={"fiscal_year": 2024, "format": "html"},
    )
    return {"kind": "report", "job": str(job.pk)}


def _counts() -> dict[str, int]:
    files = Path(settings.VAR_DIR) / "reports"
    return {
        "imports": AuditEvent.objects.filter(action="sheet.import").count(),
        "report_events": AuditEvent.objects.filter(action="report.generate").count(),
        "report_rows": ReportFile.objects.count(),
        "report_files": sum(1 for p in files.rglob("*") if p.is_file()) if files.exists() else 0,
    }


def _judge(state: dict[str, Any], job: Job) -> tuple[bool, list[str], list[str]]:
    """(killed mid-way?, problems, notes) of the previous step's job. What the database holds
    decides whether the work happened: all of it with its audit event, or none of it. A kill
    in the instant between the work's commit and the job's "done" leaves a job failed whose
    work is all there: not half applied, so a note, not a problem (its re-run does nothing:
    the upload is used up, or the report is made again)."""
    before, now, problems, notes = state["counts"], _counts(), [], []
    if job.state not in (Job.State.FAILED, Job.State.DONE):
        return True, [f"job {job.pk} is still {job.state} after the recovery"], notes
    if job.state == Job.State.FAILED and job.error != ABANDONED:
        problems.append(f"failed, but not as abandoned: {job.error}")
    if state["kind"] == "apply":
        texts = _texts(list(state["new"]))
        applied = sum(texts[k] == v for k, v in state["new"].items())
        kept = sum(texts[k] == v for k, v in state["old"].items())
        done = applied == len(state["new"])
        if not done and kept != len(state["old"]):
            problems.append(f"half applied: {applied} of {len(state['new'])} items changed")
        if now["imports"] != before["imports"] + done:
            problems.append(f"sheet.import events {before['imports']} → {now['imports']}")
    else:
        done = now["report_rows"] == before["report_rows"] + 1
        if now["report_events"] != before["report_events"] + done:
            problems.append(f"report.generate events {before['report_events']} → {now}")
        if now["report_files"] != before["report_files"] + done:
            notes.append(f"report files on disk {before['report_files']} → {now['report_files']}")
    if done and job.state == Job.State.FAILED:
        notes.append("the work committed just before the kill; the job reads failed")
    return job.state == Job.State.FAILED and not done, problems, notes


def step(kind: str, round_no: int) -> dict[str, Any]:
    jobs_recover_abandoned()
    path = _state_file()
    state = json.loads(path.read_text()) if path.exists() else None
    killed, problems, notes = False, [], []
    user = get_user_model().objects.get(username=OFFICE)
    if state is not None and state["kind"] == kind:
        job = Job.objects.get(pk=state["job"])
        killed, problems, notes = _judge(state, job)
        if killed and not problems:
            state["job"] = str(job_retry(job=job, by=user).pk)
        else:
            state = None
    if state is None or state["kind"] != kind:
        state = _start_apply(round_no) if kind == "apply" else _start_report()
    state["counts"] = _counts()
    path.write_text(json.dumps(state, ensure_ascii=False))
    return {"job": state["job"], "killed": killed, "problems": problems, "notes": notes}


def main() -> None:
    """One step per line read (``KIND ROUND``), one JSON line written: started once, so that a
    round costs the kill and not Django's start too."""
    from django.db import connection

    for line in sys.stdin:
        kind, round_no = line.split()
        print(json.dumps(step(kind, int(round_no)), ensure_ascii=False), flush=True)
        connection.close()  # hold nothing open while the test kills and checks


if __name__ == "__main__":
    main()
