"""Rows of the open data tables of one plan, as the public may read them.

Open data is public whoever downloads it, so everything here is read as the anonymous Actor,
with the visibility rules of ``tracking.selectors`` and ``measures.selectors``: the plan
structure and its targets are public; a report only once published; a year plan, an indicator's
actual and a fiscal effect's actual only for a year whose report of the same node is published.
Roll-ups are ``plan_rollup(published_only=True)``.

Each table is read in a constant number of queries whatever the size of the plan; reads that
several tables share (the tree, the visible reports) are made once per ``PublicData``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils import timezone

from gyokaku.accounts.access import ANONYMOUS
from gyokaku.accounts.selectors import plan_departments
from gyokaku.committee.selectors import published_opinions_q
from gyokaku.measures.models import FiscalEffect, Indicator
from gyokaku.measures.models import IndicatorTarget as Target
from gyokaku.measures.published import published_actuals, published_effects
from gyokaku.measures.rollup import KINDS, NodeRollup, Rollup, plan_rollup
from gyokaku.measures.selectors import DIRECTION_LABELS, KIND_LABELS, IndicatorView
from gyokaku.measures.target_selectors import target_change_dicts
from gyokaku.plans.models import EndKind, ItemSheet, Plan
from gyokaku.plans.selectors import SHEET_TEXT_FIELDS, PlanTree, item_sheets, plan_tree
from gyokaku.site.sheet_selectors import tree_numbers
from gyokaku.tracking.models import (
    ProgressReport,
    Publication,
    RatingScale,
)
from gyokaku.tracking.publication_selectors import plan_corrections
from gyokaku.tracking.selectors import published_year_plans, rating_scales_of, report_visible

Row = dict[str, Any]
RATE_PLACES = Decimal("0.0001")


def number(value: Decimal | None) -> Decimal | None:
    """A decimal as people write it: 30.0000 → 30, 12.50 → 12.5 (never 1E+2)."""
    if value is None:
        return None
    return Decimal(format(value.normalize(), "f"))


class PublicData:
    """What the public may read of one plan; each table's rows from ``rows(name)``."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.actor = ANONYMOUS  # never anyone else: open data is the same for everybody
        self.lead: Row = {"municipality_code": plan.municipality.code, "plan_slug": plan.slug}

    def rows(self, table: str) -> list[Row]:
        return list(BUILDERS[table](self))

    # ---- reads shared by several tables ---------------------------------------------------

    @cached_property
    def tree(self) -> PlanTree:
        return plan_tree(plan=self.plan)  # two queries

    @cached_property
    def keys(self) -> dict[int, str]:
        return {item.node.pk: item.node.key for item in self.tree.walk()}

    @cached_property
    def reports(self) -> list[ProgressReport]:
        """The reports the public may read, in plan order (one query). The filter keeps drafts
        out of memory; ``report_visible`` is the rule."""
        plan = self.plan
        reports = ProgressReport.objects.filter(node__plan=plan).visible_to(self.actor)
        ordered = reports.order_by("node__position", "fiscal_year")
        return [r for r in ordered if report_visible(self.actor, r, plan)]

    @cached_property
    def visible(self) -> frozenset[tuple[int, int]]:
        """(node id, fiscal year) of the readable reports: the years whose year plan and
        actuals the public may read (as ``measures.selectors.node_years_readable``)."""
        return frozenset((r.node_id, r.fiscal_year) for r in self.reports)

    @cached_property
    def sheets(self) -> dict[int, ItemSheet]:
        """個票 by node id (one query, for both the item_sheets and the schedule tables)."""
        return item_sheets(plan=self.plan)

    @cached_property
    def printed(self) -> dict[str, str]:
        """Each node's printed number (2-(1)-01-⑤) by key (no query)."""
        return tree_numbers(self.tree)

    @cached_property
    def scales(self) -> list[RatingScale]:
        return rating_scales_of(self.plan)  # two queries

    @cached_property
    def indicators(self) -> list[tuple[Indicator, int]]:
        """(indicator, its number within the node from 1), in plan order (one query)."""
        found = Indicator.objects.filter(sheet__node__plan=self.plan).select_related("sheet")
        numbered: list[tuple[Indicator, int]] = []
        count: defaultdict[int, int] = defaultdict(int)
        for indicator in found.order_by("sheet__node__position", "order", "pk"):
            count[indicator.sheet.node_id] += 1
            numbered.append((indicator, count[indicator.sheet.node_id]))
        return numbered

    @cached_property
    def rollups(self) -> list[Rollup]:
        """The public roll-up of every fiscal year of the plan (seven queries a year)."""
        return [
            plan_rollup(plan=self.plan, fiscal_year=fy, published_only=True)
            for fy in self.plan.fiscal_years
        ]


# ---- one function per table ---------------------------------------------------------------


def _nodes(d: PublicData) -> Iterator[Row]:
    plan = d.plan
    _, assigned = plan_departments(plan=plan)  # two queries
    for item in d.tree.walk():
        node = item.node
        yield {
            **d.lead,
            "municipality_name": plan.municipality.name,
            "plan_title": plan.title,
            "node_key": node.key,
            "parent_key": node.parent_key,
            "depth": node.depth,
            "level_name": item.level.name if item.level else "",
            "code": node.code,
            "title": node.title,
            "description": node.description,
            "departments": "、".join(dep.name for dep in assigned.get(node.pk, [])),
            "tracked": item.reported,
            "position": node.position,
            "first_fy": node.first_fy,
            "ended_fy": node.ended_fy,
            "end_kind": EndKind(node.end_kind).label if node.end_kind else "",
            "merged_into_key": d.keys.get(node.merged_into_id or 0, ""),
            "former_keys": "、".join(node.former_keys or []),
        }


def _year_plans(d: PublicData) -> Iterator[Row]:
    # as published with the reports (no query: ``d.reports`` holds their publications)
    stage_label = d.plan.stage_label
    for year_plan in published_year_plans(d.reports):
        node_id, fy, stage, text = (
            year_plan.node_id,
            year_plan.fiscal_year,
            year_plan.stage,
            year_plan.text,
        )
        yield {
            **d.lead,
            "node_key": d.keys[node_id],
            "fiscal_year": fy,
            "stage": stage,
            "stage_label": stage_label(stage),
            "text": text,
        }


def _progress(d: PublicData) -> Iterator[Row]:
    for r in d.reports:
        at = r.publication.published_at if r.publication else None
        yield {
            **d.lead,
            "node_key": d.keys[r.node_id],
            "fiscal_year": r.fiscal_year,
            "result_text": r.result_text,
            "issues_text": r.issues_text,
            "next_plan_text": r.next_plan_text,
            "direction": r.direction,
            "direction_label": d.plan.direction_label(r.direction),
            "committee_opinion": r.committee_opinion,
            "published_at": timezone.localtime(at).isoformat(timespec="seconds") if at else None,
        }


def _ratings(d: PublicData) -> Iterator[Row]:
    for r in d.reports:
        for scale in d.scales:
            code = (r.ratings or {}).get(scale.code)
            value = next((v for v in scale.values.all() if v.code == code), None)
            if value is None:
                continue  # not rated on this scale (an unknown code counts nowhere, as in roll-ups)
            yield {
                **d.lead,
                "node_key": d.keys[r.node_id],
                "fiscal_year": r.fiscal_year,
                "scale_code": scale.code,
                "scale_name": scale.name,
                "value_code": value.code,
                "value_label": value.label,
                "on_track": value.on_track,
                "not_rated": value.not_rated,
            }


def _indicators(d: PublicData) -> Iterator[Row]:
    for indicator, no in d.indicators:
        yield {
            **d.lead,
            "node_key": d.keys[indicator.sheet.node_id],
            "indicator_no": no,
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "direction_label": DIRECTION_LABELS.get(indicator.direction, ""),
            "baseline_value": number(indicator.baseline_value),
            "baseline_fy": indicator.baseline_fy,
            "final_target_value": number(indicator.final_target_value),
            "final_target_fy": indicator.final_target_fy,
            "rate_formula": indicator.formula,
        }


def _indicator_values(d: PublicData) -> Iterator[Row]:
    targets: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, fy, value in Target.objects.filter(indicator__sheet__node__plan=d.plan).values_list(
        "indicator_id", "fiscal_year", "value"
    ):
        targets[pk][fy] = value
    actuals: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    notes: dict[tuple[int, int], str] = {}
    names: defaultdict[int, dict[int, str]] = defaultdict(dict)
    for indicator, _ in d.indicators:
        names[indicator.sheet.node_id][indicator.pk] = indicator.name
    for r in d.reports:  # the actuals as published
        figures = r.publication.figures if r.publication else None
        for pk, (value, note) in published_actuals(figures, names[r.node_id]).items():
            actuals[pk][r.fiscal_year] = value
            notes[pk, r.fiscal_year] = note
    for indicator, no in d.indicators:
        view = IndicatorView(indicator, targets[indicator.pk], actuals[indicator.pk])
        years = set(view.targets) | set(view.actuals)
        if indicator.final_target_fy is not None and indicator.final_target_value is not None:
            years.add(indicator.final_target_fy)
        node_id = indicator.sheet.node_id
        for fy in sorted(years):
            result = view.achievement(fy)
            rate = None if result.rate is None else number(result.rate.quantize(RATE_PLACES))
            yield {
                **d.lead,
                "node_key": d.keys[node_id],
                "indicator_no": no,
                "fiscal_year": fy,
                "target_value": number(view.target(fy)),
                "actual_value": number(view.actuals.get(fy)),
                "actual_note": notes.get((indicator.pk, fy), ""),
                "achievement_rate": rate,
                "point_difference": number(result.points),
                "achieved": result.achieved,
                "formula": result.formula,
                "year_published": (node_id, fy) in d.visible,
            }


def _effects(d: PublicData) -> Iterator[Row]:
    rows = (
        FiscalEffect.objects.filter(effect_year__node__plan=d.plan)
        .order_by("effect_year__node__position", "effect_year__fiscal_year", "order", "pk")
        .values_list(
            "effect_year__node_id",
            "effect_year__fiscal_year",
            "kind",
            "target_yen",
            "actual_yen",
            "note",
        )
    )
    line: defaultdict[tuple[int, int], int] = defaultdict(int)
    stored = {
        (r.node_id, r.fiscal_year): published_effects(r.publication.figures)
        for r in d.reports
        if r.publication
    }
    for node_id, fy, kind, target, actual, note in _effect_rows(rows, stored, d.visible):
        line[node_id, fy] += 1
        published = (node_id, fy) in d.visible
        yield {
            **d.lead,
            "node_key": d.keys[node_id],
            "fiscal_year": fy,
            "line_no": line[node_id, fy],
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, kind),
            "target_yen": target,
            "actual_yen": actual if published else None,
            "note": note if published else "",  # 算出方法 often states the actual
            "year_published": published,
        }


EffectRow = tuple[int, int, str, int | None, int | None, str]


def _effect_rows(
    rows: Iterable[EffectRow],
    stored: dict[tuple[int, int], list[dict[str, Any]]],
    visible: frozenset[tuple[int, int]],
) -> Iterator[EffectRow]:
    """The live rows of the years not published (targets are plan data), and in place of the
    rows of a published year the rows as published, in plan order."""
    for node_id, fy, kind, target, actual, note in rows:
        if (node_id, fy) not in visible:
            yield node_id, fy, kind, target, actual, note
        elif (node_id, fy) in stored:
            for row in stored.pop((node_id, fy)):
                yield node_id, fy, row["kind"], row["target_yen"], row["actual_yen"], row["note"]
    for (node_id, fy), published in stored.items():  # published rows deleted since
        for row in published:
            yield node_id, fy, row["kind"], row["target_yen"], row["actual_yen"], row["note"]


def _scopes(d: PublicData, rollup: Rollup) -> Iterator[tuple[Row, NodeRollup]]:
    """The plan's total, then every node in plan order, with the columns that say which."""
    yield {**d.lead, "scope": "plan", "node_key": None}, rollup.total
    for key, item in rollup.nodes.items():
        yield {**d.lead, "scope": "node", "node_key": key}, item


def _rollups(d: PublicData) -> Iterator[Row]:
    for rollup in d.rollups:
        for lead, item in _scopes(d, rollup):
            money: Row = {}
            for span_name in ("single_year", "cumulative"):
                span = getattr(item, span_name)
                money[f"{span_name}_target_yen"] = span.total.target_yen
                money[f"{span_name}_actual_yen"] = span.total.actual_yen
                for kind in KINDS:
                    money[f"{span_name}_{kind}_target_yen"] = span.by_kind[kind].target_yen
                    money[f"{span_name}_{kind}_actual_yen"] = span.by_kind[kind].actual_yen
            yield {
                **lead,
                "fiscal_year": rollup.fiscal_year,
                "tracked": item.tracked,
                "reported": item.reported,
                **money,
                "indicators_achieved": item.indicators["achieved"],
                "indicators_not_achieved": item.indicators["not_achieved"],
                "indicators_not_measured": item.indicators["not_measured"],
            }


def _rollup_ratings(d: PublicData) -> Iterator[Row]:
    for rollup in d.rollups:
        for lead, item in _scopes(d, rollup):
            for scale in d.scales:
                counts = item.ratings.get(scale.code, {})
                for value in scale.values.all():
                    if counts.get(value.code):
                        yield {
                            **lead,
                            "fiscal_year": rollup.fiscal_year,
                            "scale_code": scale.code,
                            "scale_name": scale.name,
                            "value_code": value.code,
                            "value_label": value.label,
                            "count": counts[value.code],
                            "on_track": value.on_track,
                            "not_rated": value.not_rated,
                        }


def _corrections(d: PublicData) -> Iterator[Row]:
    """訂正: one row per republication, in plan order (one query)."""
    for c in plan_corrections(d.plan):
        yield {
            **d.lead,
            "node_key": c.key,
            "fiscal_year": c.fiscal_year,
            "number": c.number,
            "published_at": timezone.localtime(c.published_at).isoformat(timespec="seconds"),
            "date_label": c.date_label,
            "changes": "、".join(c.changes),
            "reason": c.reason,
        }


def _target_changes(d: PublicData) -> Iterator[Row]:
    """目標値の変更: public plan data, every change (issue 12 #2)."""
    for no, change in enumerate(target_change_dicts(plan=d.plan), 1):
        yield {
            **d.lead,
            "change_no": no,
            "node_key": change["key"],
            "subject": change["subject"],
            "label": change["label"],
            "unit": change["unit"],
            "field": change["field"],
            "field_label": change["field_label"],
            "fiscal_year": change["fiscal_year"],
            "old_value": change["old_value"],
            "new_value": change["new_value"],
            "old_label": change["old_label"],
            "new_label": change["new_label"],
            "reason": change["reason"],
            "changed_on": change["changed_on"].isoformat(),
            "plan_version": change["plan_version"],
        }


def _sheets_in_order(d: PublicData) -> Iterator[tuple[ItemSheet, str, str, str]]:
    """Each item that has a 個票, in plan order: (個票, key, printed number, title)."""
    for item in d.tree.walk():
        node = item.node
        if (sheet := d.sheets.get(node.pk)) is not None:
            yield sheet, node.key, d.printed[node.key], node.title


def _item_sheets(d: PublicData) -> Iterator[Row]:
    for sheet, key, printed, title in _sheets_in_order(d):
        yield {
            **d.lead,
            "node_key": key,
            "printed_number": printed,
            "title": title,
            **{name: getattr(sheet, name) for name in SHEET_TEXT_FIELDS},
        }


def _schedule(d: PublicData) -> Iterator[Row]:
    stages = d.plan.stage_labels
    for sheet, key, printed, title in _sheets_in_order(d):
        for fy in d.plan.fiscal_years:
            step = sheet.step(fy, stages)
            if step["stage"] or step["text"]:
                yield {
                    **d.lead,
                    "node_key": key,
                    "fiscal_year": fy,
                    "printed_number": printed,
                    "title": title,
                    **step,
                }


def _committee_opinions(d: PublicData) -> Iterator[Row]:
    """委員会意見: the published opinions with their replies, in year and plan order (one
    query, ``committee.selectors.published_opinions_q``)."""
    numbers: defaultdict[tuple[int, int], int] = defaultdict(int)
    for opinion in published_opinions_q().filter(review__plan=d.plan):
        fy, key = opinion.review.fiscal_year, opinion.node.key
        numbers[(opinion.node_id, fy)] += 1
        published_at = opinion.review.published_at
        yield {
            **d.lead,
            "node_key": key,
            "fiscal_year": fy,
            "opinion_no": numbers[(opinion.node_id, fy)],
            "printed_number": d.printed.get(key, opinion.node.code),
            "title": opinion.node.title,
            "member": opinion.author_name,
            "opinion": opinion.text,
            "reply": opinion.reply,
            "published_at": timezone.localtime(published_at).isoformat(timespec="seconds")
            if published_at
            else None,
        }


BUILDERS: dict[str, Callable[[PublicData], Iterator[Row]]] = {
    "nodes": _nodes,
    "year_plans": _year_plans,
    "progress": _progress,
    "ratings": _ratings,
    "indicators": _indicators,
    "indicator_values": _indicator_values,
    "effects": _effects,
    "rollups": _rollups,
    "rollup_ratings": _rollup_ratings,
    "corrections": _corrections,
    "target_changes": _target_changes,
    "item_sheets": _item_sheets,
    "schedule": _schedule,
    "committee_opinions": _committee_opinions,
}


# ---- what the feed announces --------------------------------------------------------------

FEED_LIMIT = 200


def publish_events(plan: Plan, *, limit: int = FEED_LIMIT) -> list[Publication]:
    """The publications of the plan's reports, newest first (one query): each first
    publication and each 訂正. A report the plan office reopened keeps its entries: the public
    still reads it as published."""
    found = (
        Publication.objects.filter(report__node__plan=plan)
        .select_related("report__node")
        .order_by("-published_at", "-pk")[:limit]
    )
    out = list(found)
    for publication in out:
        publication.report.node.plan = plan
    return out
