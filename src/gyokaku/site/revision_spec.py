"""What a revision (改定・中間見直し) says beyond the new structure: its kind, date, the fiscal
year it applies from, its reason, the items it ends (廃止・統合・完了) and the renumbering the plan
office confirms (旧キー=新キー). It comes from the plan file's ``revision`` block, from the
command's options or from the import page, the later overriding the earlier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gyokaku.lib.wareki import wareki_fy
from gyokaku.plans.models import EndKind, PlanVersion
from gyokaku.plans.planfile import PlanFileError, Problem, RevisionIn

KIND_WORDS = {
    "改定": PlanVersion.Kind.REVISED,
    "revised": PlanVersion.Kind.REVISED,
    "中間見直し": PlanVersion.Kind.MIDTERM,
    "midterm": PlanVersion.Kind.MIDTERM,
}
END_WORDS = {
    "廃止": EndKind.ABOLISHED,
    "abolished": EndKind.ABOLISHED,
    "統合": EndKind.MERGED,
    "merged": EndKind.MERGED,
    "完了": EndKind.COMPLETED,
    "completed": EndKind.COMPLETED,
}


@dataclass(frozen=True)
class EndSpec:
    """One item ended by the revision: ``key`` before the revision, ``from_fy`` the first fiscal
    year it is no longer tracked (None: the revision's 適用年度), ``into`` the 統合先's key in
    the new plan."""

    key: str
    kind: EndKind
    from_fy: int | None = None
    into: str | None = None
    note: str = ""

    def label(self, fy: int) -> str:
        """廃止（令和8年度から）."""
        return f"{self.kind.label}（{wareki_fy(fy)}から）"


@dataclass
class RevisionSpec:
    kind: str = PlanVersion.Kind.REVISED
    decided_on: dt.date | None = None
    effective_fy: int | None = None
    reason: str = ""
    ends: dict[str, EndSpec] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)  # old key -> new key

    @property
    def given(self) -> bool:
        """Whether anyone said this import is a revision."""
        return bool(
            self.decided_on or self.effective_fy or self.reason or self.ends or self.renames
        )

    def merge(self, other: RevisionSpec) -> RevisionSpec:
        """``other`` (the command's options, the page) over ``self`` (the file)."""
        return RevisionSpec(
            kind=other.kind if other.kind != PlanVersion.Kind.REVISED else self.kind,
            decided_on=other.decided_on or self.decided_on,
            effective_fy=other.effective_fy or self.effective_fy,
            reason=other.reason or self.reason,
            ends={**self.ends, **other.ends},
            renames={**self.renames, **other.renames},
        )


def spec_from_file(revision: RevisionIn | None) -> RevisionSpec:
    if revision is None:
        return RevisionSpec()
    return RevisionSpec(
        kind=KIND_WORDS[revision.kind],
        decided_on=revision.decided_on,
        effective_fy=revision.effective_fy,
        reason=revision.reason,
        ends={
            e.key: EndSpec(e.key, END_WORDS[e.kind], e.from_fy, e.into or None, e.note)
            for e in revision.ended
        },
        renames=dict(revision.renumbered),
    )


def parse_kind(text: str, where: str = "--kind") -> str:
    kind = KIND_WORDS.get(text.strip())
    if kind is None:
        raise PlanFileError([Problem(where, f"改定の種別「{text}」は「改定」か「中間見直し」です")])
    return kind


def parse_date(text: str, where: str = "--decided-on") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PlanFileError(
            [Problem(where, f"日付「{text}」は 2026-03-31 の形で指定してください")]
        ) from None


def parse_end(text: str, where: str = "--end") -> EndSpec:
    """``KEY=廃止:2026`` / ``KEY=完了`` / ``KEY=統合:2026:INTO`` (the year may be left out: the
    revision's 適用年度)."""
    key, sep, rest = text.strip().partition("=")
    parts = rest.split(":")
    kind = END_WORDS.get(parts[0].strip()) if sep else None
    if not key or kind is None or len(parts) > 3:
        raise PlanFileError(
            [
                Problem(
                    where,
                    f"「{text}」は キー=廃止:年度、キー=完了:年度、キー=統合:年度:統合先キー "
                    "の形で指定してください",
                )
            ]
        )
    year = parts[1].strip() if len(parts) > 1 else ""
    if year and not year.isdigit():
        raise PlanFileError([Problem(where, f"「{text}」の年度「{year}」は西暦の数字で")])
    into = parts[2].strip() if len(parts) > 2 else ""
    return EndSpec(key.strip(), kind, int(year) if year else None, into or None)


def parse_map(text: str, where: str = "--map") -> tuple[str, str]:
    old, sep, new = text.strip().partition("=")
    if not sep or not old.strip() or not new.strip():
        raise PlanFileError([Problem(where, f"「{text}」は 旧キー=新キー の形で指定してください")])
    return old.strip(), new.strip()


def spec_from_options(
    *,
    kind: str | None = None,
    decided_on: str | None = None,
    effective_fy: int | None = None,
    reason: str | None = None,
    ends: list[str] | None = None,
    maps: list[str] | None = None,
    where: str = "--",
) -> RevisionSpec:
    """A RevisionSpec from the command's options (or the page's fields), each checked; every
    problem found is raised at once."""
    problems: list[Problem] = []
    spec = RevisionSpec(effective_fy=effective_fy, reason=(reason or "").strip())
    try:
        if kind:
            spec.kind = parse_kind(kind, f"{where}kind")
    except PlanFileError as exc:
        problems.extend(exc.problems)
    try:
        if decided_on:
            spec.decided_on = parse_date(decided_on, f"{where}decided-on")
    except PlanFileError as exc:
        problems.extend(exc.problems)
    for text in ends or []:
        try:
            end = parse_end(text, f"{where}end")
        except PlanFileError as exc:
            problems.extend(exc.problems)
        else:
            spec.ends[end.key] = end
    for text in maps or []:
        try:
            old, new = parse_map(text, f"{where}map")
        except PlanFileError as exc:
            problems.extend(exc.problems)
        else:
            spec.renames[old] = new
    if problems:
        raise PlanFileError(problems)
    return spec
