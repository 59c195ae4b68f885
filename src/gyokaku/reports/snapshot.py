"""The data a report reflects (反映したデータ): what a person checks to know whether a report
file is still current.

For a fiscal year: the number of reports in each workflow state, when any data the report
shows last changed, and a fingerprint (sha256) of the version of every record it reads — the
year's reports and year plans, the effects of every year up to it (累計), every indicator
sheet, and the plan's effect targets. Any write through the services bumps a version, so a
different fingerprint means the report would come out different.

Read in six queries for any number of years and any plan size.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from gyokaku.committee.models import CommitteeReview, ReviewState
from gyokaku.measures.models import EffectYear, IndicatorSheet
from gyokaku.measures.selectors import effect_target_dicts, effect_targets_version
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import STATE_LABELS, ProgressReport, State, YearPlan

# Reports in these states are printed in full; the others are listed as not yet approved.
SHOWN_STATES = (State.APPROVED, State.PUBLISHED)


@dataclass(frozen=True)
class Snapshot:
    fiscal_year: int
    state_counts: dict[str, int]  # every state, in workflow order, zeros included
    data_updated_at: dt.datetime | None
    fingerprint: str

    @property
    def reports(self) -> int:
        return sum(self.state_counts.values())

    @property
    def unapproved(self) -> int:
        return sum(n for s, n in self.state_counts.items() if s not in SHOWN_STATES)

    @property
    def summary(self) -> str:
        """「公表済 40件・承認済 5件・未承認 4件」: what a person reads in the file list."""
        labels = STATE_LABELS
        parts = [f"{labels[s]} {self.state_counts.get(s, 0)}件" for s in reversed(SHOWN_STATES)]
        parts.append(f"未承認 {self.unapproved}件")
        return "・".join(parts)


def data_snapshots(*, plan: Plan, fiscal_years: list[int]) -> dict[int, Snapshot]:
    """The snapshot of each of ``fiscal_years`` of ``plan``."""
    last = max(fiscal_years, default=plan.start_fy)
    reports = ProgressReport.objects.filter(node__plan=plan, fiscal_year__in=fiscal_years)
    report_rows = reports.values_list("fiscal_year", "pk", "version", "state", "updated_at")
    year_plan_rows = YearPlan.objects.filter(
        node__plan=plan, fiscal_year__in=fiscal_years
    ).values_list("fiscal_year", "pk", "version", "updated_at")
    effect_rows = list(
        EffectYear.objects.filter(node__plan=plan, fiscal_year__lte=last)
        .values_list("fiscal_year", "pk", "version", "updated_at")
        .order_by("pk")
    )
    sheets = IndicatorSheet.objects.filter(node__plan=plan).order_by("pk")
    sheet_rows = list(sheets.values_list("pk", "version", "updated_at"))
    targets_version = effect_targets_version(effect_target_dicts(plan))
    # 委員会意見 print once published: a year's publication changes its report
    committee = dict(
        CommitteeReview.objects.filter(
            plan=plan, fiscal_year__in=fiscal_years, state=ReviewState.PUBLISHED
        ).values_list("fiscal_year", "published_at")
    )

    by_year: defaultdict[int, list[_Row]] = defaultdict(list)
    counts: defaultdict[int, dict[str, int]] = defaultdict(lambda: {s: 0 for s in State.values})
    for fy, pk, version, state, updated in report_rows:
        counts[fy][state] += 1
        by_year[fy].append(_Row("report", pk, version, updated, state))
    for fy, pk, version, updated in year_plan_rows:
        by_year[fy].append(_Row("year_plan", pk, version, updated))
    out = {}
    for fy in fiscal_years:
        rows = sorted(by_year[fy])
        rows += [_Row("effects", pk, v, u) for year, pk, v, u in effect_rows if year <= fy]
        rows += [_Row("indicators", pk, v, u) for pk, v, u in sheet_rows]
        # (the committee's part only once published: files made before stay current)
        seed = f"{plan.pk}:{fy}:{targets_version}" + (
            f":{committee[fy]}" if fy in committee else ""
        )
        digest = hashlib.sha256(seed.encode())
        for row in rows:
            digest.update(f"|{row.kind}:{row.pk}:{row.version}:{row.state}".encode())
        times = [row.updated_at for row in rows]
        out[fy] = Snapshot(
            fiscal_year=fy,
            state_counts=counts[fy],
            data_updated_at=max(times) if times else None,
            fingerprint=digest.hexdigest(),
        )
    return out


class _Row(NamedTuple):
    kind: str
    pk: int
    version: int
    updated_at: dt.datetime
    state: str = ""


def data_snapshot(*, plan: Plan, fiscal_year: int) -> Snapshot:
    return data_snapshots(plan=plan, fiscal_years=[fiscal_year])[fiscal_year]
