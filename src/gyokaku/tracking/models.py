"""The yearly progress cycle: rating scales, reporting rounds, year plans, progress reports and
their workflow transitions.

Glossary:
- RatingScale 評価区分 (one axis, e.g. 実施状況 or 達成度) with its RatingValue choices;
  評価対象外 (not rated this year) is a real value.
- Round 進捗調査: one plan × fiscal year; open or closed, with a deadline.
- YearPlan 年度計画/工程: what is planned for a tracked node in a fiscal year.
- ProgressReport 取組状況: results, issues, next year's plan, direction, ratings, workflow state.
- Transition: one workflow move, kept for ever.

Rules about sets of reports live on ``ProgressReportQuerySet`` (``.published()``,
``.visible_to(actor)``, ``.of_leaves()``, ``.under(node)``) and, for other models, in
``published_q``/``visible_q``/``published_report``: nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.query import ModelIterable
from django.utils import timezone
from simple_history.models import HistoricalRecords

# 工程: the plan's, re-exported for tracking
from gyokaku.plans.models import STAGE_LABELS as STAGE_LABELS
from gyokaku.plans.models import Direction as Direction
from gyokaku.plans.models import Node, Plan, leaf_q, subtree_q, tracked_in_q
from gyokaku.plans.models import Stage as Stage

if TYPE_CHECKING:
    from gyokaku.accounts.access import Actor


class RatingScale(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rating_scales")
    code = models.SlugField("コード", max_length=30)
    name = models.CharField("名称", max_length=50)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="rating_scale_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class RatingValue(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="values")
    code = models.CharField("コード", max_length=20)
    label = models.CharField("表示", max_length=50)
    description = models.CharField("説明", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    on_track = models.BooleanField("順調", default=False)  # counts as on track in roll-ups
    not_rated = models.BooleanField("評価対象外", default=False)

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="rating_value_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class Round(models.Model):
    """進捗調査: the reporting round of one plan and fiscal year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    is_open = models.BooleanField("受付中", default=True)
    deadline = models.DateField("締切", null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year"], name="round_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.slug} {self.fiscal_year}"

    def days_left(self, today: dt.date | None = None) -> int | None:
        """Days until the deadline (0 on the day, negative after it); None without one, and
        for a closed round (nothing is late any more: no countdown, no 「N日超過」)."""
        if self.deadline is None or not self.is_open:
            return None
        return (self.deadline - (today or timezone.localdate())).days


class YearPlan(models.Model):
    """年度計画: per tracked node and fiscal year (the stage is a code of the plan's 工程,
    ``Plan.stage_labels``, checked by the services; what the adopted plan scheduled is the
    個票's ``ItemSheet.schedule``)."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="year_plans")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    stage = models.CharField("工程", max_length=20, blank=True)
    text = models.TextField("計画内容", blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["node", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["node", "fiscal_year"], name="year_plan_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.node.key} {self.fiscal_year}"


class ChainStep(models.Model):
    """One step of a plan's approval chain (承認ルート), e.g. 課長確認 → 部長確認 → 行革担当確認.

    A submitted report waits at a step (``ProgressReport.step``) until someone the step names
    confirms it (to the next step) or, at the last step, approves it; they may also return it to
    any earlier step or to the department. Who acts follows from ``role``: 課長 (chief) for the
    item's departments, 部長 (director) for the 部 of those departments, the plan office
    (coordinator: 計画担当 and システム管理者) for any item. A plan without steps has no chain:
    the plan office approves what departments submit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chain_steps")
    order = models.PositiveSmallIntegerField("順序")
    code = models.SlugField("コード", max_length=30)
    name = models.CharField("名称", max_length=50)
    role = models.CharField("確認する役割", max_length=20)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="chain_step_unique_code"),
            models.UniqueConstraint(fields=["plan", "order"], name="chain_step_unique_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def waiting_label(self) -> str:
        """「課長確認待ち」: what a report at this step waits for."""
        return f"{self.name}待ち"


class State(models.TextChoices):
    DRAFT = "draft", "下書き"
    SUBMITTED = "submitted", "提出済"
    RETURNED = "returned", "差戻し"
    APPROVED = "approved", "承認済"
    PUBLISHED = "published", "公表済"


STATE_LABELS: dict[str, str] = dict(State.choices)  # the one code → label table of 状態


# ---- rules about sets of reports -----------------------------------------------------------


def _path(relation: str, lookup: str) -> str:
    return f"{relation}__{lookup}" if relation else lookup


def published_q(relation: str = "") -> Q:
    """Published (公表済): what everybody may read — a report that has been published at least
    once. A published report the plan office reopened stays public with its last publication
    (``ProgressReport.publication``) until it is published again."""
    return Q(**{_path(relation, "publication__isnull"): False})


def visible_q(actor: Actor, relation: str = "") -> Q:
    """What ``actor`` may read: the plan's municipality (any role) reads every report, everybody
    else (anonymous callers, other municipalities) the published ones. ``Actor.is_internal``
    says the same of one plan; this says it of each row's plan."""
    if actor.role is None or actor.municipality_id is None:
        return published_q(relation)
    inside = Q(**{_path(relation, "node__plan__municipality_id"): actor.municipality_id})
    return published_q(relation) | inside


def published_report(node: str, fiscal_year: str) -> Exists:
    """For a row of another model: whether the report of the node and the fiscal year found at
    these paths of that row is published (the public-actuals rule of measures/models.py)."""
    return Exists(
        ProgressReport.objects.published().filter(
            node_id=OuterRef(node), fiscal_year=OuterRef(fiscal_year)
        )
    )


# What the public reads of a report comes from its latest publication (公表時の内容).
PUBLISHED_REPORT_FIELDS = (
    "result_text",
    "issues_text",
    "next_plan_text",
    "direction",
    "ratings",
    "committee_opinion",
)


if TYPE_CHECKING:
    _ReportIterable = ModelIterable["ProgressReport"]
else:
    _ReportIterable = ModelIterable


class _AsPublished(_ReportIterable):
    """Reports as last published: the text, direction and ratings of the report's latest
    publication replace the live ones (which may be reworked after a reopen), the state reads
    公表済 and ``updated_at`` is when it was published."""

    def __iter__(self) -> Iterator[ProgressReport]:
        for report in super().__iter__():
            publication = report.publication
            # ``as_published`` False: a row of the reader's own municipality (``visible_to``)
            if publication is not None and getattr(report, "as_published", True):
                for name in PUBLISHED_REPORT_FIELDS:
                    setattr(report, name, getattr(publication, name))
                report.state = State.PUBLISHED
                report.updated_at = publication.published_at
                report.read_as_published = True  # type: ignore[attr-defined]  # its year plan too (``published_year_plans``)
            yield report


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def published(self) -> Self:
        """The public reports, read as last published (``_AsPublished``): the one rule of what
        the public reads of a report."""
        public = self.filter(published_q()).select_related("publication")
        public._iterable_class = _AsPublished
        return public

    def unrecorded_publications(self) -> Self:
        """Reports in the 公表済 state without a stored publication: written behind the
        workflow (sample data), to be recorded (``tracking.publication``)."""
        return self.filter(state=State.PUBLISHED, publication__isnull=True)

    def visible_to(self, actor: Actor) -> Self:
        """The reports ``actor`` may read (``visible_q``): the reports of the actor's own
        municipality as they are, every other one as published."""
        if actor.role is None or actor.municipality_id is None:
            return self.published()
        inside = Q(node__plan__municipality_id=actor.municipality_id)
        seen = (
            self.filter(visible_q(actor))
            .select_related("publication")
            .annotate(
                as_published=Case(
                    When(inside, then=Value(False)),
                    default=Value(True),
                    output_field=BooleanField(),
                )
            )
        )
        seen._iterable_class = _AsPublished  # another municipality's reports as published
        return seen

    def of_leaves(self) -> Self:
        """Reports of tracked nodes (leaves), in the years they are tracked: not those of an
        item a revision ended, from its ``ended_fy`` on (they stay, but count nowhere)."""
        return self.filter(leaf_q("node") & tracked_in_q(F("fiscal_year"), "node"))

    def under(self, node: Node | str) -> Self:
        """Reports of ``node`` and the nodes below it (a key: the caller limits the plan)."""
        return self.filter(subtree_q(node, "node"))


class TransitionQuerySet(models.QuerySet["Transition"]):
    def publications(self) -> Self:
        """The moves to 公表済."""
        return self.filter(to_state=State.PUBLISHED)

    def of_published_reports(self) -> Self:
        """Moves of reports that are public now."""
        return self.filter(published_q("report"))


# What a report says, as opposed to where it is in the workflow. Editors write these.
REPORT_TEXT_FIELDS = ("result_text", "issues_text", "next_plan_text", "direction", "ratings")
# The single-valued fields a person writes on the report page (ratings have a field per scale).
REPORT_FORM_FIELDS = (
    "result_text",
    "issues_text",
    "next_plan_text",
    "direction",
    "committee_opinion",
)


class ProgressReport(models.Model):
    """取組状況: per tracked node and fiscal year."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="reports")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    result_text = models.TextField("取組実績", blank=True)
    issues_text = models.TextField("課題", blank=True)
    next_plan_text = models.TextField("次年度の予定", blank=True)
    # a code of the plan's 方向性 list (Plan.direction_labels), checked by the services
    direction = models.CharField("今後の方向性", max_length=20, blank=True)
    ratings = models.JSONField("評価", default=dict, blank=True)  # {scale code: value code}
    committee_opinion = models.TextField("委員会意見", blank=True)
    state = models.CharField(
        "状態", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # Where a submitted report waits in the plan's approval chain; None without a chain.
    step = models.ForeignKey(
        ChainStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="確認段階",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # 公表版: the latest publication, what the public reads (None: never published). Kept
    # when the plan office reopens the report, replaced when it is published again.
    publication = models.ForeignKey(
        "Publication", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["publication"])

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["node__position"]
        constraints = [
            models.UniqueConstraint(fields=["node", "fiscal_year"], name="report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.node.key} {self.fiscal_year} ({self.state})"

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


class Transition(models.Model):
    """A workflow move, with who, when, from, to and comment."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    # The chain steps' names (課長確認 …) before and after, kept as text: a history row outlives
    # a change of the chain.
    from_step = models.CharField(max_length=50, blank=True)
    to_step = models.CharField(max_length=50, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.from_state}→{self.to_state}"


class Publication(models.Model):
    """公表: what the public was shown of a report when it was published — its text, direction
    and ratings, and the figures of its year (``figures``: the fiscal-effect rows and indicator
    actuals, as ``tracking.publication`` collects them). A publication after the first is a
    訂正 (correction): ``changes`` names what differs from the one before, in the words the
    public reads, and ``reason`` is the plan office's optional explanation."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="publications"
    )
    number = models.PositiveSmallIntegerField("版")  # 1 for the first publication
    published_at = models.DateTimeField("公表日時", default=timezone.now, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result_text = models.TextField("取組実績", blank=True)
    issues_text = models.TextField("課題", blank=True)
    next_plan_text = models.TextField("次年度の予定", blank=True)
    # a code of the plan's 方向性 list (Plan.direction_labels), checked by the services
    direction = models.CharField("今後の方向性", max_length=20, blank=True)
    ratings = models.JSONField("評価", default=dict, blank=True)
    committee_opinion = models.TextField("委員会意見", blank=True)
    # the year plan and the figures of the year, by name (``tracking.publication``)
    figures = models.JSONField("数値", default=dict, blank=True)
    changes = models.JSONField("訂正箇所", default=list, blank=True)  # Japanese labels
    reason = models.TextField("訂正理由", blank=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="publication_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} #{self.number}"

    @property
    def is_correction(self) -> bool:
        """A republication (訂正) rather than the first publication."""
        return self.number > 1
