"""計画ごとの設定: what the plan office sets on its settings screen (and a plan file's
``settings`` sets on import): today the name of the 行革担当課 that messages, pages and
reports name. A write records the audit event ``plan.settings`` with old → new."""

from __future__ import annotations

from django import forms
from django.db import transaction

from gyokaku.accounts.access import Actor
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.text_fields import LineField
from gyokaku.plans.models import Plan

DOING = "計画の設定の変更"


class PlanSettingsForm(forms.Form):
    office_name = LineField(
        label="行革担当課の名称",
        max_length=100,
        help_text="画面・メッセージ・報告書で「計画担当（行政経営課）」のように示す課の名称です。",
    )


def plan_settings_update(*, plan: Plan, actor: Actor, office_name: str) -> list[str]:
    """Set the plan's settings; returns the names of the settings that changed (none: no write,
    no audit event)."""
    require_plan_office(actor, plan, DOING)
    new = {"office_name": office_name.strip()}
    old = {name: getattr(plan, name) for name in new}
    changed = [name for name in new if old[name] != new[name]]
    if not changed:
        return []
    with transaction.atomic():
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
