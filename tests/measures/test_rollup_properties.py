"""Properties of plan_rollup on random plans: the numbers add up, at every level and year.

Each example is a random tree (1–5 levels deep, random branching) with a random number of
fiscal years, reports in random states with random ratings, fiscal effects of every kind
(negative amounts, missing targets and actuals) and indicators with random baselines, targets
and actuals. The plan goes in through plan_import; the measurements are written straight to
the models (the services' rules are tested elsewhere; here some data even sits on parents,
where no service would put it, and the roll-up must ignore it). For both readers
(published_only) and every fiscal year of the plan:

- a leaf carries exactly what an independent reading of the example says;
- every parent equals the sum of its children, and the plan the sum of its pillars, for
  counts, ratings, on-track counts, indicators and effects (totals and by kind, both spans);
- cumulative(fy) equals the sum of single_year over the plan's years up to fy.

Some branches are reporting units (報告単位, ``report_unit`` in the plan file): such a node
carries its own data as a leaf does, and the nodes below it are lines (内訳) that carry nothing.

The example lives in a savepoint that is rolled back, so examples never see each other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gyokaku.lib.achievement import achievement
from gyokaku.measures.models import (
    EffectKind,
    EffectYear,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorSheet,
    IndicatorTarget,
)
from gyokaku.measures.rollup import NodeRollup, Rollup, effect_totals_by_year, plan_rollup
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.outline.numbering import format_code
from gyokaku.plans.outline.sample import LEVELS
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import ProgressReport, RatingValue, Round, State
from gyokaku.tracking.publication import publication_record
from gyokaku.tracking.scales import rating_scales_ensure_defaults

pytestmark = pytest.mark.django_db

START_FY = 2024
SLUG = "prop-plan"
KINDS = list(EffectKind.values)
STATES = list(State.values)
# The default scales' codes, and one code no scale knows (the roll-up skips it).
RATING_CODES = {
    "status": ["not_started", "in_progress", "done", "na", "unknown"],
    "achievement": ["S", "A", "B", "C", "na", "unknown"],
}
MAX_NODES = 40

# ---- the example ---------------------------------------------------------------------------


@dataclass
class Report:
    state: str
    ratings: dict[str, str]


@dataclass
class Effect:
    kind: str
    target_yen: int | None
    actual_yen: int | None


@dataclass
class KPI:
    direction: str
    baseline: Decimal | None
    final: tuple[Decimal, int] | None
    targets: dict[int, Decimal]
    actuals: dict[int, Decimal]


@dataclass
class NodeSpec:
    key: str
    parent: int | None  # index in World.nodes (pre-order)
    depth: int
    reports: dict[int, Report] = field(default_factory=dict)
    effects: dict[int, list[Effect]] = field(default_factory=dict)
    kpis: list[KPI] = field(default_factory=list)
    is_leaf: bool = True
    report_unit: bool | None = None  # the plan file's choice for this branch
    is_line: bool = False  # below a reporting unit: carries nothing of its own

    @property
    def reports_on(self) -> bool:
        """Reported on: a unit, or a leaf that is not a line."""
        return not self.is_line and (self.is_leaf or bool(self.report_unit))


@dataclass
class World:
    years: list[int]
    nodes: list[NodeSpec]


yen = st.integers(-(10**12), 10**12)
maybe_yen = st.one_of(st.none(), yen)
values = st.integers(-(10**7), 10**7).map(lambda n: Decimal(n) / 100)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    years = list(range(START_FY, START_FY + draw(st.integers(1, 5))))
    max_depth = draw(st.integers(1, 5))
    nodes: list[NodeSpec] = []

    def grow(parent: int | None, depth: int, count: int) -> None:
        style = LEVELS[depth - 1][0]
        for ordinal in range(1, count + 1):
            if len(nodes) >= MAX_NODES:
                return
            code = format_code(style, ordinal)
            segment = code if depth in (3, 5) else str(ordinal)  # padded 01 and latin a
            key = segment if parent is None else f"{nodes[parent].key}-{segment}"
            nodes.append(NodeSpec(key=key, parent=parent, depth=depth))
            me = len(nodes) - 1
            if depth < max_depth:
                grow(me, depth + 1, draw(st.integers(0, 3)))

    grow(None, 1, draw(st.integers(1, 4)))
    for spec in nodes:
        spec.is_leaf = not any(
            other.parent is not None and nodes[other.parent] is spec for other in nodes
        )
        if not spec.is_leaf:
            spec.report_unit = draw(st.sampled_from([None, None, True]))
        above = nodes[spec.parent] if spec.parent is not None else None
        # pre-order: the parent's flags are known; below a unit (or a line) is a line
        spec.is_line = above is not None and (above.is_line or bool(above.report_unit))
        # Parents get data rarely: no service writes there, and the roll-up must not count it.
        if not spec.is_leaf and not draw(st.booleans()):
            continue
        for fy in years:
            if draw(st.integers(0, 3)):
                spec.reports[fy] = Report(
                    state=draw(st.sampled_from(STATES)),
                    ratings={
                        scale: draw(st.sampled_from(codes))
                        for scale, codes in RATING_CODES.items()
                        if draw(st.booleans()) or draw(st.booleans())
                    },
                )
            lines = draw(
                st.lists(
                    st.builds(Effect, st.sampled_from(KINDS), maybe_yen, maybe_yen), max_size=3
                )
            )
            keep_empty = draw(st.booleans())
            if lines or keep_empty:
                spec.effects[fy] = lines  # an empty year is a real (empty) EffectYear
        spec.kpis = draw(st.lists(kpis(years), max_size=2))
    return World(years=years, nodes=nodes)


@st.composite
def kpis(draw: st.DrawFn, years: list[int]) -> KPI:
    def some_years() -> dict[int, Decimal]:
        chosen = draw(st.lists(st.sampled_from(years), unique=True))
        return {fy: draw(values) for fy in chosen}

    final = draw(st.one_of(st.none(), st.tuples(values, st.sampled_from(years))))
    return KPI(
        direction=draw(st.sampled_from(["higher", "lower"])),
        baseline=draw(st.one_of(st.none(), values)),
        final=final,
        targets=some_years(),
        actuals=some_years(),
    )


# ---- loading it ----------------------------------------------------------------------------


def _plan_file(world: World) -> dict[str, Any]:
    children: dict[int | None, list[dict[str, Any]]] = {}
    for spec in reversed(world.nodes):  # children are built before their parents
        index = world.nodes.index(spec)
        code = spec.key.rsplit("-", 1)[-1]
        style = LEVELS[spec.depth - 1][0]
        item = {
            "key": spec.key,
            "code": code if spec.depth in (3, 5) else format_code(style, int(code)),
            "level": spec.depth,
            "title": f"取組 {spec.key}",
            "description": "",
            **({"report_unit": spec.report_unit} if spec.report_unit is not None else {}),
            "children": list(reversed(children.get(index, []))),
        }
        children.setdefault(spec.parent, []).append(item)
    return {
        "format": "gyokaku-plan/1",
        "municipality": {"code": "022012", "name": "青森市"},
        "slug": SLUG,
        "title": "性質テスト用の計画",
        "period": {"start_fy": world.years[0], "end_fy": world.years[-1]},
        "parent_plan": "",
        "background": "",
        "levels": [
            {"depth": d, "name": name, "description": "", "numbering": format_code(style, 1)}
            for d, (style, name, _) in enumerate(LEVELS, 1)
        ],
        "nodes": list(reversed(children.get(None, []))),
    }


def _load(world: World) -> Plan:
    plan_import(plan_file=validate_plan_data(_plan_file(world)), actor_label="test")
    plan = Plan.objects.get(slug=SLUG)
    rating_scales_ensure_defaults(plan=plan)
    pks = dict(Node.objects.filter(plan=plan).values_list("key", "pk"))
    rounds = {fy: Round.objects.create(plan=plan, fiscal_year=fy) for fy in world.years}
    ProgressReport.objects.bulk_create(
        ProgressReport(
            node_id=pks[spec.key],
            round=rounds[fy],
            fiscal_year=fy,
            state=report.state,
            ratings=report.ratings,
        )
        for spec in world.nodes
        for fy, report in spec.reports.items()
    )
    for spec in world.nodes:
        for fy, lines in spec.effects.items():
            year = EffectYear.objects.create(node_id=pks[spec.key], fiscal_year=fy)
            FiscalEffect.objects.bulk_create(
                FiscalEffect(
                    effect_year=year,
                    order=i,
                    kind=e.kind,
                    target_yen=e.target_yen,
                    actual_yen=e.actual_yen,
                )
                for i, e in enumerate(lines)
            )
        if spec.kpis:
            sheet = IndicatorSheet.objects.create(node_id=pks[spec.key])
            for order, kpi in enumerate(spec.kpis):
                indicator = Indicator.objects.create(
                    sheet=sheet,
                    order=order,
                    name=f"指標{order}",
                    direction=kpi.direction,
                    baseline_value=kpi.baseline,
                    final_target_value=kpi.final[0] if kpi.final else None,
                    final_target_fy=kpi.final[1] if kpi.final else None,
                )
                IndicatorTarget.objects.bulk_create(
                    IndicatorTarget(indicator=indicator, fiscal_year=fy, value=v)
                    for fy, v in kpi.targets.items()
                )
                IndicatorActual.objects.bulk_create(
                    IndicatorActual(indicator=indicator, fiscal_year=fy, value=v)
                    for fy, v in kpi.actuals.items()
                )
    # the published reports' publications, as the publish move stores them (the public reads)
    unrecorded = ProgressReport.objects.filter(node__plan=plan).unrecorded_publications()
    for report in unrecorded.select_related("node"):
        publication_record(report=report, actor=None)
    return plan


# ---- what the numbers must be --------------------------------------------------------------


def additive(item: dict[str, Any]) -> Counter[str]:
    """The additive numbers of a roll-up entry, flattened: everything but the share."""
    out: Counter[str] = Counter()

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k != "share":
                    walk(f"{prefix}.{k}", v)
        elif isinstance(value, int) and value:  # a missing entry and a zero are the same sum
            out[prefix] += value

    walk("", item)
    return out


def summed(items: list[dict[str, Any]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for item in items:
        for k, v in additive(item).items():
            total[k] += v  # Counter.update would drop negatives on +, not here
    return Counter({k: v for k, v in total.items() if v})


def expected_leaf(
    spec: NodeSpec,
    fy: int,
    published_only: bool,
    values_: set[tuple[str, str]],
    not_rated: set[tuple[str, str]],
    on_track: set[tuple[str, str]],
) -> Counter[str]:
    """What the roll-up must say about one leaf, read from the example alone."""

    def readable(year: int) -> bool:
        report = spec.reports.get(year)
        return not published_only or (report is not None and report.state == State.PUBLISHED)

    out: Counter[str] = Counter({".tracked": 1})
    report = spec.reports.get(fy)
    if report is not None and readable(fy):
        out[".reported"] += 1
        for scale, code in report.ratings.items():
            if (scale, code) not in values_:
                continue
            out[f".ratings.{scale}.{code}"] += 1
            if (scale, code) not in not_rated:
                out[f".on_track.{scale}.rated"] += 1
                out[f".on_track.{scale}.count"] += (scale, code) in on_track
    for year, lines in spec.effects.items():
        if year > fy:
            continue
        spans = [".effects.cumulative"] + ([".effects.single_year"] if year == fy else [])
        for line in lines:
            # like with like: a year the reader cannot read counts neither target nor actual
            actual = line.actual_yen if readable(year) else None
            target = line.target_yen if readable(year) else None
            for span in spans:
                for part in (span, f"{span}.by_kind.{line.kind}"):
                    out[f"{part}.target_yen"] += target or 0
                    out[f"{part}.actual_yen"] += actual or 0
    for kpi in spec.kpis:
        target = kpi.targets.get(fy)
        if target is None and kpi.final and kpi.final[1] == fy:
            target = kpi.final[0]
        value = kpi.actuals.get(fy) if readable(fy) else None
        result = achievement(
            direction="lower" if kpi.direction == "lower" else "higher",
            actual=value,
            target=target,
            baseline=kpi.baseline,
        )
        name = {True: "achieved", False: "not_achieved", None: "not_measured"}[result.achieved]
        out[f".indicators.{name}"] += 1
    return Counter({k: v for k, v in out.items() if v})


def check_shares(item: NodeRollup) -> None:
    for scale, entry in item.as_dict()["on_track"].items():
        rated = item.rated.get(scale, 0)
        share = round(entry["count"] / rated, 4) if rated else None
        assert entry["share"] == share, scale


# ---- the properties ------------------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_every_parent_and_the_plan_add_up_in_both_spans(world: World) -> None:
    with transaction.atomic():
        plan = _load(world)
        scale_values = list(RatingValue.objects.filter(scale__plan=plan).select_related("scale"))
        known = {(v.scale.code, v.code) for v in scale_values}
        not_rated = {(v.scale.code, v.code) for v in scale_values if v.not_rated}
        on_track = {(v.scale.code, v.code) for v in scale_values if v.on_track}
        for published_only in (False, True):
            rollups = {
                fy: plan_rollup(plan=plan, fiscal_year=fy, published_only=published_only)
                for fy in world.years
            }
            for fy, rollup in rollups.items():
                _check_one(world, rollup, fy, published_only, known, not_rated, on_track)
                _check_cumulative(world, rollups, fy)
            _check_year_totals(plan, rollups, published_only)
        transaction.set_rollback(True)


def _check_one(
    world: World,
    rollup: Rollup,
    fy: int,
    published_only: bool,
    known: set[tuple[str, str]],
    not_rated: set[tuple[str, str]],
    on_track: set[tuple[str, str]],
) -> None:
    entries = {key: item.as_dict() for key, item in rollup.nodes.items()}
    assert set(entries) == {spec.key for spec in world.nodes}
    where = f"fy={fy} published_only={published_only}"
    for index, spec in enumerate(world.nodes):
        if spec.reports_on:
            want = expected_leaf(spec, fy, published_only, known, not_rated, on_track)
            assert additive(entries[spec.key]) == want, f"reported {spec.key} {where}"
        elif spec.is_line:
            assert additive(entries[spec.key]) == Counter(), f"line {spec.key} {where}"
        else:
            kids = [entries[c.key] for c in world.nodes if c.parent == index]
            assert additive(entries[spec.key]) == summed(kids), f"parent {spec.key} {where}"
        check_shares(rollup.nodes[spec.key])
    pillars = [entries[spec.key] for spec in world.nodes if spec.parent is None]
    assert additive(rollup.total.as_dict()) == summed(pillars), f"plan {where}"
    check_shares(rollup.total)
    assert rollup.total.tracked == sum(spec.reports_on for spec in world.nodes)


def _check_year_totals(plan: Plan, rollups: dict[int, Rollup], published_only: bool) -> None:
    """effect_totals_by_year (one query) says what the roll-up of each year says."""
    last = max(rollups)
    nodes: list[Node | None] = [None, *Node.objects.filter(plan=plan)]
    for node in nodes:
        got = effect_totals_by_year(plan=plan, node=node, up_to=last, published_only=published_only)
        want = [
            (
                fy,
                (rollups[fy].nodes[node.key] if node else rollups[fy].total).single_year.total,
                (rollups[fy].nodes[node.key] if node else rollups[fy].total).cumulative.total,
            )
            for fy in sorted(rollups)
        ]
        assert [(t.fiscal_year, t.single_year, t.cumulative) for t in got] == want, node


def _check_cumulative(world: World, rollups: dict[int, Rollup], fy: int) -> None:
    """cumulative(fy) = Σ single_year(y) for the plan's years y ≤ fy, at every node and the plan."""
    earlier = [rollups[y] for y in world.years if y <= fy]
    pairs = [(rollups[fy].total, [r.total for r in earlier])]
    pairs += [(rollups[fy].nodes[s.key], [r.nodes[s.key] for r in earlier]) for s in world.nodes]
    for item, items in pairs:
        cumulative = additive(item.cumulative.as_dict())
        assert cumulative == summed([i.single_year.as_dict() for i in items]), fy
