"""Bring numbers stored before the limits of measures/limits.py within them (issue 18).

Before these limits, an editor could store an indicator value SQLite cannot read back (1e16:
every page of the plan failed) and thousands of effect rows whose SUM overflowed (the landing
page failed). Nothing a municipality really entered comes near the limits, so this changes
nothing on a sound database. What it changes, it records in the audit log (the old values stay
in the audit events of the writes that stored them):

- an indicator value beyond ±99,999,999,999.9999 becomes that bound (a value kept, clearly the
  bound, rather than a target or actual silently gone);
- an amount beyond ±1兆円 becomes ±1兆円 (effects and plan targets);
- of a node's effects of a year, the rows after the first 100 are deleted.

The limits are written out here, not imported: a migration must do the same thing whatever
the code says later. The next migration narrows the columns, which PostgreSQL refuses while a
value is beyond them, so this runs first (in its own transaction).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import migrations
from django.db.models import Count

VALUE_MAX = Decimal("99999999999.9999")
MAX_YEN = 10**12
MAX_EFFECT_ROWS = 100
ACTOR = "system:migrate"


def _clamp(model: Any, field: str, bound: Any) -> set[int]:
    """Clamp ``field`` of ``model`` to ±``bound``; the pks of the rows changed."""
    changed: set[int] = set()
    for sign, beyond in ((1, {f"{field}__gt": bound}), (-1, {f"{field}__lt": -bound})):
        pks = set(model.objects.filter(**beyond).values_list("pk", flat=True))
        model.objects.filter(pk__in=pks).update(**{field: sign * bound})
        changed |= pks
    return changed


def repair(apps: Any, schema_editor: Any) -> None:
    audit = apps.get_model("audit", "AuditEvent")
    events: list[Any] = []

    def record(plan_slug: str, target: str, summary: str) -> None:
        events.append(
            audit(
                action="measures.repair",
                actor_label=ACTOR,
                plan_slug=plan_slug,
                target=target,
                summary=summary,
                changes={},
            )
        )

    # indicators: values beyond the bound, per sheet
    indicator = apps.get_model("measures", "Indicator")
    sheets: set[int] = set()
    for field in ("baseline_value", "final_target_value"):
        pks = _clamp(indicator, field, VALUE_MAX)
        sheets |= set(indicator.objects.filter(pk__in=pks).values_list("sheet_id", flat=True))
    for name in ("IndicatorTarget", "IndicatorActual"):
        model = apps.get_model("measures", name)
        pks = _clamp(model, "value", VALUE_MAX)
        sheets |= set(
            model.objects.filter(pk__in=pks).values_list("indicator__sheet_id", flat=True)
        )
    sheet_model = apps.get_model("measures", "IndicatorSheet")
    for sheet in sheet_model.objects.filter(pk__in=sheets).select_related("node__plan"):
        sheet.version += 1  # anyone editing from the old values must reload
        sheet.save(update_fields=["version"])
        record(
            sheet.node.plan.slug,
            sheet.node.key,
            "成果指標の値のうち ±99,999,999,999.9999 を超えるものをその値にしました",
        )

    # fiscal effects: amounts beyond ±1兆円 and rows beyond 100 per node and year
    effect = apps.get_model("measures", "FiscalEffect")
    years: dict[int, list[str]] = {}
    for field in ("target_yen", "actual_yen"):
        pks = _clamp(effect, field, MAX_YEN)
        for year_id in effect.objects.filter(pk__in=pks).values_list("effect_year_id", flat=True):
            years.setdefault(year_id, ["金額が ±1兆円 を超える行を ±1兆円 にしました"])
    crowded = (
        effect.objects.values("effect_year_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=MAX_EFFECT_ROWS)
        .values_list("effect_year_id", "n")
    )
    for year_id, count in list(crowded):
        extra = effect.objects.filter(effect_year_id=year_id).order_by("order", "pk")
        extra_pks = list(extra.values_list("pk", flat=True)[MAX_EFFECT_ROWS:])
        effect.objects.filter(pk__in=extra_pks).delete()
        years.setdefault(year_id, []).append(
            f"{count:,}行のうち{MAX_EFFECT_ROWS}行目より後の{len(extra_pks):,}行を削除しました"
        )
    year_model = apps.get_model("measures", "EffectYear")
    for year in year_model.objects.filter(pk__in=list(years)).select_related("node__plan"):
        year.version += 1
        year.save(update_fields=["version"])
        record(
            year.node.plan.slug,
            f"{year.node.key}/{year.fiscal_year}",
            "財政効果: " + "。".join(years[year.pk]),
        )

    # plan targets
    target = apps.get_model("measures", "PlanTarget")
    pks = _clamp(target, "target_yen", MAX_YEN)
    plans = target.objects.filter(pk__in=pks).values_list("plan__slug", flat=True).distinct()
    for slug in plans:
        record(slug, "effect-targets", "財政効果目標のうち ±1兆円 を超える額を ±1兆円 にしました")

    if events:
        audit.objects.bulk_create(events)
        print(
            f"\n  measures: {len(events)} 件の記録を範囲内に直しました（監査ログ measures.repair）"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
