"""The roll-up across municipalities (全国・都道府県別の集計) of one fiscal year, as the public
sees it: for every prefecture and for the nation, how many municipalities and plans, how many
items are tracked and published, how many published items are rated and on track (順調), and
the fiscal effects by category (歳入確保・歳出削減・その他), targets and actuals of the same
published items (the like-for-like rule of ``readable_target_yen``).

Plans rate with scales of their own, so ratings are compared through each plan's last scale
(達成度 in the default pair 実施状況・達成度; a plan's only scale when it has one) and the
順調 / 評価対象外 flags of its values, which every plan sets.

Reads in a constant number of queries whatever the number of municipalities: the plans per
prefecture, the tracked items per prefecture, the effects per prefecture and category, the
published reports grouped by plan and their ratings (a few rows per plan), and the first
scale's values of every plan. The prefecture is the first two digits of the 地方公共団体コード.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Substr

from gyokaku.lib.prefectures import prefecture_name
from gyokaku.measures.models import FiscalEffect, actual_readable
from gyokaku.plans.models import Node, Plan, leaf_q, tracked_in_q
from gyokaku.tracking.models import ProgressReport, RatingValue

NATION = "00"


@dataclass
class AreaRollup:
    """One prefecture (``code`` 01–47) or the nation (``code`` 00)."""

    code: str
    name: str
    municipalities: int = 0
    plans: int = 0
    tracked_items: int = 0
    published_items: int = 0
    rated: int = 0
    on_track: int = 0
    # kind -> [target_yen, actual_yen] over the published items
    effects: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: AreaRollup) -> None:
        for name in ("municipalities", "plans", "tracked_items", "published_items"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rated += other.rated
        self.on_track += other.on_track
        for kind, (target, actual) in other.effects.items():
            mine = self.effects.setdefault(kind, [0, 0])
            mine[0] += target
            mine[1] += actual


@dataclass
class NationalRollup:
    fiscal_year: int
    nation: AreaRollup
    prefectures: list[AreaRollup]


def _in_period(fiscal_year: int, relation: str = "") -> Q:
    """Plans whose period holds ``fiscal_year``."""
    at = f"{relation}__" if relation else ""
    return Q(**{f"{at}start_fy__lte": fiscal_year, f"{at}end_fy__gte": fiscal_year})


def _prefecture(path: str) -> Substr:
    return Substr(path, 1, 2)


def national_rollup(fiscal_year: int) -> NationalRollup:
    """The public roll-up of ``fiscal_year`` per prefecture (those with a plan) and nationally."""
    areas: dict[str, AreaRollup] = {}

    def area(code: str) -> AreaRollup:
        if code not in areas:
            areas[code] = AreaRollup(code=code, name=prefecture_name(code))
        return areas[code]

    plans = (
        Plan.objects.filter(_in_period(fiscal_year))
        .annotate(pref=_prefecture("municipality__code"))
        .values("pref")
        .annotate(plans=Count("id"), municipalities=Count("municipality", distinct=True))
    )
    for row in plans:
        target = area(row["pref"])
        target.plans, target.municipalities = row["plans"], row["municipalities"]

    tracked = (
        Node.objects.filter(
            leaf_q(),
            tracked_in_q(fiscal_year),
            _in_period(fiscal_year, "plan"),
        )
        .annotate(pref=_prefecture("plan__municipality__code"))
        .values("pref")
        .annotate(n=Count("id"))
    )
    for row in tracked:
        area(row["pref"]).tracked_items = row["n"]

    # Like for like (readable_target_yen): targets and actuals of the published items only —
    # filtered once in WHERE (a semi-join) rather than per row and per sum. Summed per plan in
    # SQL (one plan-year fits a 64-bit integer: measures/limits.py) and across plans in Python,
    # so many plans at their limits in one prefecture cannot overflow SQL's SUM.
    readable = actual_readable(
        published_only=True, node="effect_year__node_id", fiscal_year="effect_year__fiscal_year"
    )
    effects = (
        FiscalEffect.objects.of_leaves()
        .filter(readable, effect_year__fiscal_year=fiscal_year)
        .annotate(pref=_prefecture("effect_year__node__plan__municipality__code"))
        .values("pref", "effect_year__node__plan_id", "kind")
        .annotate(target=Sum("target_yen"), actual=Sum("actual_yen"))
        .order_by()
    )
    for row in effects:
        sums = area(row["pref"]).effects.setdefault(row["kind"], [0, 0])
        sums[0] += row["target"] or 0
        sums[1] += row["actual"] or 0

    _add_ratings(fiscal_year, area)

    prefectures = sorted(areas.values(), key=lambda a: a.code)
    nation = AreaRollup(code=NATION, name="全国")
    for one in prefectures:
        nation.add(one)
    return NationalRollup(fiscal_year=fiscal_year, nation=nation, prefectures=prefectures)


def _add_ratings(fiscal_year: int, area: Callable[[str], AreaRollup]) -> None:
    """Published items, rated and on track, per prefecture, through each plan's last scale."""
    main_scale: dict[int, str] = {}
    flags: dict[tuple[int, str], tuple[bool, bool]] = {}  # (plan, value code) -> (rated, 順調)
    values = RatingValue.objects.order_by(
        "scale__plan_id", "-scale__order", "-scale_id"
    ).values_list("scale__plan_id", "scale__code", "code", "not_rated", "on_track")
    for plan_id, scale, code, not_rated, on_track in values:
        if main_scale.setdefault(plan_id, scale) == scale:
            flags[(plan_id, code)] = (not not_rated, on_track)
    # Group by the value of each plan's main scale, read out of the JSON in SQL (KT): plans
    # share a few scale codes (the defaults: one), so the groups are a few rows per plan.
    codes = sorted(set(main_scale.values()))
    # as last published: a report the plan office reopened counts with the ratings the public
    # was shown, not the correction being written
    keyed = {
        f"v{i}": KeyTextTransform(code, "publication__ratings") for i, code in enumerate(codes)
    }
    reports = (
        ProgressReport.objects.published()
        .filter(leaf_q("node"), fiscal_year=fiscal_year)
        .annotate(pref=_prefecture("node__plan__municipality__code"), **keyed)
        .values("pref", "node__plan_id", *keyed)
        .annotate(n=Count("id"))
        .order_by()
    )
    column = {code: f"v{i}" for i, code in enumerate(codes)}
    for row in reports:
        target = area(row["pref"])
        target.published_items += row["n"]
        plan_id = row["node__plan_id"]
        main = main_scale.get(plan_id)
        value = row[column[main]] if main else None
        rated, on_track = flags.get((plan_id, str(value)), (False, False))
        target.rated += row["n"] if rated else 0
        target.on_track += row["n"] if rated and on_track else 0
