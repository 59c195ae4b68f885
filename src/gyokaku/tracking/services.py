"""Writes of the yearly cycle: rounds, year plans and progress reports.

Every write checks the actor, refuses a stale version, bumps the version, and leaves an audit
event with old → new values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Conflict, DomainError, Hidden, Invalid, Stale, enforce
from gyokaku.lib.text import text_problem
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Node, Plan, tracked_in_q
from gyokaku.plans.selectors import number_nodes
from gyokaku.tracking.chain import STEP_ROLES, chain_steps
from gyokaku.tracking.limits import MAX_TEXT
from gyokaku.tracking.models import (
    ChainStep,
    ProgressReport,
    Round,
    YearPlan,
)
from gyokaku.tracking.rules import can_edit_report, can_edit_year_plan
from gyokaku.tracking.scales import rating_scales_ensure_defaults, scale_choices
from gyokaku.tracking.selectors import (
    PreviewItem,
    YearCoverage,
    round_for,
    tracked_nodes,
    year_publication_preview,
)
from gyokaku.tracking.workflow import transition_apply

# ---- rounds -------------------------------------------------------------------------------


def round_open(
    *, plan: Plan, fiscal_year: int, actor: Actor, deadline: dt.date | None = None
) -> Round:
    """Open the reporting round of ``fiscal_year`` and create a draft report for every tracked
    node that has none. Opening an open round only updates its deadline."""
    require_plan_office(actor, plan, "進捗調査の開始")
    if fiscal_year not in plan.fiscal_years:
        raise Invalid({"fiscal_year": f"{fiscal_year}年度は計画期間外です"})
    with transaction.atomic():
        rating_scales_ensure_defaults(plan=plan)
        round_, created = Round.objects.get_or_create(
            plan=plan, fiscal_year=fiscal_year, defaults={"deadline": deadline}
        )
        if not created and not round_.is_open:
            raise Conflict(
                f"{fiscal_year}年度の進捗調査は締め切られています。再開には理由が必要です"
            )
        old_deadline = None if created else round_.deadline
        if not created and deadline != round_.deadline:
            round_.deadline = deadline
            round_.save(update_fields=["deadline"])
        round_reports_ensure(round_)
        if created or old_deadline != deadline:
            audit_record(
                action="round.open" if created else "round.update",
                actor=actor.user,
                actor_label=actor.label,
                plan_slug=plan.slug,
                target=str(fiscal_year),
                changes={"deadline": [_iso(old_deadline), _iso(deadline)]},
            )
    return round_


def round_reports_ensure(round_: Round) -> None:
    """A blank report in ``round_`` for every node tracked in its year that has none (opening
    the round; a node that becomes a reporting unit while it is open, ``site.report_units``)."""
    have = set(ProgressReport.objects.filter(round=round_).values_list("node_id", flat=True))
    fiscal_year = round_.fiscal_year
    # with history, so the first version of each report is on record too
    bulk_create_with_history(
        [
            ProgressReport(node=node, round=round_, fiscal_year=fiscal_year)
            # an item ended by a revision (廃止・統合・完了) is not asked from its year on
            for node in tracked_nodes(round_.plan)
            .filter(tracked_in_q(fiscal_year))
            .exclude(pk__in=have)
        ],
        ProgressReport,
        batch_size=500,
        default_change_reason="round.open",
    )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def round_close(*, round_: Round, actor: Actor) -> Round:
    require_plan_office(actor, round_.plan, "進捗調査の締切")
    if not round_.is_open:
        raise Conflict(f"{round_.fiscal_year}年度の進捗調査はすでに締め切られています")
    round_.is_open, round_.closed_at = False, timezone.now()
    round_.save(update_fields=["is_open", "closed_at"])
    audit_record(
        action="round.close",
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=round_.plan.slug,
        target=str(round_.fiscal_year),
        changes={"is_open": [True, False]},
    )
    return round_


def round_reopen(*, round_: Round, actor: Actor, reason: str) -> Round:
    require_plan_office(actor, round_.plan, "進捗調査の再開")
    if round_.is_open:
        raise Conflict(f"{round_.fiscal_year}年度の進捗調査は受付中です")
    if not reason.strip():
        raise Invalid({"reason": "再開の理由を入力してください"})
    if problem := text_problem(reason, multiline=True):
        raise Invalid({"reason": problem})
    round_.is_open, round_.closed_at = True, None
    round_.save(update_fields=["is_open", "closed_at"])
    audit_record(
        action="round.reopen",
        actor=actor.user,
        actor_label=actor.label,
        plan_slug=round_.plan.slug,
        target=str(round_.fiscal_year),
        summary=reason.strip(),
        changes={"is_open": [False, True]},
    )
    return round_


# ---- progress reports ---------------------------------------------------------------------


def _clean_report_data(report: ProgressReport, data: dict[str, Any]) -> dict[str, Any]:
    problems: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name in ("result_text", "issues_text", "next_plan_text", "committee_opinion"):
        if name in data:
            value = data[name]
            if not isinstance(value, str):
                problems[name] = "文字列で入力してください"
            elif len(value) > MAX_TEXT:
                problems[name] = f"{MAX_TEXT:,} 文字以内で入力してください（{len(value):,} 文字）"
            elif problem := text_problem(value, multiline=True):
                problems[name] = problem
            else:
                clean[name] = value.replace("\r\n", "\n")
    if "direction" in data:
        # the plan's 方向性 list; "" for none; a report keeps a code it already has
        directions = report.round.plan.direction_labels
        value = data["direction"]
        if isinstance(value, str) and (value in ("", report.direction) or value in directions):
            clean["direction"] = value
        else:
            labels = "、".join(f"{v}（{lbl}）" for v, lbl in directions.items())
            problems["direction"] = f"「{value}」は選べません: {labels}"
    if "ratings" in data:
        clean["ratings"] = _clean_ratings(report, data["ratings"], problems)
    if problems:
        raise Invalid(problems)
    return clean


def _clean_ratings(
    report: ProgressReport, ratings: Any, problems: dict[str, str]
) -> dict[str, str]:
    if not isinstance(ratings, dict):
        problems["ratings"] = "{評価区分コード: 値コード} の形で入力してください"
        return {}
    choices = scale_choices(plan=report.round.plan)
    clean: dict[str, str] = {}
    for scale, value in ratings.items():
        if scale not in choices:
            problems[f"ratings.{scale}"] = (
                f"評価区分「{scale}」はありません（{', '.join(choices)}）"
            )
        elif value in (None, ""):
            continue  # not yet rated
        elif value not in choices[scale]:
            options = "、".join(f"{c}（{v.label}）" for c, v in choices[scale].items())
            problems[f"ratings.{scale}"] = f"評価「{value}」は選択肢にありません: {options}"
        else:
            clean[scale] = value
    return clean


def progress_update(
    *, report: ProgressReport, actor: Actor, data: dict[str, Any], expected_version: int
) -> ProgressReport:
    """Write the given fields of a report if ``expected_version`` is still current."""
    with transaction.atomic():
        locked = (
            ProgressReport.objects.select_for_update()
            .select_related("round__plan", "node")
            .get(pk=report.pk)
        )
        enforce(can_edit_report(actor, locked, locked.node.department_ids(), set(data)))
        if expected_version != locked.version:
            raise Stale(
                "この取組状況は他の人が更新しました。変更点を確認してください",
                current_version=locked.version,
            )
        clean = _clean_report_data(locked, data)
        changes = {k: [getattr(locked, k), v] for k, v in clean.items() if getattr(locked, k) != v}
        if changes:
            for name, (_, new) in changes.items():
                setattr(locked, name, new)
            locked.version += 1
            locked.updated_by = actor.user
            locked.save()
            audit_record(
                action="progress.update",
                actor=actor.user,
                actor_label=actor.label,
                plan_slug=locked.round.plan.slug,
                target=f"{locked.node.key}/{locked.fiscal_year}",
                changes=changes,
            )
    return locked


# ---- year plans ---------------------------------------------------------------------------


def year_plan_update(
    *,
    node: Node,
    fiscal_year: int,
    actor: Actor,
    data: dict[str, Any],
    expected_version: int,
) -> YearPlan:
    """Write a year plan (version 0 means "it does not exist yet"); who may, and when, is
    ``can_edit_year_plan`` (an editor only while that year's report is editable)."""
    plan = node.plan
    enforce(can_edit_year_plan(actor, node, fiscal_year))
    if fiscal_year not in plan.fiscal_years:
        raise Invalid({"fiscal_year": f"{fiscal_year}年度は計画期間外です"})
    problems: dict[str, str] = {}
    stages = plan.stage_labels
    if "stage" in data and data["stage"] != "" and data["stage"] not in stages:
        saved = YearPlan.objects.filter(node=node, fiscal_year=fiscal_year).values_list(
            "stage", flat=True
        )
        if data["stage"] not in saved:  # a code no longer listed may stay where it is saved
            labels = "、".join(f"{v}（{lbl}）" for v, lbl in stages.items())
            problems["stage"] = f"「{data['stage']}」は選べません: {labels}"
    if "text" in data and (not isinstance(data["text"], str) or len(data["text"]) > MAX_TEXT):
        problems["text"] = f"{MAX_TEXT:,} 文字以内の文字列で入力してください"
    elif "text" in data and (problem := text_problem(data["text"], multiline=True)):
        problems["text"] = problem
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        year_plan = (
            YearPlan.objects.select_for_update().filter(node=node, fiscal_year=fiscal_year).first()
        )
        current = year_plan.version if year_plan else 0
        if expected_version != current:
            raise Stale("この年度計画は他の人が更新しました", current_version=current)
        if year_plan is None:
            year_plan = YearPlan(node=node, fiscal_year=fiscal_year, version=0)
        changes = {
            k: [getattr(year_plan, k), data[k]]
            for k in ("stage", "text")
            if k in data and getattr(year_plan, k) != data[k]
        }
        if changes or year_plan.pk is None:
            for name, (_, new) in changes.items():
                setattr(year_plan, name, new)
            year_plan.version += 1
            year_plan.save()
            audit_record(
                action="yearplan.update",
                actor=actor.user,
                actor_label=actor.label,
                plan_slug=plan.slug,
                target=f"{node.key}/{fiscal_year}",
                changes=changes,
            )
    return year_plan


# ---- publishing a fiscal year (年度の公表) ---------------------------------------------------


@dataclass(frozen=True)
class YearPublished:
    """What ``year_publish`` did: the items it made public and the year's coverage after it."""

    fiscal_year: int
    published: list[PreviewItem]
    coverage: YearCoverage


def year_publish(*, plan: Plan, fiscal_year: int, actor: Actor) -> YearPublished:
    """公表 every approved report of ``fiscal_year`` at once, through the workflow's publish move
    (each report gets its transition and audit event as if published alone), and one audit
    event for the lot. All or nothing: a report that cannot be published stops the whole act.
    Refused (409) when no report is approved."""
    require_plan_office(actor, plan, "年度の公表")
    round_ = round_for(plan=plan, fy=fiscal_year)
    with transaction.atomic():
        # one year publication at a time: a second waits here, then finds nothing approved
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        preview = year_publication_preview(plan, fiscal_year)
        if not preview.to_publish:
            raise Conflict(
                f"{fy_label(fiscal_year)}に公表できる取組状況（承認済）はありません"
                f"（{preview.now.statement}）"
            )
        ids = [item.report_id for item in preview.to_publish]
        reports = ProgressReport.objects.filter(pk__in=ids).in_bulk()
        for item in preview.to_publish:
            transition_apply(report=reports[item.report_id], action="publish", actor=actor)
        audit_record(
            action="year.publish",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=plan.slug,
            target=str(fiscal_year),
            summary=f"{len(ids):,} 件を公表（{preview.after.statement}）",
            changes={
                "published": [preview.now.published, preview.after.published],
                "tracked": preview.after.tracked,
                "keys": [item.node.key for item in preview.to_publish],
            },
        )
    return YearPublished(fiscal_year, preview.to_publish, preview.after)


# ---- the approval chain (承認ルート) ---------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    """One step as a person or a plan file gives it: code, name (課長確認), role."""

    code: str
    name: str
    role: str


def chain_set(*, plan: Plan, steps: list[StepSpec], actor: Actor) -> list[ChainStep]:
    """Set the approval chain of ``plan`` (an empty list removes it). The plan office's; not
    while a report waits at a step of the chain. The last step is the plan office's, which
    approves (承認)."""
    require_plan_office(actor, plan, "承認ルートの設定")
    problems = chain_problems(steps)
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        old = chain_steps(plan)
        if [(s.code, s.name, s.role) for s in old] == [(s.code, s.name, s.role) for s in steps]:
            return old
        # locked, so that no submit puts a report on a step about to be deleted meanwhile
        waiting = len(
            ProgressReport.objects.select_for_update()
            .filter(round__plan=plan, step__isnull=False)
            .values_list("pk", flat=True)
        )
        if waiting:
            raise Conflict(
                f"承認ルートの途中にある取組状況が {waiting} 件あるため、承認ルートは変更できません"
                "（承認するか差し戻してから変更してください）"
            )
        ChainStep.objects.filter(plan=plan).delete()
        new = [
            ChainStep.objects.create(
                plan=plan, order=i, code=spec.code, name=spec.name, role=spec.role
            )
            for i, spec in enumerate(steps, start=1)
        ]
        audit_record(
            action="chain.set",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=plan.slug,
            target=plan.slug,
            summary=" → ".join(s.name for s in new) or "承認ルートなし",
            changes={
                "steps": [
                    [f"{s.code}:{s.role}" for s in old] or None,
                    [f"{s.code}:{s.role}" for s in new] or None,
                ]
            },
        )
    return new


MAX_CHAIN_STEPS = 6  # a city's chain has two to four steps


def chain_problems(steps: list[StepSpec]) -> dict[str, str]:
    """What is wrong with a chain as given ({where: message}); empty when it may be set."""
    problems: dict[str, str] = {}
    if len(steps) > MAX_CHAIN_STEPS:
        return {"approval_chain": f"承認ルートの段階は {MAX_CHAIN_STEPS} つまでです"}
    for i, spec in enumerate(steps):
        here = f"approval_chain[{i}]"
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,29}", spec.code):
            problems[f"{here}.code"] = "コードは英小文字・数字・-・_ の 30 文字以内です"
        if not spec.name.strip() or len(spec.name) > 50 or text_problem(spec.name, multiline=False):
            problems[f"{here}.name"] = "名称は 1〜50 文字で、改行や制御文字は使えません"
        if spec.role not in STEP_ROLES:
            roles = "、".join(f"{r}（{dict(Role.choices)[r]}）" for r in STEP_ROLES)
            problems[f"{here}.role"] = f"役割は {roles} のいずれかです"
    codes = [s.code for s in steps]
    if len(set(codes)) != len(codes):
        problems["approval_chain"] = "段階のコードが重複しています"
    elif steps and steps[-1].role != Role.COORDINATOR:
        problems["approval_chain"] = (
            "最後の段階は計画担当（coordinator）が承認する段階にしてください"
        )
    return problems


def transitions_apply_bulk(
    *,
    plan: Plan,
    report_ids: list[int],
    action: str,
    actor: Actor,
    comment: str = "",
    to_step: str = "",
) -> list[ProgressReport]:
    """One move on several reports at once (e.g. a 課長 confirms all of the section's items
    after reading them): each report gets its own transition and audit event, as if moved
    alone, and the rule is checked for each. All or nothing: the first report that may not
    move stops the lot, and the error names it."""
    if not report_ids:
        raise Invalid({"report": "対象の取組状況を選んでください"})
    reports = {
        r.pk: r
        for r in ProgressReport.objects.filter(round__plan=plan, pk__in=report_ids).select_related(
            "node", "round"
        )
    }
    with transaction.atomic():
        for pk in report_ids:
            report = reports.get(pk)
            if report is None:
                raise Hidden(f"取組状況（番号 {pk}）はありません")
            try:
                transition_apply(
                    report=report, action=action, actor=actor, comment=comment, to_step=to_step
                )
            except Invalid:
                raise
            except DomainError as exc:
                number_nodes([report.node])  # one query, only on the way out
                named = type(exc)(
                    f"「{report.node.printed} {report.node.title}」で止まりました: {exc.message}"
                    "（どの取組状況も変更していません）"
                )
                raise named from exc
    return [reports[pk] for pk in report_ids]
