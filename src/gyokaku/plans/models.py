"""The plan's structure: municipality, plan, levels (from the legend) and the node tree.

Glossary (用語):
- Municipality 自治体, with its 地方公共団体コード.
- Plan 計画 (行財政改革プラン).
- Level 階層: one depth of the tree as named in the legend (凡例), e.g. 柱, 大分類.
- Node 取組方策: one place in the tree, identified within its plan by its key.
- Key: the path of codes turned into ASCII (`2-1-01-3`); stable, used in URLs, files, open data.
  A revision that renumbers a node changes its key and keeps the old ones in ``former_keys``.
- ItemSheet 個票: the adopted plan's page for one item (取組内容, 現状と課題, 目標, 年度別工程,
  見込まれる効果). Plan data, public from adoption like titles; a revision's import updates it.
- Stage 工程: the stage planned for a year (検討 / 準備 / 実施 / 拡充 / 完了).
- PlanVersion 版: 策定 (number 0) and each 改定・中間見直し, with its date, reason and changes.
- Reporting unit 報告単位: the node a report is written for. By default each leaf; a plan may
  report at one level (``Plan.report_depth``, e.g. 項目 with its 詳細 as lines inside the
  report) and override it per item (``Node.report_unit``). A node below a unit is a line (内訳)
  of its unit's report and carries no data of its own. ``site.report_units`` keeps ``is_unit``
  and ``is_line`` from these settings (``unit_flags``).
- A node is tracked (進捗を記録する) in a fiscal year when it is a reporting unit, the year is at
  or after its ``first_fy`` (added by a revision) and before its ``ended_fy`` (廃止・統合・完了 by a
  revision). An ended node is never deleted: its reports, effects and indicators stay.

Rules about sets of nodes live on ``NodeQuerySet`` (``Node.objects.leaves()``, ``.subtree(node)``)
and, for models that reach nodes through a relation, in ``leaf_q``/``subtree_q``: nowhere else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from simple_history.models import HistoricalRecords

from gyokaku.lib import lgcode
from gyokaku.lib.wareki import wareki_fy


def validate_municipality_code(value: str) -> None:
    message = lgcode.validate(value)
    if message:
        raise ValidationError(message)


class Municipality(models.Model):
    """自治体."""

    code = models.CharField(
        "地方公共団体コード", max_length=6, unique=True, validators=[validate_municipality_code]
    )
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "自治体"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


# 行革担当課: the office that runs the plan, named in messages, pages and reports. A setting of
# each plan (the plan office's settings screen, the plan file's ``settings.office_name``).
DEFAULT_OFFICE_NAME = "行政経営課"


class Direction(models.TextChoices):
    """今後の方向性: the default list; a plan may set its own (``Plan.directions``)."""

    NONE = "", "—"
    CONTINUE = "continue", "継続"
    EXPAND = "expand", "拡充"
    REVISE = "revise", "見直し"
    COMPLETE = "complete", "完了"
    ABOLISH = "abolish", "廃止"


# (code, label) in order: the 方向性 of a plan that has not set its own list
DEFAULT_DIRECTIONS: tuple[tuple[str, str], ...] = tuple(
    (code, str(label)) for code, label in Direction.choices if code
)


class Stage(models.TextChoices):
    """工程: the default list of the stage planned for a year (the 個票's schedule and the
    departments' year plans); a plan may set its own (``Plan.stages``)."""

    NONE = "", "—"
    STUDY = "study", "検討"
    PREPARE = "prepare", "準備"
    IMPLEMENT = "implement", "実施"
    EXPAND = "expand", "拡充"
    COMPLETE = "complete", "完了"


STAGE_LABELS: dict[str, str] = dict(Stage.choices)  # the default code → label table of 工程

# (code, label) in order: the 工程 of a plan that has not set its own list
DEFAULT_STAGES: tuple[tuple[str, str], ...] = tuple(
    (code, str(label)) for code, label in Stage.choices if code
)


def _coded_labels(
    stored: list[dict[str, str]], default: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    """A plan's own list of (code, label) settings, or the default when it keeps none."""
    if not stored:
        return dict(default)
    return {str(d["code"]): str(d["label"]) for d in stored}


class Plan(models.Model):
    """計画: one reform plan of one municipality over a span of fiscal years."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="plans")
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField("名称", max_length=300)
    start_fy = models.PositiveSmallIntegerField("計画期間（開始年度）")
    end_fy = models.PositiveSmallIntegerField("計画期間（終了年度）")
    parent_plan = models.CharField("上位計画", max_length=300, blank=True)
    lead = models.TextField("前文", blank=True)
    background = models.TextField("策定の趣旨・背景", blank=True)
    office_name = models.CharField("行革担当課の名称", max_length=100, default=DEFAULT_OFFICE_NAME)
    # 今後の方向性 of this plan: [{"code": …, "label": …}] in order; empty: DEFAULT_DIRECTIONS
    directions = models.JSONField("今後の方向性の選択肢", default=list, blank=True)
    # 工程 of this plan: [{"code": …, "label": …}] in order; empty: DEFAULT_STAGES
    stages = models.JSONField("工程の選択肢", default=list, blank=True)
    # 報告する階層: the depth whose nodes are reported on, those below them being lines of the
    # report (e.g. 4: 項目 with its 詳細 as lines); None: every leaf is reported on its own.
    report_depth = models.PositiveSmallIntegerField("報告する階層", null=True, blank=True)
    # ロゴ: the stored file's name under VAR_DIR/logos (plans.logo), "" for none
    logo = models.CharField("ロゴ", max_length=130, blank=True)
    # Set by the demo loader: pages then mark departments, people and reports as サンプル.
    has_sample_data = models.BooleanField("サンプルデータあり", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "計画"
        ordering = ["-start_fy", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_fy__lte=models.F("end_fy")), name="plan_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def fiscal_years(self) -> range:
        return range(self.start_fy, self.end_fy + 1)

    @property
    def direction_labels(self) -> dict[str, str]:
        """今後の方向性 of this plan, code → label in the plan's order (its own list, else the
        default). A code no longer listed reads as itself where it is shown."""
        return _coded_labels(self.directions, DEFAULT_DIRECTIONS)

    def direction_label(self, code: str) -> str:
        """The label of a report's direction: "" for none, the code itself if not listed."""
        return self.direction_labels.get(code, code) if code else ""

    @property
    def stage_labels(self) -> dict[str, str]:
        """工程 of this plan, code → label in the plan's order (its own list, else the default).
        A code no longer listed reads as itself where it is shown."""
        return _coded_labels(self.stages, DEFAULT_STAGES)

    def stage_label(self, code: str) -> str:
        """The label of a planned stage: "" for none, the code itself if not listed."""
        return self.stage_labels.get(code, code) if code else ""

    @property
    def office_label(self) -> str:
        """How messages name the plan office: 「計画担当（行政経営課）」."""
        return f"計画担当（{self.office_name}）"


class PlanVersion(models.Model):
    """計画の版: the adopted plan (策定, number 0) and each revision (改定・中間見直し).

    A revision never deletes: ``summary`` lists, for people, what it changed (items added,
    ended, merged, renumbered, targets changed), and the nodes point back at the version that
    added or ended them."""

    class Kind(models.TextChoices):
        ADOPTED = "adopted", "策定"
        REVISED = "revised", "改定"
        MIDTERM = "midterm", "中間見直し"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("版")  # 0: 策定
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    decided_on = models.DateField("策定日・改定日", null=True, blank=True)
    # The first fiscal year this version's structure applies to.
    effective_fy = models.PositiveSmallIntegerField("適用年度")
    reason = models.TextField("改定の理由", blank=True)
    summary = models.JSONField("主な変更", default=list, blank=True)  # [str, ...]
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField("登録者", max_length=150, blank=True)

    class Meta:
        verbose_name = "計画の版"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.slug} {self.get_kind_display()} 第{self.number}版"


class EndKind(models.TextChoices):
    """How a node left the plan in a revision."""

    ABOLISHED = "abolished", "廃止"
    MERGED = "merged", "統合"
    COMPLETED = "completed", "完了"


class Level(models.Model):
    """階層: a depth of the tree as the legend (凡例) names it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="levels")
    depth = models.PositiveSmallIntegerField("深さ")
    name = models.CharField("名称", max_length=50)
    description = models.CharField("説明", max_length=300, blank=True)
    numbering = models.CharField("番号の例", max_length=20, blank=True)

    class Meta:
        verbose_name = "階層"
        ordering = ["plan", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "depth"], name="level_unique_depth"),
        ]

    def __str__(self) -> str:
        return self.name


def search_text(*parts: str) -> str:
    """What search compares against: NFKC folds full-width letters and digits, then lower case."""
    return unicodedata.normalize("NFKC", "\n".join(parts)).lower()


# ---- rules about sets of nodes -------------------------------------------------------------


def _path(relation: str, lookup: str) -> str:
    return f"{relation}__{lookup}" if relation else lookup


def leaf_q(relation: str = "") -> Q:
    """A tracked node (取組状況を記録する取組方策) is a reporting unit: a node the plan reports on
    (``is_unit``) or else a leaf that is not a line of a unit's report. Reports, year plans,
    indicators and effects belong to units, and every other node is the sum of those below it."""
    # NOT EXISTS rather than LEFT JOIN … IS NULL (``children__isnull``): PostgreSQL plans it as
    # an anti-join with a sound row estimate; the outer join was estimated at one row and drove
    # nested loops over every effect of a national roll-up (bench/bench_national.py).
    leaf = ~Exists(Node.objects.filter(parent_id=OuterRef(_path(relation, "pk"))))
    unit = Q(**{_path(relation, "is_unit"): True})
    return Q(**{_path(relation, "is_line"): False}) & (unit | Q(leaf))


# (pk, parent pk, depth, the plan office's choice for the node): ``unit_flags``'s rows
UnitRow = tuple[int, int | None, int, bool | None]


def unit_flags(rows: Iterable[UnitRow], report_depth: int | None) -> dict[int, tuple[bool, bool]]:
    """pk → (is_unit, is_line) for ``rows`` in pre-order (parents first). A node below a unit
    is a line; a node with children is a unit when the plan office chose it (True) or, left to
    the plan (None), when it sits at the plan's reported level."""
    rows = list(rows)
    has_children = {parent for _, parent, _, _ in rows if parent is not None}
    flags: dict[int, tuple[bool, bool]] = {}
    for pk, parent, depth, choice in rows:
        above = flags.get(parent) if parent is not None else None
        line = above is not None and (above[0] or above[1])
        chosen = choice is True or (choice is None and depth == report_depth)
        flags[pk] = (not line and pk in has_children and chosen, line)
    return flags


def reports_on(flags: tuple[bool, bool], has_children: bool) -> bool:
    """``leaf_q`` for one node read in Python: a unit, or a leaf that is no line."""
    is_unit, is_line = flags
    return not is_line and (is_unit or not has_children)


def unit_lines(nodes: list[Node], fiscal_year: int) -> dict[int, list[Node]]:
    """内訳: unit pk → the lines below it (nodes reported in its report) tracked in
    ``fiscal_year``, in the order of ``nodes`` (every node of the plan, read with ``parent_id``,
    ``is_unit``, ``is_line``, ``first_fy``, ``ended_fy``). Each line belongs to its nearest unit."""
    by_pk = {node.pk: node for node in nodes}
    out: dict[int, list[Node]] = {}
    for node in nodes:
        if not node.is_line or not node.is_tracked_in(fiscal_year):
            continue
        up = node.parent_id
        while up is not None and not by_pk[up].is_unit:
            up = by_pk[up].parent_id
        if up is not None:
            out.setdefault(up, []).append(node)
    return out


def tracked_in_q(fiscal_year: int | F, relation: str = "") -> Q:
    """The nodes in the plan's structure in ``fiscal_year``: added by then (``first_fy``) and
    not ended before it (``ended_fy`` is the first year no longer tracked). Combine with
    ``leaf_q`` for the nodes that report that year."""
    started = Q(**{_path(relation, "first_fy__isnull"): True}) | Q(
        **{_path(relation, "first_fy__lte"): fiscal_year}
    )
    running = Q(**{_path(relation, "ended_fy__isnull"): True}) | Q(
        **{_path(relation, "ended_fy__gt"): fiscal_year}
    )
    return started & running


def descendants_q(node: Node | str, relation: str = "") -> Q:
    """The nodes below ``node`` (not itself). Keys are paths, so these are the keys that start
    with the node's key and a dash: "1-1" holds "1-1-2" but not "1-10". Given a key rather than
    a node, the caller limits the plan."""
    return _in_plan(node, relation, Q(**{_path(relation, "key__startswith"): f"{_key(node)}-"}))


def subtree_q(node: Node | str, relation: str = "") -> Q:
    """``node`` and the nodes below it (given a key, the caller limits the plan)."""
    here = Q(**{_path(relation, "key"): _key(node)})
    below = Q(**{_path(relation, "key__startswith"): f"{_key(node)}-"})
    return _in_plan(node, relation, here | below)


def _key(node: Node | str) -> str:
    return node if isinstance(node, str) else node.key


def _in_plan(node: Node | str, relation: str, condition: Q) -> Q:
    """Keys are unique only within a plan: a node (not a bare key) brings its plan along."""
    if isinstance(node, str):
        return condition
    return Q(**{_path(relation, "plan_id"): node.plan_id}) & condition


class NodeQuerySet(models.QuerySet["Node"]):
    def leaves(self) -> Self:
        """The nodes that carry reports: the reporting units (``leaf_q``; in any year, see
        ``tracked_in`` for one fiscal year)."""
        return self.filter(leaf_q())

    def tracked_in(self, fiscal_year: int) -> Self:
        """The reporting units tracked in ``fiscal_year`` (``tracked_in_q``)."""
        return self.filter(leaf_q() & tracked_in_q(fiscal_year))

    def current(self) -> Self:
        """The nodes not ended by a revision."""
        return self.filter(ended_fy__isnull=True)

    def subtree(self, node: Node | str) -> Self:
        """``node`` and its descendants (in ``node``'s plan; a key matches in every plan)."""
        return self.filter(subtree_q(node))

    def below(self, node: Node) -> Self:
        """The descendants of ``node``, without ``node`` itself."""
        return self.filter(descendants_q(node))


class Node(models.Model):
    """取組方策: one node of the plan's tree."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField("階層")
    key = models.CharField("キー", max_length=200)
    code = models.CharField("番号", max_length=30)
    title = models.CharField("名称", max_length=500)
    description = models.TextField("説明", blank=True)
    order = models.PositiveIntegerField("順序")  # among its siblings, from 0
    # Pre-order index in the whole plan: ORDER BY position reads the tree in document order.
    position = models.PositiveIntegerField(editable=False)
    search_text = models.TextField(editable=False, blank=True)
    # 担当課: the departments responsible, assigned by the plan office.
    departments = models.ManyToManyField(
        "accounts.Department", blank=True, related_name="nodes", verbose_name="所管課"
    )

    # The plan's life (issue 12): a node added by a revision is tracked from ``first_fy``; one
    # ended by a revision (廃止・統合・完了) is tracked up to the year before ``ended_fy``.
    first_fy = models.PositiveSmallIntegerField("開始年度", null=True, blank=True)
    ended_fy = models.PositiveSmallIntegerField(
        "終了年度（この年度から記録しない）", null=True, blank=True
    )
    end_kind = models.CharField("終了の区分", max_length=20, choices=EndKind.choices, blank=True)
    end_note = models.TextField("終了の理由", blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name="統合先",
    )
    added_in = models.ForeignKey(
        PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="added_nodes"
    )
    ended_in = models.ForeignKey(
        PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="ended_nodes"
    )
    # Keys this node had before a revision renumbered it: old links and files still find it.
    former_keys = models.JSONField("旧キー", default=list, blank=True)

    # 報告単位 (issue 13): the plan office's choice for this item (None: the plan's level
    # decides, True: reported on with the nodes below as its lines, False: the nodes below are
    # reported on). ``is_unit``/``is_line`` follow from it and ``Plan.report_depth``; only
    # ``plans.reporting.reporting_sync`` writes them.
    report_unit = models.BooleanField("報告単位（個別の指定）", null=True, blank=True)
    is_unit = models.BooleanField("報告単位（下位を内訳とする）", default=False, editable=False)
    is_line = models.BooleanField("報告の内訳", default=False, editable=False)

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = "取組方策"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="node_unique_key"),
        ]
        indexes = [models.Index(fields=["plan", "position"], name="node_plan_position")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def printed(self) -> str:
        """The number people read (2-(1)-01-⑤) once ``plans.selectors.number_nodes`` has set
        it; the item's own code before that. Never the key."""
        return str(self.__dict__.get("_printed") or self.code)

    @printed.setter
    def printed(self, number: str) -> None:
        self.__dict__["_printed"] = number

    @property
    def parent_key(self) -> str | None:
        head, sep, _ = self.key.rpartition("-")
        return head if sep else None

    def is_in_subtree_of(self, node: Node) -> bool:
        """``subtree_q`` for one node already read: ``node`` itself or a node below it."""
        return self.plan_id == node.plan_id and (
            self.key == node.key or self.key.startswith(f"{node.key}-")
        )

    @property
    def ancestor_keys(self) -> list[str]:
        """Keys are paths, so the ancestors are the key's prefixes (no query needed)."""
        parts = self.key.split("-")
        return ["-".join(parts[:i]) for i in range(1, len(parts))]

    @property
    def is_ended(self) -> bool:
        return self.ended_fy is not None

    @property
    def end_label(self) -> str:
        """廃止（令和8年度から）: how a page names an item ended by a revision ("" if running)."""
        if self.ended_fy is None:
            return ""
        kind = EndKind(self.end_kind).label if self.end_kind else "終了"
        return f"{kind}（{wareki_fy(self.ended_fy)}から）"

    @property
    def start_label(self) -> str:
        """令和8年度から追加: an item a revision added ("" for an item of the adopted plan)."""
        return f"{wareki_fy(self.first_fy)}から追加" if self.first_fy else ""

    def is_tracked_in(self, fiscal_year: int) -> bool:
        """``tracked_in_q`` for one node already read (leafness is the caller's to know)."""
        started = self.first_fy is None or self.first_fy <= fiscal_year
        return started and (self.ended_fy is None or fiscal_year < self.ended_fy)

    def department_ids(self) -> set[int]:
        """The ids of the departments (担当課) assigned to this node (one query)."""
        return set(self.departments.values_list("pk", flat=True))

    def refresh_search_text(self) -> None:
        self.search_text = search_text(self.code, self.title, self.description)


class ItemSheet(models.Model):
    """個票: what the adopted plan says about one item beyond its title.

    ``schedule`` is the 年度別工程, one entry per fiscal year of the plan period that the plan
    says something about: ``[{"fiscal_year": 2024, "stage": "study", "text": "…"}]`` in year
    order (codes of the plan's 工程, ``Plan.stage_labels``; the text may be empty). It is
    read whole with its item (the 工程表 reads every item's at once), so it is a JSON list
    rather than a row per year."""

    node = models.OneToOneField(Node, on_delete=models.CASCADE, related_name="sheet")
    content = models.TextField("取組内容", blank=True)
    situation = models.TextField("現状と課題", blank=True)
    goal = models.TextField("目標", blank=True)
    schedule = models.JSONField("年度別工程", default=list, blank=True)
    effect_fiscal = models.TextField("見込まれる効果（財政効果）", blank=True)
    effect_other = models.TextField("見込まれる効果（その他の効果）", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # 改定: the revision whose plan file last changed this 個票 (None: as adopted, or changed
    # with the 個票 template). Every earlier content stays in ``history`` with its date.
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects: models.Manager[ItemSheet] = models.Manager()
    node_id: int
    plan_version_id: int | None

    class Meta:
        verbose_name = "個票"

    def __str__(self) -> str:
        return f"個票 {self.node_id}"

    def step(self, fiscal_year: int, labels: dict[str, str]) -> dict[str, str]:
        """The 工程 planned for ``fiscal_year``: ``{"stage", "stage_label", "text"}`` (empty
        strings when the plan says nothing for that year); ``labels``: the plan's
        ``stage_labels``."""
        for entry in self.schedule:
            if entry.get("fiscal_year") == fiscal_year:
                stage = str(entry.get("stage") or "")
                label = labels.get(stage, stage) if stage else ""
                return {"stage": stage, "stage_label": label, "text": str(entry.get("text") or "")}
        return {"stage": "", "stage_label": "", "text": ""}


class SheetProposal(models.Model):
    """A department's proposal to change one item's 個票 (所管課からの個票の変更提案). The plan
    office accepts it (the 個票 then says what was proposed, kept in its history) or declines
    it with a comment; either way the proposal stays as it was made."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "提案中"
        ACCEPTED = "accepted", "採用"
        DECLINED = "declined", "不採用"

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="sheet_proposals")
    sheet = models.JSONField("提案する個票")  # planfile.SheetIn's shape
    base = models.JSONField("提案したときの個票", default=dict)  # accepted only if still so
    reason = models.TextField("提案の理由")
    state = models.CharField("状態", max_length=20, choices=State.choices, default=State.PROPOSED)
    proposed_at = models.DateTimeField("提案日時", auto_now_add=True)
    proposed_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_by_label = models.CharField("提案者", max_length=150, blank=True)
    decided_at = models.DateTimeField("決定日時", null=True, blank=True)
    decided_by_label = models.CharField("決定者", max_length=150, blank=True)
    comment = models.TextField("計画担当のコメント", blank=True)

    objects: models.Manager[SheetProposal] = models.Manager()
    node_id: int

    class Meta:
        verbose_name = "個票の変更提案"
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"個票の変更提案 {self.node_id} {self.state}"
