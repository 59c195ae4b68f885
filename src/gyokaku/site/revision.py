"""The plan's nodes after an import: created, updated, renumbered, ended — never deleted with
their records (改定は削除しない).

``nodes_sync`` runs inside ``plan_import``'s transaction. Once the plan is in operation (any
report, year plan, indicator or effect is on record), a change of structure is a revision: it
makes a ``PlanVersion`` (改定・中間見直し) and every item missing from the file must be ended
(廃止・統合・完了 from a fiscal year) or mapped to its new key; otherwise the import is refused
naming the item, and nothing changes. Ended items stay in the tree, after their siblings, with
their reports, effects and indicators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import Count

from gyokaku.lib.wareki import wareki_fy
from gyokaku.measures.models import (
    EffectYear,
    FiscalEffect,
    IndicatorActual,
    IndicatorSheet,
    IndicatorTarget,
)
from gyokaku.plans.models import EndKind, Node, Plan, PlanVersion, search_text
from gyokaku.plans.planfile import NodeIn, PlanFileError, Problem, walk_nodes
from gyokaku.plans.printed import printed_numbers
from gyokaku.site.import_report import Change, ImportReport, ItemOutcome
from gyokaku.site.revision_match import (
    DELETED,
    ENDED,
    HEADING_ENDED,
    KEPT_OUTSIDE_FILE,
    MATCHED,
    REFUSED,
    DataCount,
    FileItem,
    Matching,
    flatten,
    match_nodes,
)
from gyokaku.site.revision_spec import END_WORDS, RevisionSpec
from gyokaku.site.selectors import node_life
from gyokaku.tracking.models import ProgressReport, YearPlan

CONTENT_FIELDS = ("parent_id", "depth", "code", "title", "description", "order")
# What a person calls a change of an item (its place among siblings follows from the others).
FIELD_WORDS = {"code": "番号", "title": "名称", "description": "説明", "parent": "上位の取組"}
SAVED_FIELDS = (
    *CONTENT_FIELDS,
    "key",
    "position",
    "search_text",
    "former_keys",
    "report_unit",
)


@dataclass(frozen=True)
class Unresolved:
    """An item missing from the new file that the plan office must end or map (the page)."""

    key: str
    number: str
    title: str
    kept: str  # 取組状況 2 件・効果額 1 件


class RevisionRefused(PlanFileError):
    """The import is refused; ``unresolved`` lists the items missing from the file that hold
    records, ``choices`` the new file's items (key, printed number and title) to merge into or
    map to."""

    def __init__(
        self,
        problems: list[Problem],
        unresolved: list[Unresolved],
        choices: list[tuple[str, str]],
    ) -> None:
        super().__init__(problems)
        self.unresolved = unresolved
        self.choices = choices


@dataclass
class _Slot:
    """One place in the tree after the import: a file item, or a node kept outside the file."""

    key: str
    parent_key: str | None
    item: NodeIn | None = None
    node: Node | None = None


def data_counts(plan: Plan) -> dict[int, DataCount]:
    """Per node id: its reports, effect amounts and indicator values (and other records)."""
    counts: dict[int, DataCount] = defaultdict(DataCount)

    def tally(model: type[models.Model], path: str, name: str) -> None:
        rows = (
            model._default_manager.filter(**{f"{path}__plan": plan})
            .values_list(path)
            .annotate(n=Count("pk"))
            .order_by()  # group by the node alone, not by the model's ordering too
        )
        for node_id, n in rows:
            setattr(counts[node_id], name, getattr(counts[node_id], name) + n)

    tally(ProgressReport, "node", "reports")
    tally(FiscalEffect, "effect_year__node", "effects")
    tally(IndicatorActual, "indicator__sheet__node", "indicator_values")
    tally(IndicatorTarget, "indicator__sheet__node", "indicator_values")
    tally(YearPlan, "node", "other")
    tally(EffectYear, "node", "other")
    tally(IndicatorSheet, "node", "other")
    return counts


def nodes_sync(
    *, plan: Plan, nodes: list[NodeIn], spec: RevisionSpec, report: ImportReport, created: bool
) -> PlanVersion | None:
    existing = list(Node.objects.filter(plan=plan).order_by("position"))
    flat = flatten(nodes)
    report.node_count = len(flat)
    items = {entry.item.key: entry for entry in flat}
    counts = data_counts(plan) if existing else {}
    in_operation = any(c.any for c in counts.values())
    old_numbers = printed_numbers({n.key: n.code for n in existing})
    matching = match_nodes(
        plan=plan,
        existing=existing,
        items=items,
        spec=spec,
        in_operation=in_operation,
        counts=counts,
        numbers=old_numbers,
    )
    structural = _structural(existing, items, matching)
    revising = not created and (spec.given or (in_operation and structural))
    if revising and spec.effective_fy is None:
        matching.problems.append(
            Problem(
                "--effective-fy",
                "計画の運用が始まっているため、この取込は改定になります。改定を適用する年度"
                "（--effective-fy 2026 のように）を指定してください",
            )
        )
    matching.problems.extend(
        _life_problems(nodes, existing, matching, old_numbers) if not created else []
    )
    if matching.problems:
        new_numbers = printed_numbers({k: e.item.code for k, e in items.items()})
        raise RevisionRefused(
            matching.problems,
            _unresolved(existing, matching, old_numbers, counts),
            [(k, f"{new_numbers[k]} {e.item.title}") for k, e in items.items()],
        )
    version = _version(plan, spec, created=created, revising=revising)
    subtree = _subtree_counts(existing, counts)
    old_keys = {n.pk: n.key for n in existing}
    _delete(existing, matching, report, subtree, old_numbers)
    kept = [n for n in existing if matching.fate[n.pk] != DELETED]
    moved = _rekey(kept, matching)
    slots = _slots(flat, kept, matching)
    by_key = _write(plan, kept, slots, matching, spec, version, report)
    _end(kept, matching, spec, version, by_key, old_keys)
    if created:
        _take_lives(nodes, by_key)
    if version is not None and version.number > 0:
        report.version_label = f"{version.get_kind_display()} 第{version.number}版"
    _outcomes(kept, moved, matching, report, subtree, old_numbers, by_key)
    if version is not None and version.number > 0:
        version.summary = [str(i) for i in report.items if i.action in ("add", "end", "renumber")]
        version.save(update_fields=["summary"])
    return version


LIFE_WORDS = {
    "first_fy": "開始年度",
    "ended_fy": "終了年度",
    "end_kind": "終了の区分",
    "merged_into": "統合先",
    "end_note": "終了の理由",
}


def _item_life(item: NodeIn) -> dict[str, object]:
    return {
        "first_fy": item.first_fy,
        "ended_fy": item.ended_fy,
        "end_kind": END_WORDS[item.end_kind] if item.end_kind else None,
        "merged_into": item.merged_into,
        "end_note": item.end_note,
    }


def _life_problems(
    nodes: list[NodeIn], existing: list[Node], matching: Matching, numbers: dict[str, str]
) -> list[Problem]:
    """A plan already here keeps its items' life (開始年度・終了) as recorded: a file that says
    otherwise is refused, naming the item and the field (items end through ``revision.ended``)."""
    keys = {n.pk: matching.new_key.get(n.pk, n.key) for n in existing}
    matched = {matching.new_key[n.pk]: n for n in existing if matching.fate[n.pk] == MATCHED}
    problems = []
    for item, here in walk_nodes(nodes):
        said = {k: v for k, v in _item_life(item).items() if v not in (None, "")}
        if not said:
            continue
        node = matched.get(item.key)
        if node is None:
            problems.append(
                Problem(
                    f"{here}.{next(iter(said))}",
                    f"新しい項目「{item.title}」に開始年度・終了の記録は書けません（改定で"
                    "追加した項目は改定の適用年度から、終了は revision.ended で指定します）",
                )
            )
            continue
        recorded = node_life(node, keys)
        for name, value in said.items():
            if recorded.get(name) != value:
                now = recorded.get(name) or "なし"
                problems.append(
                    Problem(
                        f"{here}.{name}",
                        f"「{numbers.get(node.key, node.code)} {node.title}」の{LIFE_WORDS[name]}"
                        f"「{value}」はこの計画の記録（{now}）と違います。開始年度・終了の"
                        "記録は計画ファイルでは変えられません（項目の終了は revision.ended で"
                        "指定します）",
                    )
                )
    return problems


def _take_lives(nodes: list[NodeIn], by_key: dict[str, Node]) -> None:
    """A new plan takes its items' life from the file (a plan exported and loaded elsewhere)."""
    changed = []
    for item, _ in walk_nodes(nodes):
        life = _item_life(item)
        if not any(v not in (None, "") for v in life.values()):
            continue
        node = by_key[item.key]
        node.first_fy, node.ended_fy = item.first_fy, item.ended_fy
        node.end_kind = str(life["end_kind"] or "")
        node.end_note = item.end_note
        node.merged_into = by_key[item.merged_into] if item.merged_into else None
        changed.append(node)
    Node.objects.bulk_update(
        changed,
        ["first_fy", "ended_fy", "end_kind", "end_note", "merged_into"],
        batch_size=500,
    )


def _unresolved(
    existing: list[Node],
    matching: Matching,
    numbers: dict[str, str],
    counts: dict[int, DataCount],
) -> list[Unresolved]:
    """The refused items to end or map: items (leaves) and any node holding records itself;
    a heading follows its items."""
    headings = {n.parent_id for n in existing if n.parent_id is not None}
    return [
        Unresolved(n.key, numbers[n.key], n.title, str(counts.get(n.pk, DataCount())))
        for n in existing
        if matching.fate[n.pk] == REFUSED
        and (n.pk not in headings or counts.get(n.pk, DataCount()).any)
    ]


def _structural(existing: list[Node], items: dict[str, FileItem], matching: Matching) -> bool:
    if len([n for n in existing if matching.fate[n.pk] == MATCHED]) < len(items):
        return True  # items added
    return any(
        matching.fate[n.pk] in (ENDED, HEADING_ENDED, DELETED) or matching.new_key[n.pk] != n.key
        for n in existing
        if n.pk in matching.new_key or matching.fate[n.pk] == DELETED
    )


def _version(
    plan: Plan, spec: RevisionSpec, *, created: bool, revising: bool
) -> PlanVersion | None:
    """策定 (第0版) for a new plan; a new 改定・中間見直し when this import revises the plan."""
    if created:
        return PlanVersion.objects.create(
            plan=plan,
            number=0,
            kind=PlanVersion.Kind.ADOPTED,
            decided_on=spec.decided_on,
            effective_fy=plan.start_fy,
            reason=spec.reason,
        )
    if not revising:
        return None
    PlanVersion.objects.get_or_create(
        plan=plan,
        number=0,
        defaults={"kind": PlanVersion.Kind.ADOPTED, "effective_fy": plan.start_fy},
    )
    last = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    return PlanVersion.objects.create(
        plan=plan,
        number=(last.number if last else 0) + 1,
        kind=spec.kind,
        decided_on=spec.decided_on,
        effective_fy=spec.effective_fy or plan.start_fy,
        reason=spec.reason,
    )


def _subtree_counts(existing: list[Node], counts: dict[int, DataCount]) -> dict[int, DataCount]:
    out: dict[int, DataCount] = defaultdict(DataCount)
    for node in reversed(existing):
        out[node.pk].add(counts.get(node.pk, DataCount()))
        if node.parent_id is not None:
            out[node.parent_id].add(out[node.pk])
    return out


def _delete(
    existing: list[Node],
    matching: Matching,
    report: ImportReport,
    subtree: dict[int, DataCount],
    numbers: dict[str, str],
) -> None:
    gone = [n for n in existing if matching.fate[n.pk] == DELETED]
    if not gone:
        return
    # Delete first: keys freed here may be reused. Only nodes without records reach here.
    Node.objects.filter(pk__in=[n.pk for n in gone]).delete()
    report.changes.extend(Change("delete", "node", n.key) for n in gone)
    for node in gone:
        number = numbers.get(node.key, node.code)
        report.items.append(ItemOutcome("delete", number, node.title, "削除（記録なし）"))


def _rekey(kept: list[Node], matching: Matching) -> set[int]:
    """Keys are unique in a plan and checked row by row: every node whose key changes first
    takes a temporary one, so a swap (1-2 ⇄ 1-3) never collides."""
    moving = [n for n in kept if matching.new_key[n.pk] != n.key]
    for node in moving:
        if node.key not in node.former_keys:
            node.former_keys = [*node.former_keys, node.key]
        node.key = f"~{node.pk}"
    Node.objects.bulk_update(moving, ["key"], batch_size=500)
    for node in moving:
        node.key = matching.new_key[node.pk]
    return {n.pk for n in moving}


def _slots(flat: list[FileItem], kept: list[Node], matching: Matching) -> list[_Slot]:
    """The tree after the import in document order: the file's items, and under each parent
    after them the nodes kept outside the file, in their old order."""
    children: dict[str | None, list[_Slot]] = defaultdict(list)
    for entry in flat:
        children[entry.parent_key].append(_Slot(entry.item.key, entry.parent_key, item=entry.item))
    by_pk = {n.pk: n for n in kept}
    for node in kept:  # pre-order: a parent's new key is known before its children's
        if matching.fate[node.pk] in KEPT_OUTSIDE_FILE:
            parent = by_pk.get(node.parent_id) if node.parent_id else None
            parent_key = matching.new_key[parent.pk] if parent else None
            children[parent_key].append(_Slot(node.key, parent_key, node=node))
    out: list[_Slot] = []
    stack = list(reversed(children[None]))
    while stack:
        slot = stack.pop()
        out.append(slot)
        stack.extend(reversed(children[slot.key]))
    return out


def _write(
    plan: Plan,
    kept: list[Node],
    slots: list[_Slot],
    matching: Matching,
    spec: RevisionSpec,
    version: PlanVersion | None,
    report: ImportReport,
) -> dict[str, Node]:
    """Create and update every node, depth by depth so a new parent has its id first."""
    by_key = {n.key: n for n in kept}
    order: dict[str | None, int] = defaultdict(int)
    depth_of: dict[str | None, int] = {None: 0}
    to_update: list[Node] = []
    todo: dict[int, list[tuple[int, _Slot]]] = defaultdict(list)
    for position, slot in enumerate(slots):
        depth_of[slot.key] = depth_of[slot.parent_key] + 1
        todo[depth_of[slot.key]].append((position, slot))
    for depth in sorted(todo):
        to_create: list[Node] = []
        for position, slot in todo[depth]:
            values: dict[str, object] = {
                "parent_id": by_key[slot.parent_key].pk if slot.parent_key else None,
                "depth": depth,
                "order": order[slot.parent_key],
                "position": position,
            }
            order[slot.parent_key] += 1
            if slot.item is not None:
                item = slot.item
                values |= {
                    "code": item.code,
                    "title": item.title,
                    "description": item.description,
                    "search_text": search_text(item.code, item.title, item.description),
                    "report_unit": item.report_unit,
                }
            node = by_key.get(slot.key)
            if node is None:
                assert slot.item is not None  # a kept node is always in by_key
                node = Node(plan=plan, key=slot.key, **values)
                if version is not None and version.number > 0:
                    node.first_fy, node.added_in = spec.effective_fy, version
                to_create.append(node)
                report.changes.append(Change("create", "node", slot.key))
                continue
            changed = [name for name, value in values.items() if getattr(node, name) != value]
            for name in changed:
                setattr(node, name, values[name])
            to_update.append(node)
            shown = [f.removesuffix("_id") for f in changed if f in CONTENT_FIELDS]
            if shown and slot.item is not None:
                report.changes.append(Change("update", "node", slot.key, shown))
        for node in Node.objects.bulk_create(to_create, batch_size=500):
            by_key[node.key] = node
    Node.objects.bulk_update(to_update, SAVED_FIELDS, batch_size=500)
    return by_key


def _end(
    kept: list[Node],
    matching: Matching,
    spec: RevisionSpec,
    version: PlanVersion | None,
    by_key: dict[str, Node],
    old_keys: dict[int, str],
) -> None:
    """Mark the items this revision ends; a heading ends with its last items."""
    ended: list[Node] = []
    for node in reversed(kept):  # items before their headings
        fate = matching.fate[node.pk]
        if fate == ENDED:
            end = spec.ends[old_keys[node.pk]]
            node.ended_fy = end.from_fy or spec.effective_fy
            node.end_kind = end.kind
            node.end_note = end.note
            node.merged_into = by_key[end.into] if end.into else None
        elif fate == HEADING_ENDED:
            # its items ended now or by an earlier revision (already read, ended_fy set)
            kids = [c for c in kept if c.parent_id == node.pk and c.ended_fy]
            node.ended_fy = max((c.ended_fy or 0 for c in kids), default=spec.effective_fy)
            kinds = {c.end_kind for c in kids}
            node.end_kind = kinds.pop() if len(kinds) == 1 else EndKind.ABOLISHED
            if node.end_kind == EndKind.MERGED:
                node.end_kind = EndKind.ABOLISHED  # a heading goes into no one item
        else:
            continue
        node.ended_in = version
        ended.append(node)
    Node.objects.bulk_update(
        ended, ["ended_fy", "end_kind", "end_note", "merged_into", "ended_in"], batch_size=500
    )


def _outcomes(
    kept: list[Node],
    moved: set[int],
    matching: Matching,
    report: ImportReport,
    subtree: dict[int, DataCount],
    old_numbers: dict[str, str],
    by_key: dict[str, Node],
) -> None:
    """Per item, in the new document order: what happens to it and the data it keeps."""
    changed = {
        c.target: [FIELD_WORDS[f] for f in c.fields if f in FIELD_WORDS]
        for c in report.changes
        if c.what == "node" and c.action == "update"
    }
    by_pk = {n.pk: n for n in kept}
    numbers_after = printed_numbers({n.key: n.code for n in by_key.values()})
    for node in sorted(by_key.values(), key=lambda n: n.position):
        old = by_pk.get(node.pk)
        data = subtree.get(node.pk, DataCount()) if old else DataCount()
        number, title = numbers_after.get(node.key, node.code), node.title
        fate = matching.fate.get(node.pk) if old else None
        if old is None:
            action, what = "add", "追加"
            if node.first_fy:
                what = f"追加（{wareki_fy(node.first_fy)}から）"
        elif fate in (ENDED, HEADING_ENDED):
            action = "end"
            what = f"{EndKind(node.end_kind).label}（{wareki_fy(node.ended_fy or 0)}から）"
            if node.merged_into_id:
                into = node.merged_into
                what = f"統合→{numbers_after.get(into.key, '')} {into.title}" if into else what
                what += f"（{wareki_fy(node.ended_fy or 0)}から）"
            report.changes.append(Change("end", "node", node.key, [node.end_kind]))
        elif fate == MATCHED and node.pk in moved:
            before = old_numbers.get(node.former_keys[-1], node.former_keys[-1])
            action, what = "renumber", f"番号変更 {before}→{number}"
            report.changes.append(Change("renumber", "node", node.key, [node.former_keys[-1]]))
        elif changed.get(node.key):
            action, what = "update", f"変更（{'・'.join(changed[node.key])}）"
        else:
            action, what = "keep", "変更なし" if not node.is_ended else "終了済み"
        report.items.append(
            ItemOutcome(
                action,
                number,
                title,
                what,
                data.reports,
                data.effects,
                data.indicator_values,
                node.key,
            )
        )
