"""Writes to the plan structure.

``plan_import`` creates or updates a plan in place from a validated plan file, in one
transaction; nodes are matched by key, so re-importing changes only what differs and never
duplicates. A dry run performs the same work and rolls it back, so what it reports is exactly
what a real import would do.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Invalid
from gyokaku.plans.models import Level, Municipality, Node, Plan
from gyokaku.plans.planfile import PlanFile, PlanFileError, PlanSettingsIn, Problem
from gyokaku.site.import_report import Change, ImportReport
from gyokaku.site.plan_settings import CODED_LISTS
from gyokaku.site.report_units import report_units_sync
from gyokaku.site.revision import nodes_sync
from gyokaku.site.revision_match import flatten
from gyokaku.site.revision_spec import RevisionSpec, spec_from_file
from gyokaku.site.sheets import file_sheets, sheets_sync

__all__ = ["Change", "ImportReport", "plan_delete", "plan_import"]


class _DryRunRollback(Exception):
    pass


def plan_import(
    *,
    plan_file: PlanFile,
    actor_label: str,
    dry_run: bool = False,
    revision: RevisionSpec | None = None,
    actor: Any = None,
) -> ImportReport:
    """Create or update the plan ``plan_file`` describes. ``plan_file`` is validated already
    (see ``planfile.validate_plan_data``); ``revision`` (the command's options, the page's
    fields) adds to or overrides the file's ``revision`` block. A plan in operation is revised,
    never stripped of records (``site.revision``)."""
    report = ImportReport(slug=plan_file.slug or "", dry_run=dry_run, changes=[], node_count=0)
    spec = spec_from_file(plan_file.revision).merge(revision or RevisionSpec())
    try:
        with transaction.atomic():
            created = not Plan.objects.filter(slug=plan_file.slug or "").exists()
            plan = _upsert_plan(plan_file, report)
            if plan_file.settings is not None:  # first: the 個票 below use the 工程 list
                _sync_settings(plan, plan_file.settings, report)
            _sync_levels(plan, plan_file, report)
            version = nodes_sync(
                plan=plan, nodes=plan_file.nodes, spec=spec, report=report, created=created
            )
            report.changes += sheets_sync(
                plan=plan, sheets=file_sheets(plan_file.nodes), version=version
            )
            if plan_file.departments is not None:
                _sync_departments(plan, plan_file, report)
            if plan_file.rating_scales is not None:
                _sync_rating_scales(plan, plan_file, report)
            if plan_file.settings is not None:
                _check_lists(plan, plan_file.settings)
            _sync_report_units(plan, report)
            if dry_run:
                raise _DryRunRollback
            if report.changed:
                if version is not None:
                    version.created_by = actor_label
                    version.save(update_fields=["created_by"])
                audit_record(
                    action="plan.import",
                    actor=actor,
                    actor_label=actor_label,
                    plan_slug=plan.slug,
                    target=f"第{version.number}版" if version is not None else "",
                    summary=report.summary(),
                    changes=[str(c) for c in report.changes[:1000]],
                )
    except _DryRunRollback:
        pass
    return report


def _upsert_plan(plan_file: PlanFile, report: ImportReport) -> Plan:
    code, name = plan_file.municipality.code or "", plan_file.municipality.name or ""
    municipality, created = Municipality.objects.get_or_create(code=code, defaults={"name": name})
    if created:
        report.changes.append(Change("create", "municipality", code))
    elif municipality.name != name:
        municipality.name = name
        municipality.save(update_fields=["name"])
        report.changes.append(Change("update", "municipality", code, ["name"]))
    values: dict[str, Any] = {
        "municipality_id": municipality.pk,
        "title": plan_file.title,
        "start_fy": plan_file.period.start_fy,
        "end_fy": plan_file.period.end_fy,
        "parent_plan": plan_file.parent_plan or "",
        "lead": plan_file.lead,
        "background": plan_file.background,
    }
    slug = plan_file.slug or ""  # validated: never empty here
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        plan = Plan.objects.create(slug=slug, **values)
        report.changes.append(Change("create", "plan", plan.slug))
        return plan
    changed = _assign(plan, values)
    if changed:
        plan.save()
        report.changes.append(Change("update", "plan", plan.slug, changed))
    return plan


def _sync_settings(plan: Plan, settings: PlanSettingsIn, report: ImportReport) -> None:
    """The settings the file states; a key it leaves out keeps the plan's setting."""
    values: dict[str, Any] = {"office_name": settings.office_name}
    if settings.report_depth is not None:
        values["report_depth"] = settings.report_depth or None  # 0: each leaf
    for coded in CODED_LISTS:
        if (items := getattr(settings, coded.name)) is not None:
            values[coded.name] = coded.stored([d.model_dump() for d in items])
    changed = _assign(plan, {k: v for k, v in values.items() if v is not None})
    if changed:
        plan.save(update_fields=changed)
        report.changes.append(Change("update", "settings", plan.slug, changed))


def _check_lists(plan: Plan, settings: PlanSettingsIn) -> None:
    """Once the file's 個票 are in: no code the plan's records use is left out of a list."""
    for coded in CODED_LISTS:
        items = getattr(settings, coded.name)
        if items is not None and (problem := coded.problem(plan, [d.model_dump() for d in items])):
            raise PlanFileError([Problem(f"settings.{coded.name}", problem)])


def _sync_report_units(plan: Plan, report: ImportReport) -> None:
    """報告単位 as the file sets them (settings.report_depth, each node's report_unit)."""
    try:
        synced = report_units_sync(plan, field="settings.report_depth")
    except Invalid as exc:
        raise PlanFileError([Problem(f, m) for f, m in exc.problems.items()]) from None
    if synced.changed:
        report.changes.append(Change("update", "report_units", plan.slug, synced.changed[:50]))
    for name in synced.removed:  # blank reports of nodes no longer reported on
        report.changes.append(Change("delete", "progress_report", name))


def _assign(obj: Any, values: dict[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def _sync_levels(plan: Plan, plan_file: PlanFile, report: ImportReport) -> None:
    existing = {level.depth: level for level in Level.objects.filter(plan=plan)}
    for item in plan_file.levels:
        values = {"name": item.name, "description": item.description, "numbering": item.numbering}
        level = existing.pop(item.depth, None)
        if level is None:
            Level.objects.create(plan=plan, depth=item.depth, **values)
            report.changes.append(Change("create", "level", str(item.depth)))
        elif changed := _assign(level, values):
            level.save()
            report.changes.append(Change("update", "level", str(item.depth), changed))
    for depth, level in existing.items():
        level.delete()
        report.changes.append(Change("delete", "level", str(depth)))


def _sync_departments(plan: Plan, plan_file: PlanFile, report: ImportReport) -> None:
    """Departments named in the file exist with these names; node assignments follow the file."""
    from gyokaku.accounts.models import Department

    municipality = plan.municipality
    existing = {d.code: d for d in Department.objects.filter(municipality=municipality)}
    for item in plan_file.departments or []:
        department = existing.get(item.code)
        if department is None:
            existing[item.code] = Department.objects.create(
                municipality=municipality, code=item.code, name=item.name
            )
            report.changes.append(Change("create", "department", item.code))
        elif department.name != item.name:
            department.name = item.name
            department.save(update_fields=["name"])
            report.changes.append(Change("update", "department", item.code, ["name"]))
    through = Node.departments.through
    node_ids = dict(Node.objects.filter(plan=plan).values_list("key", "pk"))
    # Items kept outside the file (ended by a revision) keep their 担当課.
    in_file = {node_ids[entry.item.key] for entry in flatten(plan_file.nodes)}
    rows = [row for row in through.objects.filter(node__plan=plan) if row.node_id in in_file]
    current = {(row.node_id, row.department_id) for row in rows}
    wanted = {
        (node_ids[entry.item.key], existing[code].pk)
        for entry in flatten(plan_file.nodes)
        for code in entry.item.departments
    }
    if current != wanted:
        through.objects.filter(
            pk__in=[row.pk for row in rows if (row.node_id, row.department_id) not in wanted]
        ).delete()
        through.objects.bulk_create(
            through(node_id=n, department_id=d) for n, d in wanted - current
        )
        keys = {pk: key for key, pk in node_ids.items()}
        for node_id in sorted({n for n, _ in current ^ wanted}, key=lambda n: keys[n]):
            report.changes.append(Change("update", "node", keys[node_id], ["departments"]))


def _sync_rating_scales(plan: Plan, plan_file: PlanFile, report: ImportReport) -> None:
    """The file's scales replace the plan's; a value some report uses cannot disappear."""
    from gyokaku.tracking.models import ProgressReport, RatingScale, RatingValue

    used: set[tuple[str, str]] = set()
    for ratings in ProgressReport.objects.filter(node__plan=plan).values_list("ratings", flat=True):
        used |= {(scale, value) for scale, value in (ratings or {}).items()}
    wanted = {(s.code, v.code) for s in plan_file.rating_scales or [] for v in s.values}
    lost = sorted(used - wanted)
    if lost:
        shown = "、".join(f"{scale}:{value}" for scale, value in lost)
        raise PlanFileError(
            [Problem("rating_scales", f"取組状況で使われている評価の値は削除できません（{shown}）")]
        )
    existing = {scale.code: scale for scale in RatingScale.objects.filter(plan=plan)}
    for order, item in enumerate(plan_file.rating_scales or []):
        scale = existing.pop(item.code, None)
        if scale is None:
            scale = RatingScale.objects.create(
                plan=plan, code=item.code, name=item.name, order=order
            )
            report.changes.append(Change("create", "rating_scale", item.code))
        elif changed := _assign(scale, {"name": item.name, "order": order}):
            scale.save()
            report.changes.append(Change("update", "rating_scale", item.code, changed))
        values = {value.code: value for value in RatingValue.objects.filter(scale=scale)}
        for v_order, v in enumerate(item.values):
            fields = {
                "label": v.label,
                "description": v.description,
                "order": v_order,
                "on_track": v.on_track,
                "not_rated": v.not_rated,
            }
            value = values.pop(v.code, None)
            if value is None:
                RatingValue.objects.create(scale=scale, code=v.code, **fields)
                report.changes.append(Change("create", "rating_value", f"{item.code}:{v.code}"))
            elif changed := _assign(value, fields):
                value.save()
                report.changes.append(
                    Change("update", "rating_value", f"{item.code}:{v.code}", changed)
                )
        for code, value in values.items():
            value.delete()
            report.changes.append(Change("delete", "rating_value", f"{item.code}:{code}"))
    for code, scale in existing.items():
        scale.delete()
        report.changes.append(Change("delete", "rating_scale", code))


def plan_delete(*, plan: Plan, actor_label: str) -> None:
    slug = plan.slug
    with transaction.atomic():
        plan.delete()
        audit_record(action="plan.delete", actor_label=actor_label, plan_slug=slug)
