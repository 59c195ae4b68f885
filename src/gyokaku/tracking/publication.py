"""Publication snapshots (公表時の内容) and corrections (訂正).

``publication_record`` runs inside the workflow's publish move: it stores what the public is
shown from now on (the report's text, direction and ratings, and the figures of its year) as a
``Publication`` and makes it the report's ``publication``. A publication after the first is a
訂正: it names, field by field in the words the public reads, what differs from the one before.

The figures (fiscal effects, indicator actuals) belong to ``measures``, a layer above this one:
it registers a collector with ``figures_collector`` when Django starts (MeasuresConfig.ready),
so publishing stores them without this module importing that layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gyokaku.accounts.access import Actor
from gyokaku.tracking.models import (
    ProgressReport,
    Publication,
    RatingScale,
    YearPlan,
)

# name → function(report) returning a JSON-able value stored under that name in ``figures``,
# and the function naming what changed between two such values (Japanese labels).
FiguresCollector = Callable[[ProgressReport], Any]
FiguresDiff = Callable[[Any, Any], list[str]]
_COLLECTORS: dict[str, tuple[FiguresCollector, FiguresDiff]] = {}

# the fields of PUBLISHED_REPORT_FIELDS but ratings, named as the public pages name them
_FIELD_LABELS = {
    "result_text": "取組実績",
    "issues_text": "課題",
    "next_plan_text": "次年度の予定",
    "direction": "今後の方向性",
    "committee_opinion": "委員会意見",
}


def figures_collector(name: str, collect: FiguresCollector, diff: FiguresDiff) -> None:
    """Register what publishing stores under ``figures[name]`` and how a correction names the
    changes in it (called once per name, from an AppConfig.ready)."""
    _COLLECTORS[name] = (collect, diff)


def figures_of(report: ProgressReport) -> dict[str, Any]:
    """The figures of ``report``'s node and year as they are now."""
    return {name: collect(report) for name, (collect, _) in _COLLECTORS.items()}


def publication_changes(
    before: Publication, report: ProgressReport, figures: dict[str, Any]
) -> list[str]:
    """What the public will read differently from ``before``: the labels of the changed text
    fields, 評価（scale name）for each changed rating, and the collectors' own labels."""
    changed = [
        label
        for name, label in _FIELD_LABELS.items()
        if (getattr(before, name) or "") != (getattr(report, name) or "")
    ]
    old_ratings, new_ratings = before.ratings or {}, report.ratings or {}
    scales = dict(
        RatingScale.objects.filter(plan_id=report.node.plan_id).values_list("code", "name")
    )
    for code in sorted(set(old_ratings) | set(new_ratings), key=lambda c: (c not in scales, c)):
        if old_ratings.get(code) != new_ratings.get(code):
            changed.append(f"評価（{scales.get(code, code)}）")
    for name, (_, diff) in _COLLECTORS.items():
        changed.extend(diff((before.figures or {}).get(name), figures.get(name)))
    return changed


def publication_record(
    *, report: ProgressReport, actor: Actor | None, reason: str = "", save: bool = True
) -> Publication:
    """Store what ``report`` (locked, just moved to 公表済) shows from now on. The caller is the
    publish move, inside its transaction, which leaves the audit event; the reason is the
    move's comment and is kept only for a correction (a first publication has nothing to
    correct). ``actor`` None: sample data and test set-ups that publish behind the workflow."""
    before = report.publication
    figures = figures_of(report)
    number = before.number + 1 if before else 1
    publication = Publication.objects.create(
        report=report,
        number=number,
        published_by=actor.user if actor else None,
        result_text=report.result_text,
        issues_text=report.issues_text,
        next_plan_text=report.next_plan_text,
        direction=report.direction,
        ratings=report.ratings or {},
        committee_opinion=report.committee_opinion,
        figures=figures,
        changes=publication_changes(before, report, figures) if before else [],
        reason=reason.strip() if before else "",
    )
    report.publication = publication
    if save:  # else the caller saves the report (the publish move: one save, one history row)
        ProgressReport.objects.filter(pk=report.pk).update(publication=publication)
    return publication


# ---- the year plan (年度計画) of the report's year, published with it ----------------------


def _year_plan(report: ProgressReport) -> dict[str, str] | None:
    plan = YearPlan.objects.filter(node_id=report.node_id, fiscal_year=report.fiscal_year).first()
    return None if plan is None else {"stage": plan.stage, "text": plan.text}


def _year_plan_changes(old: Any, new: Any) -> list[str]:
    return [] if (old or None) == (new or None) else ["年度計画"]


figures_collector("year_plan", _year_plan, _year_plan_changes)
