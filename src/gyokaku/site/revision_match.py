"""How the nodes of a plan already here meet the items of a new plan file (改定の対応付け).

Nothing here writes. ``match_nodes`` decides, for every node already in the plan, its fate in
the new version — kept under a key of the file (the same key, a key derived from its renumbered
parent, the plan office's ``--map``, or a unique identical title), ended by the revision
(廃止・統合・完了, or a heading all of whose remaining items end), left ended as an earlier revision
ended it, deleted (only while the plan holds no records, or an emptied heading with none) — or a
problem that refuses the import and names the item.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from gyokaku.plans.models import EndKind, Node, Plan
from gyokaku.plans.planfile import NodeIn, Problem
from gyokaku.site.import_report import records_text
from gyokaku.site.revision_spec import RevisionSpec

# Fates of a node already in the plan.
MATCHED = "matched"
ENDED = "ended"  # ended by this revision (explicitly)
HEADING_ENDED = "heading_ended"  # a heading whose remaining items all end
STAYS_ENDED = "stays_ended"  # ended by an earlier revision, absent from the file
DELETED = "deleted"
REFUSED = "refused"
KEPT_OUTSIDE_FILE = {ENDED, HEADING_ENDED, STAYS_ENDED}


@dataclass(frozen=True)
class FileItem:
    item: NodeIn
    parent_key: str | None
    order: int


@dataclass
class DataCount:
    """What a node holds that a revision must not lose (its own, or its subtree's)."""

    reports: int = 0
    effects: int = 0
    indicator_values: int = 0
    other: int = 0  # year plans, indicator sheets and effect years without values

    @property
    def any(self) -> bool:
        return bool(self.reports or self.effects or self.indicator_values or self.other)

    def add(self, other: DataCount) -> None:
        self.reports += other.reports
        self.effects += other.effects
        self.indicator_values += other.indicator_values
        self.other += other.other

    def __str__(self) -> str:
        return records_text(self.reports, self.effects, self.indicator_values) or "記録なし"


@dataclass
class Matching:
    fate: dict[int, str] = field(default_factory=dict)  # node pk -> fate
    new_key: dict[int, str] = field(default_factory=dict)  # pk -> key after the revision
    problems: list[Problem] = field(default_factory=list)


def flatten(nodes: list[NodeIn]) -> list[FileItem]:
    """Pre-order (item, parent key, index among siblings), iteratively: no recursion limit."""
    out: list[FileItem] = []
    stack = [FileItem(n, None, i) for i, n in reversed(list(enumerate(nodes)))]
    while stack:
        entry = stack.pop()
        out.append(entry)
        children = list(enumerate(entry.item.children))
        stack.extend(FileItem(c, entry.item.key, i) for i, c in reversed(children))
    return out


def _segment(key: str) -> str:
    return key.rpartition("-")[2]


def match_nodes(
    *,
    plan: Plan,
    existing: list[Node],
    items: dict[str, FileItem],
    spec: RevisionSpec,
    in_operation: bool,
    counts: dict[int, DataCount],
    numbers: dict[str, str],
) -> Matching:
    """The fate and key after the revision of each node in ``existing`` (pre-order)."""
    result = Matching()
    by_key = {n.key: n for n in existing}
    result.problems.extend(_check_spec(plan, spec, by_key, items))
    claimed = set(spec.renames.values())
    _match_by_key(existing, items, spec, result, claimed)
    _match_by_title(existing, items, spec, result, claimed)
    _match_by_key(existing, items, spec, result, claimed)  # children of title matches
    _decide_the_rest(existing, spec, in_operation, counts, result)
    _keys_outside_file(existing, items, result)
    for node in existing:
        if result.fate[node.pk] != REFUSED:
            continue
        if any(result.fate.get(c.pk) == REFUSED for c in existing if c.parent_id == node.pk):
            continue  # its own items are named; the heading adds nothing
        number = numbers.get(node.key, node.code)
        result.problems.append(
            Problem(
                "",
                f"{number}「{node.title}」が新しい計画にありません（{counts[node.pk]}）。"
                f"記録を残すため削除はできません。終了する（--end {node.key}=廃止:年度、"
                f"完了:年度、統合:年度:統合先キー）か、新しい番号に対応付けて"
                f"（--map {node.key}=新キー）ください",
            )
        )
    return result


def _check_spec(
    plan: Plan, spec: RevisionSpec, by_key: dict[str, Node], items: dict[str, FileItem]
) -> list[Problem]:
    problems: list[Problem] = []
    for old, new in spec.renames.items():
        if old not in by_key:
            problems.append(Problem("--map", f"旧キー「{old}」はこの計画にありません"))
        if new not in items:
            problems.append(Problem("--map", f"新キー「{new}」は新しい計画ファイルにありません"))
    twice = [new for new, n in Counter(spec.renames.values()).items() if n > 1]
    if twice:
        problems.append(Problem("--map", f"新キー「{'」「'.join(twice)}」に複数を対応付けています"))
    fy = spec.effective_fy
    if fy is not None and fy not in plan.fiscal_years:
        problems.append(
            Problem(
                "--effective-fy",
                f"適用年度 {fy} は計画期間（{plan.start_fy}〜{plan.end_fy}）外です",
            )
        )
    for key, end in spec.ends.items():
        where = f"--end {key}"
        if key not in by_key:
            problems.append(Problem(where, f"終了する取組方策「{key}」はこの計画にありません"))
        if key in spec.renames:
            problems.append(Problem(where, "番号変更（--map）と終了は同時に指定できません"))
        if end.kind == EndKind.MERGED and not end.into:
            problems.append(
                Problem(where, "統合先のキーを指定してください（キー=統合:年度:統合先）")
            )
        if end.into and end.into not in items:
            problems.append(Problem(where, f"統合先「{end.into}」は新しい計画ファイルにありません"))
        year = end.from_fy or fy
        if year is None:
            problems.append(
                Problem(
                    where,
                    "いつから記録しないか（年度）がありません（--effective-fy か キー=廃止:年度）",
                )
            )
        elif year not in plan.fiscal_years:
            problems.append(
                Problem(
                    where, f"終了年度 {year} は計画期間（{plan.start_fy}〜{plan.end_fy}）外です"
                )
            )
    return problems


def _match_by_key(
    existing: list[Node],
    items: dict[str, FileItem],
    spec: RevisionSpec,
    result: Matching,
    claimed: set[str],
) -> None:
    """Explicit renumbering first; then the same key, or under a renumbered parent the key with
    the parent's new key in front."""
    for node in existing:
        if node.pk in result.new_key:
            continue
        if node.key in spec.renames:
            result.new_key[node.pk] = spec.renames[node.key]
            continue
        if node.key in spec.ends:
            continue
        parent_new = result.new_key.get(node.parent_id) if node.parent_id else None
        wanted = node.key
        if parent_new is not None and parent_new != node.parent_key:
            wanted = f"{parent_new}-{_segment(node.key)}"
        if wanted in items and wanted not in claimed:
            result.new_key[node.pk] = wanted
            claimed.add(wanted)


def _match_by_title(
    existing: list[Node],
    items: dict[str, FileItem],
    spec: RevisionSpec,
    result: Matching,
    claimed: set[str],
) -> None:
    """A node and an item left over on both sides with the same title, unique on each side:
    the same item renumbered or moved."""
    left = [
        n
        for n in existing
        if n.pk not in result.new_key and n.key not in spec.ends and not n.is_ended
    ]
    free = [key for key in items if key not in claimed]
    old_titles = Counter(n.title for n in left)
    new_titles = Counter(items[k].item.title for k in free)
    free_by_title = {items[k].item.title: k for k in free}
    for node in left:
        if old_titles[node.title] == 1 and new_titles[node.title] == 1:
            key = free_by_title[node.title]
            result.new_key[node.pk] = key
            claimed.add(key)


def _decide_the_rest(
    existing: list[Node],
    spec: RevisionSpec,
    in_operation: bool,
    counts: dict[int, DataCount],
    result: Matching,
) -> None:
    children: dict[int, list[Node]] = defaultdict(list)
    for node in existing:
        if node.parent_id is not None:
            children[node.parent_id].append(node)
    for node in reversed(existing):  # children before their parents
        if node.pk in result.new_key:
            result.fate[node.pk] = MATCHED
        elif node.key in spec.ends:
            result.fate[node.pk] = ENDED
        elif node.is_ended:
            result.fate[node.pk] = STAYS_ENDED
        else:
            kids = [result.fate[c.pk] for c in children[node.pk]]
            staying = [f for f in kids if f in KEPT_OUTSIDE_FILE]
            own_data = counts.get(node.pk, DataCount()).any
            if REFUSED in kids:
                result.fate[node.pk] = REFUSED
            elif staying and not own_data:
                result.fate[node.pk] = HEADING_ENDED
            elif not own_data and (not in_operation or children[node.pk]) and not staying:
                result.fate[node.pk] = DELETED
            else:
                result.fate[node.pk] = REFUSED


def _keys_outside_file(existing: list[Node], items: dict[str, FileItem], result: Matching) -> None:
    """Nodes kept outside the file follow their parent's new key; where the file took their key
    for another item, the ended node's key gets a suffix (its old key stays in former_keys)."""
    used = set(items)
    for node in existing:
        if result.fate[node.pk] not in KEPT_OUTSIDE_FILE:
            continue
        parent_new = result.new_key.get(node.parent_id) if node.parent_id else None
        base = f"{parent_new}-{_segment(node.key)}" if parent_new else node.key
        key, n = base, 0
        while key in used:
            n += 1
            key = f"{base}e{n}"
        used.add(key)
        result.new_key[node.pk] = key
