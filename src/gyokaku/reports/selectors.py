"""Reads of the plan office's report page: the kept files, newest first, each with whether the
data has changed since it was made."""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.lib.errors import Hidden
from gyokaku.plans.models import Plan
from gyokaku.reports.models import ReportFile
from gyokaku.reports.snapshot import data_snapshots

SHOWN_FILES = 100


@dataclass
class FileRow:
    file: ReportFile
    current: bool  # the data is still what the file reflects


def report_files_for(*, plan: Plan) -> list[FileRow]:
    """The plan's latest kept reports, in a constant number of queries (one for the files and
    five for the data of every year they cover)."""
    files = list(ReportFile.objects.filter(plan=plan).order_by("-created_at", "-id")[:SHOWN_FILES])
    years = sorted({f.fiscal_year for f in files})
    now = data_snapshots(plan=plan, fiscal_years=years) if years else {}
    rows = []
    for f in files:
        f.plan = plan
        rows.append(FileRow(file=f, current=now[f.fiscal_year].fingerprint == f.fingerprint))
    return rows


def report_file_get(*, plan: Plan, pk: int) -> ReportFile:
    row = ReportFile.objects.filter(plan=plan, pk=pk).first()
    if row is None:
        raise Hidden("この報告書ファイルはありません")
    row.plan = plan
    return row
