"""The 工程表: the plan-wide grid of items × fiscal years, grouped by pillar, with the 工程 the
adopted plan scheduled (the 個票's 年度別工程) and, beside it, the status a report gave.

Plan data is public from adoption, so the planned side is the same for everybody; the actual
side follows the one visibility rule of reports (``ProgressReport.objects.visible_to``): the
public sees published reports only, the plan's own staff also the others, marked with their
state. Seven queries whatever the size of the plan: levels, nodes, 個票, reports, scales (2)
and the plan itself (the caller's).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gyokaku.accounts.access import Actor
from gyokaku.lib.wareki import fy_label, wareki_fy
from gyokaku.plans.models import Plan
from gyokaku.plans.selectors import item_sheets, plan_tree
from gyokaku.site.sheet_selectors import tree_numbers
from gyokaku.tracking.models import ProgressReport, State
from gyokaku.tracking.selectors import rating_scales_of


@dataclass(frozen=True)
class ScheduleCell:
    fiscal_year: int
    stage: str  # 検討 ("" when the plan says nothing that year)
    text: str
    actual: str = ""  # 取組中・A: the report's ratings, as labels
    actual_state: str = ""  # "" when published, else 承認済 etc. (staff only)


@dataclass(frozen=True)
class ScheduleRow:
    key: str  # for the link only; people read ``number``
    number: str  # 2-(1)-01-⑤
    title: str
    depth: int
    level_name: str
    ended: str  # 廃止（令和8年度から）, "" while running
    cells: list[ScheduleCell]


@dataclass
class PillarGroup:
    number: str
    title: str
    rows: list[ScheduleRow] = field(default_factory=list)


@dataclass(frozen=True)
class YearHead:
    fiscal_year: int
    label: str  # 令和6年度
    full: str  # 2024年度（令和6年度）


@dataclass
class ScheduleTable:
    plan: Plan
    years: list[YearHead]
    groups: list[PillarGroup]
    with_drafts: bool  # the staff view: unpublished reports shown, marked

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def schedule_table(*, plan: Plan, actor: Actor) -> ScheduleTable:
    """The 工程表 of ``plan`` as ``actor`` may read it. Rows: every item with a 個票 or that is
    tracked (a reporting unit), in plan order under its pillar."""
    tree = plan_tree(plan=plan)
    sheets = item_sheets(plan=plan)
    numbers = tree_numbers(tree)
    actuals = _actuals(plan, actor)
    level_names = {level.depth: level.name for level in tree.levels}
    stages = plan.stage_labels
    groups: list[PillarGroup] = []
    for root in tree.roots:
        group = PillarGroup(number=numbers[root.node.key], title=root.node.title)
        for item in root.walk():
            node = item.node
            sheet = sheets.get(node.pk)
            if item is root or (sheet is None and not item.reported):
                continue
            cells = []
            for fy in plan.fiscal_years:
                step = sheet.step(fy, stages) if sheet else {"stage_label": "", "text": ""}
                actual, state = actuals.get((node.pk, fy), ("", ""))
                cells.append(ScheduleCell(fy, step["stage_label"], step["text"], actual, state))
            group.rows.append(
                ScheduleRow(
                    key=node.key,
                    number=numbers[node.key],
                    title=node.title,
                    depth=node.depth,
                    level_name=level_names.get(node.depth, ""),
                    ended=node.end_label,
                    cells=cells,
                )
            )
        groups.append(group)
    years = [YearHead(fy, wareki_fy(fy), fy_label(fy)) for fy in plan.fiscal_years]
    return ScheduleTable(plan=plan, years=years, groups=groups, with_drafts=actor.is_internal(plan))


def _actuals(plan: Plan, actor: Actor) -> dict[tuple[int, int], tuple[str, str]]:
    """(node id, fiscal year) → (the ratings as labels, the state unless published)."""
    labels = {
        scale.code: {value.code: value.label for value in scale.values.all()}
        for scale in rating_scales_of(plan)
    }
    # Whole reports, not values_list: ``visible_to`` reads another municipality's (and the
    # public's) as last published, and that happens as the rows are made into reports. A
    # published report reopened for rework shows its published ratings, not the rework.
    out: dict[tuple[int, int], tuple[str, str]] = {}
    for report in ProgressReport.objects.visible_to(actor).filter(node__plan=plan):
        ratings, state = report.ratings or {}, report.state
        shown = [
            values.get(ratings[code], "") for code, values in labels.items() if code in ratings
        ]
        text = "・".join(s for s in shown if s) or "評価なし"
        out[(report.node_id, report.fiscal_year)] = (
            text,
            "" if state == State.PUBLISHED else State(state).label,
        )
    return out
