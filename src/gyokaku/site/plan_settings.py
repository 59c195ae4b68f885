"""計画ごとの設定: what the plan office sets on its settings screen (and a plan file's
``settings`` sets on import): the name of the 行革担当課 that messages, pages and reports name,
the plan's lists of 今後の方向性 and 工程, and its 報告単位 (the level reported on and the
per-item choices, ``site.report_units``). A write records the audit event
``plan.settings`` with old → new."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal

from django import forms
from django.db import transaction

from gyokaku.accounts.access import Actor
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Invalid
from gyokaku.lib.text import text_problem
from gyokaku.lib.text_fields import LineField
from gyokaku.plans.logo import logo_kind, logo_name, logo_path, logo_root
from gyokaku.plans.models import DEFAULT_DIRECTIONS, DEFAULT_STAGES, ItemSheet, Node, Plan
from gyokaku.plans.selectors import plan_numbers
from gyokaku.site.report_units import depth_choices, report_units_sync
from gyokaku.tracking.models import ProgressReport, Publication, YearPlan
from gyokaku.web.forms import DomainErrorsMixin

DOING = "計画の設定の変更"
CODE = re.compile(r"^[a-z0-9_]{1,20}$")
MAX_LABEL = 30


@dataclass(frozen=True)
class CodedList:
    """A list of (code, label) choices a plan may set for itself (今後の方向性, 工程): kept on
    ``Plan.<name>`` (empty for the default), set on the settings screen and by a plan file's
    ``settings.<name>``. A code that records use cannot be left out."""

    name: str  # the Plan field and the plan file's settings key
    label: str  # 今後の方向性
    default: tuple[tuple[str, str], ...]
    used_by: str  # what uses the codes, for the refusal: 取組状況
    in_use: Callable[[Plan], set[str]]
    labels: Callable[[Plan], dict[str, str]]  # Plan.direction_labels: the list in force
    example: str  # expand=拡充
    max_items: int = 30

    def problem(self, plan: Plan, items: list[dict[str, str]]) -> str | None:
        """Why ``items`` cannot be the plan's list: a code that records use is left out."""
        lost = sorted(self.in_use(plan) - {d["code"] for d in items})
        if lost:
            return f"{self.used_by}で使われている{self.label}は削除できません（{'、'.join(lost)}）"
        return None

    def stored(self, items: list[dict[str, str]]) -> list[dict[str, str]]:
        """What the Plan field keeps: nothing for the default list (it then follows it)."""
        pairs = tuple((d["code"], d["label"]) for d in items)
        return [] if pairs == self.default else [dict(d) for d in items]

    def text(self, plan: Plan) -> str:
        """The list as the settings screen shows it: 「コード=表示」 lines."""
        return "\n".join(f"{code}={label}" for code, label in self.labels(plan).items())

    def parse(self, text: str) -> list[dict[str, str]]:
        """「コード=表示」 lines → [{code, label}]; ``ValidationError`` names the line."""
        out: list[dict[str, str]] = []
        for no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, label = (part.strip() for part in line.partition("="))
            if not sep or not CODE.match(code):
                raise forms.ValidationError(
                    f"{no} 行目: 「コード=表示」の形で、"
                    "コードは半角英小文字・数字・_ で書いてください"
                )
            if not label or len(label) > MAX_LABEL or text_problem(label, multiline=False):
                raise forms.ValidationError(f"{no} 行目: 表示を{MAX_LABEL}文字以内で書いてください")
            if "," in label:  # Excel's drop-down lists are comma-separated
                raise forms.ValidationError(
                    f"{no} 行目: 表示に半角カンマは使えません（、を使います）"
                )
            if any(d["code"] == code for d in out):
                raise forms.ValidationError(f"{no} 行目: コード「{code}」が重複しています")
            out.append({"code": code, "label": label})
        if not out or len(out) > self.max_items:
            raise forms.ValidationError(f"{self.label}を 1〜{self.max_items} 個書いてください")
        return out

    def help_text(self) -> str:
        return (
            "1 行に 1 つ、「コード=表示」の形で、表示する順に書きます"
            f"（例: {self.example}）。コードは半角英小文字・数字・_ で 20 文字まで。"
            f"{self.used_by}で使われているコードは消せません。"
        )


def directions_in_use(plan: Plan) -> set[str]:
    """The 方向性 codes the plan's reports (and what was published of them) use (two queries)."""
    reports = ProgressReport.objects.filter(node__plan=plan).exclude(direction="")
    published = Publication.objects.filter(report__node__plan=plan).exclude(direction="")
    return set(reports.values_list("direction", flat=True).distinct()) | set(
        published.values_list("direction", flat=True).distinct()
    )


def stages_in_use(plan: Plan) -> set[str]:
    """The 工程 codes the plan's year plans and 個票 use (two queries)."""
    used = set(
        YearPlan.objects.filter(node__plan=plan)
        .exclude(stage="")
        .values_list("stage", flat=True)
        .distinct()
    )
    for schedule in ItemSheet.objects.filter(node__plan=plan).values_list("schedule", flat=True):
        used |= {str(step.get("stage")) for step in schedule or [] if step.get("stage")}
    return used


DIRECTIONS = CodedList(
    name="directions",
    label="今後の方向性",
    default=DEFAULT_DIRECTIONS,
    used_by="取組状況",
    in_use=directions_in_use,
    labels=attrgetter("direction_labels"),
    example="expand=拡充",
)
STAGES = CodedList(
    name="stages",
    label="工程",
    default=DEFAULT_STAGES,
    used_by="年度計画・個票",
    in_use=stages_in_use,
    labels=attrgetter("stage_labels"),
    example="study=検討",
)
CODED_LISTS = (DIRECTIONS, STAGES)


UNIT_PREFIX = "unit:"  # the per-item 報告単位 fields: unit:<key>
UNIT_CHOICES = [
    ("", "計画の設定に従う"),
    ("unit", "この取組で報告する（下位を内訳とする）"),
    ("below", "下位の取組ごとに報告する"),
]
UNIT_VALUES: dict[str, bool | None] = {"": None, "unit": True, "below": False}


class PlanSettingsForm(DomainErrorsMixin, forms.Form):
    """The settings; given the plan, also its reported level and, for each item that has items
    below it, the plan office's choice of 報告単位 (fields ``unit:<key>``)."""

    office_name = LineField(
        label="行革担当課の名称",
        max_length=100,
        help_text="画面・メッセージ・報告書で「計画担当（行政経営課）」のように示す課の名称です。",
    )
    directions = forms.CharField(
        label="今後の方向性の選択肢",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 40}),
        help_text=DIRECTIONS.help_text(),
    )
    stages = forms.CharField(
        label="工程の選択肢",
        widget=forms.Textarea(attrs={"rows": 7, "cols": 40}),
        help_text=STAGES.help_text(),
    )

    report_depth = forms.ChoiceField(
        label="報告する階層",
        required=False,
        help_text="どの階層の取組ごとに取組状況・年度計画・成果指標・財政効果を報告するかを選びます。"
        "上の階層を選ぶと、その下位の取組は報告の内訳（報告書では取組の下に列記）になります。"
        "記録のある取組が報告の対象でなくなる変更はできません。",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        report_field = self.fields["report_depth"]
        assert isinstance(report_field, forms.ChoiceField)
        report_field.choices = depth_choices(plan)
        self.unit_rows: list[tuple[str, str, str]] = []  # (field name, printed number, title)
        for key, number, title in branch_items(plan):
            name = f"{UNIT_PREFIX}{key}"
            self.fields[name] = forms.ChoiceField(
                label=f"{number} {title}", choices=UNIT_CHOICES, required=False
            )
            self.unit_rows.append((name, number, title))

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(UNIT_PREFIX)]

    def unit_table(self) -> list[tuple[forms.BoundField, str, str]]:
        return [(self[name], number, title) for name, number, title in self.unit_rows]

    def clean_report_depth(self) -> int | None:
        value = self.cleaned_data["report_depth"]
        return int(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["report_units"] = {
            name.removeprefix(UNIT_PREFIX): UNIT_VALUES[data.pop(name, "") or ""]
            for name, _, _ in self.unit_rows
        }
        return data

    def clean_directions(self) -> list[dict[str, str]]:
        return DIRECTIONS.parse(self.cleaned_data["directions"])

    def clean_stages(self) -> list[dict[str, str]]:
        return STAGES.parse(self.cleaned_data["stages"])


def settings_initial(plan: Plan) -> dict[str, str]:
    """The settings form as the plan has them now."""
    chosen = {value: name for name, value in UNIT_VALUES.items()}
    units = Node.objects.filter(plan=plan, report_unit__isnull=False).values_list(
        "key", "report_unit"
    )
    return {
        "office_name": plan.office_name,
        **{c.name: c.text(plan) for c in CODED_LISTS},
        "report_depth": str(plan.report_depth or ""),
        **{f"{UNIT_PREFIX}{key}": chosen[choice] for key, choice in units},
    }


def branch_items(plan: Plan) -> list[tuple[str, str, str]]:
    """(key, printed number, title) of the plan's nodes that have nodes below them, in plan
    order: those a report unit can be chosen for (two queries)."""
    numbers = plan_numbers(plan_id=plan.pk)
    parents = Node.objects.filter(plan=plan, parent__isnull=False).values("parent_id")
    rows = Node.objects.filter(plan=plan, pk__in=parents).order_by("position")
    return [(key, numbers[key], title) for key, title in rows.values_list("key", "title")]


def _units_update(plan: Plan, wanted: dict[str, bool | None]) -> dict[str, list[bool | None]]:
    """Set the per-item choices ``wanted`` (key → choice); returns key → [old, new] of those
    that changed. Keys not in the plan are ignored (the form offers only the plan's)."""
    nodes = list(
        Node.objects.filter(plan=plan, key__in=list(wanted)).only("pk", "key", "report_unit")
    )
    changed = [n for n in nodes if n.report_unit != wanted[n.key]]
    out = {n.key: [n.report_unit, wanted[n.key]] for n in changed}
    for node in changed:
        node.report_unit = wanted[node.key]
    Node.objects.bulk_update(changed, ["report_unit"], batch_size=500)
    return out


def plan_settings_update(
    *,
    plan: Plan,
    actor: Actor,
    office_name: str,
    directions: list[dict[str, str]],
    stages: list[dict[str, str]] | None = None,
    report_depth: int | Literal["keep"] | None = "keep",
    report_units: dict[str, bool | None] | None = None,
) -> list[str]:
    """Set the plan's settings; returns the names of the settings that changed (none: no write,
    no audit event). ``stages`` None, ``report_depth`` "keep", ``report_units`` None: as they
    are. ``report_units``: key → the item's 報告単位 choice (``Node.report_unit``)."""
    require_plan_office(actor, plan, DOING)
    lists = {"directions": directions, "stages": stages}
    new: dict[str, Any] = {"office_name": office_name.strip()}
    for coded in CODED_LISTS:
        if (items := lists[coded.name]) is not None:
            new[coded.name] = coded.stored(items)
    if report_depth != "keep":
        new["report_depth"] = report_depth
    old = {name: getattr(plan, name) for name in new}
    changed = [name for name in new if old[name] != new[name]]
    changes: dict[str, Any] = {name: [old[name], new[name]] for name in changed}
    with transaction.atomic():
        for coded in CODED_LISTS:
            items = lists[coded.name]
            if coded.name in changed and items and (problem := coded.problem(plan, items)):
                raise Invalid({coded.name: problem})
        if units := _units_update(plan, report_units or {}):
            changes["report_units"] = units
        if not changes:
            return []
        for name in changed:
            setattr(plan, name, new[name])
        if changed:
            plan.save(update_fields=[*changed, "updated_at"])
        if ("report_depth" in changed or units) and (removed := report_units_sync(plan).removed):
            changes["blank_reports_removed"] = removed  # 未記入の取組状況: named in the trail
        audit_record(
            action="plan.settings",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=plan.slug,
            target=plan.slug,
            changes=changes,
        )
    return list(changes)


# ---- ロゴ --------------------------------------------------------------------------------------


def plan_logo_set(*, plan: Plan, actor: Actor, content: bytes | None) -> str:
    """Store ``content`` as the plan's logo (None: remove it); returns the stored name. The
    bytes decide what it is (plans.logo); the old file goes once the new one is saved."""
    require_plan_office(actor, plan, DOING)
    name = ""
    if content is not None:
        kind = logo_kind(content)
        if isinstance(kind, str):
            raise Invalid({"logo": kind})
        name = logo_name(plan.slug, content, kind)
    old = plan.logo
    if name == old:
        return name
    if name:
        logo_root().mkdir(parents=True, exist_ok=True)
        staged = logo_root() / f".{name}.part"
        staged.write_bytes(content or b"")
        staged.replace(logo_root() / name)
    try:
        with transaction.atomic():
            plan.logo = name
            plan.save(update_fields=["logo", "updated_at"])
            audit_record(
                action="plan.settings",
                actor=actor.user,
                actor_label=actor.label,
                plan_slug=plan.slug,
                target=plan.slug,
                changes={"logo": [old, name]},
            )
    except Exception:
        plan.logo = old
        if name and (path := logo_path(name)) is not None:
            path.unlink(missing_ok=True)  # no file without the plan pointing at it
        raise
    if old and (path := logo_path(old)) is not None:
        path.unlink(missing_ok=True)
    return name
