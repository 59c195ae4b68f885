"""The figures of a year as published (公表時の数値): what publishing a report stores of its
node's fiscal effects and indicator actuals of that year, how a correction (訂正) names what
changed in them, and the reads that give the public those stored figures instead of the live
rows (which a department may rework after the plan office reopened the report).

Registered with ``tracking.publication`` by ``MeasuresConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from gyokaku.measures.models import EffectKind, FiscalEffect, IndicatorActual
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.publication import figures_collector

KIND_LABELS = dict(EffectKind.choices)
K = TypeVar("K", bound=Hashable)


def _effects(report: ProgressReport) -> list[dict[str, Any]]:
    rows = FiscalEffect.objects.filter(
        effect_year__node_id=report.node_id, effect_year__fiscal_year=report.fiscal_year
    ).order_by("order", "pk")
    return [
        {"kind": e.kind, "target_yen": e.target_yen, "actual_yen": e.actual_yen, "note": e.note}
        for e in rows
    ]


def _effect_changes(old: Any, new: Any) -> list[str]:
    def by_kind(rows: Any) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for row in rows or []:
            out.setdefault(row["kind"], []).append(
                (row["target_yen"], row["actual_yen"], row["note"])
            )
        return out

    before, after = by_kind(old), by_kind(new)
    kinds = [k for k in KIND_LABELS if before.get(k) != after.get(k)]
    return [f"財政効果額（{KIND_LABELS[k]}）" for k in kinds]


def _actuals(report: ProgressReport) -> list[dict[str, Any]]:
    rows = (
        IndicatorActual.objects.filter(
            indicator__sheet__node_id=report.node_id, fiscal_year=report.fiscal_year
        )
        .select_related("indicator")
        .order_by("indicator__order", "indicator_id")
    )
    return [
        {
            "indicator_id": a.indicator_id,
            "name": a.indicator.name,
            "value": str(a.value),
            "note": a.note,
        }
        for a in rows
    ]


def _actual_changes(old: Any, new: Any) -> list[str]:
    before = {row["name"]: (row["value"], row["note"]) for row in old or []}
    after = {row["name"]: (row["value"], row["note"]) for row in new or []}
    names = list(dict.fromkeys([*after, *before]))
    return [f"成果指標「{name}」の実績値" for name in names if before.get(name) != after.get(name)]


def register() -> None:
    figures_collector("effects", _effects, _effect_changes)
    figures_collector("actuals", _actuals, _actual_changes)


# ---- public reads of the stored figures ----------------------------------------------------


def published_effects(figures: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The fiscal-effect rows of a publication, in order."""
    return list((figures or {}).get("effects") or [])


def published_actuals(
    figures: dict[str, Any] | None, indicators: dict[int, str]
) -> dict[int, tuple[Decimal, str]]:
    """{indicator id: (value, note)} of a publication, for the node's ``indicators`` now ({id:
    name}): an indicator is found by its id, else by its name (a department that reworks the
    indicators after a reopen replaces their rows)."""
    by_name = {name: pk for pk, name in indicators.items()}
    out: dict[int, tuple[Decimal, str]] = {}
    for row in (figures or {}).get("actuals") or []:
        pk = row.get("indicator_id")
        if pk not in indicators:
            pk = by_name.get(row.get("name", ""))
        if pk is not None:
            out[pk] = (Decimal(row["value"]), row.get("note", ""))
    return out


def sum_published_effects(
    rows: Iterable[tuple[K, dict[str, Any] | None]],
) -> dict[K, tuple[int, int]]:
    """{group: (target, actual) in yen} summed over the published effect rows of ``rows`` (a
    group and the figures of one publication): the public totals, like with like."""
    sums: dict[K, tuple[int, int]] = {}
    for group, figures in rows:
        target, actual = sums.get(group, (0, 0))
        for row in published_effects(figures):
            target += row["target_yen"] or 0
            actual += row["actual_yen"] or 0
        sums[group] = (target, actual)
    return sums
