"""報告単位: which nodes are reported on (issue 13 #3).

By default every leaf is a reporting unit. A plan may report at one level (``Plan.report_depth``:
e.g. 4, 項目, whose 詳細 become lines (内訳) of the 項目's report) and the plan office may decide
per item (``Node.report_unit``: True, this item is reported on with the nodes below it as lines;
False, the nodes below it are reported on). ``unit_flags`` turns these choices into each node's
``is_unit``/``is_line``, which ``plans.models.leaf_q`` reads; ``report_units_sync`` writes them.

A change that would leave records on a node that stops being reported on (a written report,
a year plan, fiscal effects, indicators, committee opinions) is refused with the list of those
items; nothing is deleted but the blank reports a round created for such a node. A node that
becomes a unit while a round is open gets its blank report, as if it had been there when the
round opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple

from django.db.models import Count

from gyokaku.committee.models import CommitteeOpinion
from gyokaku.lib.errors import Invalid
from gyokaku.lib.wareki import wareki_fy
from gyokaku.measures.models import EffectYear, IndicatorSheet
from gyokaku.plans.models import Level, Node, Plan, reports_on, unit_flags
from gyokaku.plans.selectors import plan_numbers
from gyokaku.tracking.models import ProgressReport, Round, State, YearPlan
from gyokaku.tracking.services import round_reports_ensure

MAX_LISTED = 20  # items a refusal names before 「ほかN件」


class UnitsSynced(NamedTuple):
    """What ``report_units_sync`` did: the keys of the nodes whose reporting changed, and the
    blank reports it removed, each named for the audit trail (「2-(1)-01-⑤ 令和6年度」)."""

    changed: list[str]
    removed: list[str]


def report_units_sync(plan: Plan, *, field: str = "report_depth") -> UnitsSynced:
    """Bring every node's ``is_unit``/``is_line`` in line with the plan's choices. Raises
    Invalid (on ``field``) when a node that stops being reported on holds records. Call inside
    the transaction that changed them, and record ``removed`` in its audit event."""
    rows = list(
        Node.objects.filter(plan=plan)
        .order_by("position")
        .values_list("pk", "parent_id", "depth", "report_unit", "is_unit", "is_line", "key")
    )
    flags = unit_flags(((pk, up, d, choice) for pk, up, d, choice, *_ in rows), plan.report_depth)
    has_children = {up for _, up, *_ in rows if up is not None}
    changed = [(pk, key) for pk, _, _, _, unit, line, key in rows if flags[pk] != (unit, line)]
    if not changed:
        return UnitsSynced([], [])
    removed: list[str] = []
    lost = [
        pk
        for pk, _, _, _, unit, line, _ in rows
        if reports_on((unit, line), pk in has_children)
        and not reports_on(flags[pk], pk in has_children)
    ]
    if lost:
        _refuse_if_recorded(plan, lost, field)
        blank = ProgressReport.objects.filter(node_id__in=lost, state=State.DRAFT, version=1)
        numbers = plan_numbers(plan_id=plan.pk)
        removed = [
            f"{numbers.get(key, key)} {wareki_fy(fy)}"
            for key, fy in blank.order_by("node__position", "fiscal_year").values_list(
                "node__key", "fiscal_year"
            )
        ]
        blank.delete()
    nodes = [Node(pk=pk, is_unit=flags[pk][0], is_line=flags[pk][1]) for pk, _ in changed]
    Node.objects.bulk_update(nodes, ["is_unit", "is_line"], batch_size=500)
    for round_ in Round.objects.filter(plan=plan, is_open=True):
        round_reports_ensure(round_)
    return UnitsSynced([key for _, key in changed], removed)


def _refuse_if_recorded(plan: Plan, lost: list[int], field: str) -> None:
    """Invalid naming each item among ``lost`` that holds records, and what they are."""
    held: dict[int, list[str]] = {}

    def note(what: str, counts: Iterable[tuple[int, int]]) -> None:
        for node_id, count in counts:
            held.setdefault(node_id, []).append(f"{what}{count}件")

    written = ProgressReport.objects.filter(node_id__in=lost).exclude(state=State.DRAFT, version=1)
    for what, queryset in (
        ("取組状況", written),
        ("年度計画", YearPlan.objects.filter(node_id__in=lost)),
        ("財政効果", EffectYear.objects.filter(node_id__in=lost, effects__isnull=False)),
        ("成果指標", IndicatorSheet.objects.filter(node_id__in=lost)),
        ("委員会意見", CommitteeOpinion.objects.filter(node_id__in=lost)),
    ):
        note(what, queryset.values_list("node_id").annotate(n=Count("pk", distinct=True)))
    if not held:
        return
    numbers = plan_numbers(plan_id=plan.pk)
    nodes = Node.objects.filter(pk__in=held).order_by("position").values_list("pk", "key", "title")
    named = [
        f"{numbers.get(key, key)} {title}（{'・'.join(held[pk])}）" for pk, key, title in nodes
    ]
    more = f"、ほか{len(named) - MAX_LISTED}件" if len(named) > MAX_LISTED else ""
    raise Invalid(
        {
            field: "報告単位を変えると、記録のある取組が報告の対象でなくなります。"
            "記録を移すか、この取組の報告単位を個別に指定してください："
            + "、".join(named[:MAX_LISTED])
            + more
        }
    )


def depth_choices(plan: Plan) -> list[tuple[str, str]]:
    """The settings screen's choices of the reported level: each leaf, or a level that has
    levels below it (「項目（下位の詳細を内訳とする）」)."""
    levels = list(Level.objects.filter(plan=plan).order_by("depth"))
    out = [("", "末端の取組ごと（既定）")]
    for level, below in pairwise(levels):
        out.append((str(level.depth), f"{level.name}（下位の{below.name}を内訳とする）"))
    return out
