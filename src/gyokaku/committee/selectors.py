"""Reads of the committee's review: the shared years a person may open, the items of a year
with their reports and opinions, the 意見一覧表's lines, and what the public reads once a year's
opinions are published. Each read asks ``rules`` first; a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Department
from gyokaku.committee.models import CommitteeOpinion, CommitteeReview, ReviewState
from gyokaku.committee.rules import NOT_SHARED, can_read_review
from gyokaku.lib.errors import Hidden, enforce
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.selectors import plan_numbers
from gyokaku.tracking.models import ProgressReport, State, published_report

UNCONFIRMED = "未確定"


@dataclass
class PlanReviews:
    plan: Plan
    reviews: list[CommitteeReview]


def committee_plans(*, actor: Actor) -> list[PlanReviews]:
    """The plans of the person's municipality (a member: of their committee's) with the years
    shared with the committee, newest first (two queries)."""
    municipality_id = actor.municipality_id or actor.committee_of
    if municipality_id is None:
        return []
    plans = list(Plan.objects.filter(municipality_id=municipality_id).order_by("-start_fy"))
    by_plan: dict[int, list[CommitteeReview]] = defaultdict(list)
    for review in CommitteeReview.objects.filter(plan__in=plans).order_by("-fiscal_year"):
        by_plan[review.plan_id].append(review)
    out = [PlanReviews(plan=p, reviews=by_plan[p.pk]) for p in plans]
    if actor.is_committee:  # a member sees only what is shared with them
        out = [p for p in out if p.reviews]
    for item in out:
        for review in item.reviews:
            review.plan = item.plan
    return out


def review_for(actor: Actor, *, plan: Plan, fiscal_year: int) -> CommitteeReview:
    """The shared year, for whoever may read it: Hidden (404) otherwise, and for a year not
    shared (the same answer: a member does not learn which years exist)."""
    review = CommitteeReview.objects.filter(plan=plan, fiscal_year=fiscal_year).first()
    if review is None:
        raise Hidden(NOT_SHARED)
    review.plan = plan
    enforce(can_read_review(actor, review))
    return review


def opinion_for(actor: Actor, review: CommitteeReview, pk: int) -> CommitteeOpinion:
    opinion = (
        CommitteeOpinion.objects.select_related("node")
        .prefetch_related("node__departments")
        .filter(review=review, pk=pk)
        .first()
    )
    if opinion is None or (opinion.withdrawn and not actor.is_plan_office_of(review.plan)):
        raise Hidden("この委員会意見はありません")
    opinion.review = review
    opinion.node.plan = review.plan
    return opinion


@dataclass
class ReviewItem:
    """One item of a shared year: its report as it is now and the opinions on it."""

    node: Node
    number: str  # printed: 2-(1)-01-⑤
    departments: list[str]
    report: ProgressReport
    opinions: list[CommitteeOpinion] = field(default_factory=list)

    @property
    def direction_label(self) -> str:
        """今後の方向性 as the plan's own list names it."""
        return self.node.plan.direction_label(self.report.direction)

    @property
    def unconfirmed(self) -> bool:
        """The report is not (yet) published: what the committee reads may still change."""
        return self.report.state != State.PUBLISHED

    @property
    def state_label(self) -> str:
        return State(self.report.state).label

    @property
    def replied(self) -> int:
        return sum(1 for o in self.opinions if o.reply)


def _opinions(review: CommitteeReview, *, with_withdrawn: bool) -> QuerySet[CommitteeOpinion]:
    rows = CommitteeOpinion.objects.filter(review=review)
    if not with_withdrawn:
        rows = rows.filter(withdrawn=False)
    return rows.order_by("created_at", "pk")


def review_items(
    actor: Actor, review: CommitteeReview, *, key: str | None = None
) -> list[ReviewItem]:
    """The items of the shared year (those with a report that year, in plan order), or the
    one of ``key``; withdrawn opinions only for the plan office (four queries)."""
    plan = review.plan
    reports = (
        ProgressReport.objects.filter(node__plan=plan, fiscal_year=review.fiscal_year)
        .of_leaves()
        .select_related("node")
        .prefetch_related(Prefetch("node__departments", queryset=Department.objects.all()))
        .order_by("node__position")
    )
    if key is not None:
        reports = reports.filter(node__key=key)
    numbers = plan_numbers(plan_id=plan.pk)
    items: dict[int, ReviewItem] = {}
    for report in reports:
        report.node.plan = plan
        items[report.node_id] = ReviewItem(
            node=report.node,
            number=numbers.get(report.node.key, report.node.code),
            departments=[d.name for d in report.node.departments.all()],
            report=report,
        )
    opinions = _opinions(review, with_withdrawn=actor.is_plan_office_of(plan))
    for opinion in opinions.filter(node_id__in=list(items)):
        opinion.review = review
        item = items[opinion.node_id]
        opinion.node = item.node
        item.opinions.append(opinion)
    return list(items.values())


@dataclass(frozen=True)
class OpinionLine:
    """One line of the 意見一覧表 (and of the published opinions)."""

    number: str
    title: str
    departments: str
    member: str
    opinion: str
    reply: str
    key: str = ""
    fiscal_year: int = 0


def opinion_lines(actor: Actor, review: CommitteeReview) -> list[OpinionLine]:
    """The 意見一覧表 of a shared year: every opinion not withdrawn, in plan order."""
    enforce(can_read_review(actor, review))
    lines = []
    for item in review_items(actor, review):
        for opinion in item.opinions:
            if opinion.withdrawn:
                continue
            lines.append(
                OpinionLine(
                    number=item.number,
                    title=item.node.title,
                    departments="、".join(item.departments),
                    member=opinion.author_name,
                    opinion=opinion.text,
                    reply=opinion.reply,
                    key=item.node.key,
                    fiscal_year=review.fiscal_year,
                )
            )
    return lines


def review_title(review: CommitteeReview) -> str:
    """How a page or a file names the year: 令和7年度 委員会意見一覧表（第2回推進委員会）."""
    meeting = f"（{review.meeting_name}）" if review.meeting_name else ""
    return f"{fy_label(review.fiscal_year)} 委員会意見一覧表{meeting}"


# ---- published: what everybody reads ------------------------------------------------------


def published_opinions_q() -> QuerySet[CommitteeOpinion]:
    """The opinions the public reads: of a year the plan office published, not withdrawn, on
    an item whose report of that year is published (公表済) too."""
    return (
        CommitteeOpinion.objects.filter(review__state=ReviewState.PUBLISHED, withdrawn=False)
        .filter(published_report("node_id", "review__fiscal_year"))
        .select_related("review", "node")
        .order_by("review__fiscal_year", "node__position", "created_at", "pk")
    )


def published_opinions(*, plan: Plan, nodes: Iterable[Node] | None = None) -> list[OpinionLine]:
    """The published opinions of ``plan`` (or of ``nodes``) with their 対応 (two queries)."""
    rows = published_opinions_q().filter(review__plan=plan)
    if nodes is not None:
        rows = rows.filter(node__in=list(nodes))
    rows_list = list(rows.prefetch_related("node__departments"))
    numbers = plan_numbers(plan_id=plan.pk) if rows_list else {}
    return [
        OpinionLine(
            number=numbers.get(o.node.key, o.node.code),
            title=o.node.title,
            departments="、".join(d.name for d in o.node.departments.all()),
            member=o.author_name,
            opinion=o.text,
            reply=o.reply,
            key=o.node.key,
            fiscal_year=o.review.fiscal_year,
        )
        for o in rows_list
    ]


def report_committee(*, node: Node, fiscal_year: int) -> CommitteeReview | None:
    """The shared year of a report's item, with ``opinion_count`` on that item (one query),
    for the link from the staff report page; None when the year is not shared."""
    opinions = Q(opinions__node=node, opinions__withdrawn=False)
    return (
        CommitteeReview.objects.filter(plan_id=node.plan_id, fiscal_year=fiscal_year)
        .annotate(opinion_count=Count("opinions", filter=opinions))
        .first()
    )


def published_node_opinions(*, node: Node) -> dict[int, list[CommitteeOpinion]]:
    """The published opinions on one item, by fiscal year (one query): the public node page."""
    out: dict[int, list[CommitteeOpinion]] = defaultdict(list)
    for opinion in published_opinions_q().filter(node=node):
        out[opinion.review.fiscal_year].append(opinion)
    return out


def published_report_opinions(
    reports: Iterable[ProgressReport],
) -> dict[tuple[int, int], list[CommitteeOpinion]]:
    """The published opinions on each of ``reports``' item and year, by (node id, fiscal
    year), in one query: the API's list of reports."""
    wanted = list(reports)
    out: dict[tuple[int, int], list[CommitteeOpinion]] = defaultdict(list)
    if not wanted:
        return out
    rows = published_opinions_q().filter(
        node_id__in={r.node_id for r in wanted},
        review__fiscal_year__in={r.fiscal_year for r in wanted},
    )
    for opinion in rows:
        out[(opinion.node_id, opinion.review.fiscal_year)].append(opinion)
    return out


def published_opinion_out(opinion: CommitteeOpinion) -> dict[str, object]:
    """A published opinion as the API and open data answer it (``PublishedOpinionOut``)."""
    fy = opinion.review.fiscal_year
    return {
        "fiscal_year": fy,
        "fiscal_year_label": fy_label(fy),
        "member": opinion.author_name,
        "opinion": opinion.text,
        "reply": opinion.reply,
    }


def published_year_opinions(*, plan: Plan, fiscal_year: int) -> dict[int, list[CommitteeOpinion]]:
    """The published opinions of one year of ``plan`` by node id (one query): the annual
    report's 個票."""
    out: dict[int, list[CommitteeOpinion]] = defaultdict(list)
    rows = published_opinions_q().filter(review__plan=plan, review__fiscal_year=fiscal_year)
    for opinion in rows:
        out[opinion.node_id].append(opinion)
    return out
