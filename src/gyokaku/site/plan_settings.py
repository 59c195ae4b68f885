"""計画ごとの設定: what the plan office sets on its settings screen (and a plan file's
``settings`` sets on import): the name of the 行革担当課 that messages, pages and reports name,
and the plan's 今後の方向性 list. A write records the audit event ``plan.settings`` with
old → new."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import transaction

from gyokaku.accounts.access import Actor
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Invalid
from gyokaku.lib.text import text_problem
from gyokaku.lib.text_fields import LineField
from gyokaku.plans.logo import logo_kind, logo_name, logo_path, logo_root
from gyokaku.plans.models import DEFAULT_DIRECTIONS, Plan
from gyokaku.tracking.models import ProgressReport, Publication
from gyokaku.web.forms import DomainErrorsMixin

DOING = "計画の設定の変更"
CODE = re.compile(r"^[a-z0-9_]{1,20}$")
MAX_DIRECTIONS = 30
MAX_LABEL = 30


def directions_in_use(plan: Plan) -> set[str]:
    """The 方向性 codes the plan's reports (and what was published of them) use (two queries)."""
    reports = ProgressReport.objects.filter(node__plan=plan).exclude(direction="")
    published = Publication.objects.filter(report__node__plan=plan).exclude(direction="")
    return set(reports.values_list("direction", flat=True).distinct()) | set(
        published.values_list("direction", flat=True).distinct()
    )


def directions_problem(plan: Plan, directions: list[dict[str, str]]) -> str | None:
    """Why ``directions`` cannot be the plan's list: a code a report uses is left out."""
    lost = sorted(directions_in_use(plan) - {d["code"] for d in directions})
    if lost:
        return f"取組状況で使われている方向性は削除できません（{'、'.join(lost)}）"
    return None


def stored_directions(directions: list[dict[str, str]]) -> list[dict[str, str]]:
    """What Plan.directions keeps: nothing for the default list (it then follows the default)."""
    pairs = tuple((d["code"], d["label"]) for d in directions)
    return [] if pairs == DEFAULT_DIRECTIONS else [dict(d) for d in directions]


def directions_text(plan: Plan) -> str:
    return "\n".join(f"{code}={label}" for code, label in plan.direction_labels.items())


class PlanSettingsForm(DomainErrorsMixin, forms.Form):
    office_name = LineField(
        label="行革担当課の名称",
        max_length=100,
        help_text="画面・メッセージ・報告書で「計画担当（行政経営課）」のように示す課の名称です。",
    )
    directions = forms.CharField(
        label="今後の方向性の選択肢",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 40}),
        help_text="1 行に 1 つ、「コード=表示」の形で、表示する順に書きます（例: expand=拡充）。"
        "コードは半角英小文字・数字・_ で 20 文字まで。取組状況で使われているコードは消せません。",
    )

    def clean_directions(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for no, line in enumerate(self.cleaned_data["directions"].splitlines(), start=1):
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
            if any(d["code"] == code for d in out):
                raise forms.ValidationError(f"{no} 行目: コード「{code}」が重複しています")
            out.append({"code": code, "label": label})
        if not out or len(out) > MAX_DIRECTIONS:
            raise forms.ValidationError(f"方向性を 1〜{MAX_DIRECTIONS} 個書いてください")
        return out


def plan_settings_update(
    *, plan: Plan, actor: Actor, office_name: str, directions: list[dict[str, str]]
) -> list[str]:
    """Set the plan's settings; returns the names of the settings that changed (none: no write,
    no audit event)."""
    require_plan_office(actor, plan, DOING)
    new: dict[str, Any] = {
        "office_name": office_name.strip(),
        "directions": stored_directions(directions),
    }
    old = {name: getattr(plan, name) for name in new}
    changed = [name for name in new if old[name] != new[name]]
    if not changed:
        return []
    with transaction.atomic():
        if "directions" in changed and (problem := directions_problem(plan, directions)):
            raise Invalid({"directions": problem})
        for name in changed:
            setattr(plan, name, new[name])
        plan.save(update_fields=[*changed, "updated_at"])
        audit_record(
            action="plan.settings",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=plan.slug,
            target=plan.slug,
            changes={name: [old[name], new[name]] for name in changed},
        )
    return changed


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
