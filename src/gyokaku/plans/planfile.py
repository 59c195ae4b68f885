"""The plan file (`gyokaku-plan/1`): its shape, and validation that says where a problem is.

Every format (JSON, YAML, XLSX, outline text) reads into and writes from the same dict; this
module checks that dict before anything touches the database. Problems name their place as a
path into the file (``nodes[0].children[2].title``) so a person can find them. Text refuses
control characters (``text_fields``; titles, names and codes also tab and newline).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gyokaku.lib import lgcode
from gyokaku.lib.text_fields import LineStr, MultiLineStr

FORMAT = "gyokaku-plan/1"
MAX_NODES = 20_000
MAX_FILE_BYTES = 50 * 1024 * 1024  # a 20,000-node plan file is a few MB
MAX_DEPTH = 10
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_SEGMENT_RE = re.compile(r"^[0-9A-Za-z]+$")


@dataclass(frozen=True)
class Problem:
    where: str  # "nodes[0].title", or "取組方策!C5" for a sheet
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class PlanFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class MunicipalityIn(_Strict):
    code: LineStr | None = None
    name: LineStr | None = Field(default=None, max_length=100)


class PeriodIn(_Strict):
    start_fy: int | None = Field(default=None, ge=1900, le=2200)
    end_fy: int | None = Field(default=None, ge=1900, le=2200)


class LevelIn(_Strict):
    depth: int = Field(ge=1, le=MAX_DEPTH)
    name: LineStr = Field(min_length=1, max_length=50)
    description: LineStr = Field(default="", max_length=300)
    numbering: LineStr = Field(default="", max_length=20)


class DepartmentIn(_Strict):
    code: LineStr = Field(min_length=1, max_length=30)
    name: LineStr = Field(min_length=1, max_length=100)


SHEET_TEXT_MAX = 4000  # characters in one 個票 field (a page of A4 at most)


class ScheduleIn(_Strict):
    """年度別工程: one fiscal year of an item's schedule."""

    fiscal_year: int = Field(ge=1900, le=2200)
    # a code of the plan's 工程 (settings.stages, else the plan's list or the default)
    stage: str = Field(default="", max_length=20, pattern=r"^[a-z0-9_]*$")
    text: MultiLineStr = Field(default="", max_length=SHEET_TEXT_MAX)


class SheetIn(_Strict):
    """個票: what the plan says about an item beyond its title. Absent from a node: the import
    keeps the item's 個票 as it is (files from before 個票 existed still load); present, it
    replaces it (an empty ``{}`` clears it)."""

    content: MultiLineStr = Field(default="", max_length=SHEET_TEXT_MAX)  # 取組内容
    situation: MultiLineStr = Field(default="", max_length=SHEET_TEXT_MAX)  # 現状と課題
    goal: MultiLineStr = Field(default="", max_length=SHEET_TEXT_MAX)  # 目標
    schedule: list[ScheduleIn] = Field(default_factory=list, max_length=50)  # 年度別工程
    effect_fiscal: MultiLineStr = Field(default="", max_length=SHEET_TEXT_MAX)  # 財政効果
    effect_other: MultiLineStr = Field(default="", max_length=SHEET_TEXT_MAX)  # その他の効果


EndWord = Literal["廃止", "統合", "完了", "abolished", "merged", "completed"]
MERGE_WORDS = ("統合", "merged")


class NodeIn(_Strict):
    key: LineStr = Field(min_length=1, max_length=200)
    code: LineStr = Field(min_length=1, max_length=30)
    level: int = Field(ge=1, le=MAX_DEPTH)
    title: LineStr = Field(min_length=1, max_length=500)
    description: MultiLineStr = ""
    departments: list[str] = Field(default_factory=list)  # 所管課 codes
    sheet: SheetIn | None = None  # 個票
    # The item's life over the plan (改定), as `plan export` writes it. A new plan takes it as it
    # is; for a plan already here it must agree with the database (items are ended through
    # ``revision.ended``, not by editing these).
    first_fy: int | None = Field(default=None, ge=1900, le=2200)  # 開始年度 (added by a 改定)
    ended_fy: int | None = Field(default=None, ge=1900, le=2200)  # 終了年度: first year not tracked
    end_kind: EndWord | None = None  # 廃止・統合・完了
    merged_into: LineStr | None = Field(default=None, max_length=200)  # 統合先 (key in this file)
    end_note: MultiLineStr = ""  # 終了の理由
    # 報告単位 for this item (true: reported on, the items below it being lines of its report;
    # false: the items below it are reported on); absent: settings.report_depth decides
    report_unit: bool | None = None
    children: list[NodeIn] = Field(default_factory=list)

    @property
    def life(self) -> tuple[int | None, int | None, str | None, str | None, str]:
        return self.first_fy, self.ended_fy, self.end_kind, self.merged_into, self.end_note


class RatingValueIn(_Strict):
    code: LineStr = Field(min_length=1, max_length=20)
    label: LineStr = Field(min_length=1, max_length=50)
    description: LineStr = Field(default="", max_length=200)
    on_track: bool = False  # counts as 順調 in roll-ups
    not_rated: bool = False  # 評価対象外


class RatingScaleIn(_Strict):
    code: str = Field(min_length=1, max_length=30, pattern=r"^[a-z0-9_]+$")
    name: LineStr = Field(min_length=1, max_length=50)
    values: list[RatingValueIn] = Field(min_length=2)


class EndIn(_Strict):
    """An item the revision ends (廃止・統合・完了) instead of deleting it."""

    key: LineStr = Field(min_length=1, max_length=200)  # its key before the revision
    kind: EndWord
    from_fy: int | None = Field(default=None, ge=1900, le=2200)  # first year not tracked
    into: LineStr | None = Field(default=None, max_length=200)  # 統合先 (key in this file)
    note: MultiLineStr = ""


class RevisionIn(_Strict):
    """改定・中間見直し: what a revised plan file says about the revision itself (the command's
    options fill or override it)."""

    kind: Literal["改定", "中間見直し", "revised", "midterm"] = "改定"
    decided_on: dt.date | None = None  # 改定日
    effective_fy: int | None = Field(default=None, ge=1900, le=2200)  # 適用年度
    reason: MultiLineStr = ""
    ended: list[EndIn] = Field(default_factory=list)
    renumbered: dict[str, str] = Field(default_factory=dict)  # old key -> new key


class CodedIn(_Strict):
    """One choice of a plan's list: a 今後の方向性 (拡充, 継続, 改善・見直し …) or a 工程
    (検討, 準備, 実施 …)."""

    code: str = Field(min_length=1, max_length=20, pattern=r"^[a-z0-9_]+$")
    label: LineStr = Field(min_length=1, max_length=30)


class PlanSettingsIn(_Strict):
    """計画ごとの設定. Each key absent (or ``settings`` absent): the import keeps the plan's
    setting as it is (a new plan gets the default)."""

    office_name: LineStr | None = Field(default=None, min_length=1, max_length=100)  # 行革担当課
    # 今後の方向性 in order; codes used by reports cannot be left out (site.plan_settings)
    directions: list[CodedIn] | None = Field(default=None, min_length=1, max_length=30)
    # 工程 in order; codes used by year plans or 個票 cannot be left out
    stages: list[CodedIn] | None = Field(default=None, min_length=1, max_length=30)
    # 報告する階層: the level (depth) whose items are reported on, those below them being lines
    # of their reports; 0: each leaf item on its own (the default)
    report_depth: int | None = Field(default=None, ge=0, le=MAX_DEPTH)


class PlanFile(_Strict):
    format: Literal["gyokaku-plan/1"]
    municipality: MunicipalityIn
    slug: LineStr | None = Field(default=None, max_length=100)
    title: LineStr = Field(min_length=1, max_length=300)
    period: PeriodIn
    parent_plan: LineStr | None = Field(default=None, max_length=300)
    lead: MultiLineStr = ""
    background: MultiLineStr = ""
    # 所管課. Absent: the file says nothing about assignments and an import keeps them as
    # they are; present (even empty): the file is the truth about departments and assignments.
    departments: list[DepartmentIn] | None = None
    # 評価区分: one or two axes. Absent: keep the plan's scales (or the defaults).
    rating_scales: list[RatingScaleIn] | None = Field(default=None, min_length=1, max_length=2)
    levels: list[LevelIn] = Field(min_length=1)
    nodes: list[NodeIn] = Field(min_length=1)
    # 改定: absent for a first import or an edit of a plan not yet in operation.
    revision: RevisionIn | None = None
    # 計画ごとの設定: absent keeps the plan's settings; exports write only what differs from
    # the defaults, so a plan on the defaults exports as before.
    settings: PlanSettingsIn | None = None


def decode_utf8(content: bytes, name: str) -> str:
    """Text files are UTF-8 (a BOM, as Windows tools write it, is allowed)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            [Problem(name, f"UTF-8 として読めません（{exc.start + 1} バイト目）")]
        ) from None


_MESSAGES = {
    "missing": "必須項目がありません",
    "extra_forbidden": "この項目は計画ファイルにありません",
    "string_type": "文字列で指定してください",
    "string_unicode": "使えない文字（対のないサロゲート U+D800–U+DFFF）が含まれています",
    "int_type": "整数で指定してください",
    "int_parsing": "整数で指定してください",
    "list_type": "配列（リスト）で指定してください",
    "model_type": "オブジェクトで指定してください",
    "string_too_short": "空にできません",
    "string_too_long": "長すぎます",
    "too_short": "件数が足りません",
    "too_long": "件数が多すぎます（評価区分は 2 軸まで）",
    "string_pattern_mismatch": "半角英小文字・数字・_ で入力してください",
    "bool_type": "true か false で指定してください",
    "bool_parsing": "true か false で指定してください",
    "date_from_datetime_parsing": "日付は 2026-03-31 の形で指定してください",
    "date_parsing": "日付は 2026-03-31 の形で指定してください",
    "date_type": "日付は 2026-03-31 の形で指定してください",
    "dict_type": "旧キーから新キーへの対応（オブジェクト）で指定してください",
    "literal_error": f"「{FORMAT}」を指定してください",
    "greater_than_equal": "値が小さすぎます",
    "less_than_equal": "値が大きすぎます",
}


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pydantic_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        # our own checks (text_fields: control characters) arrive as value errors
        message = _MESSAGES.get(err["type"], err["msg"].removeprefix("Value error, "))
        if err["type"] == "literal_error" and tuple(err["loc"]) != ("format",):
            expected = str(err.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
            message = f"次のいずれかを指定してください: {expected}"
        problems.append(Problem(_loc(tuple(err["loc"])), message))
    return problems


def validate_plan_data(
    data: Any,
    *,
    slug: str | None = None,
    municipality_code: str | None = None,
    municipality_name: str | None = None,
) -> PlanFile:
    """Check ``data`` as a plan file to import; raise PlanFileError listing every problem.

    ``slug`` and the municipality options fill or override what the file says (outline text
    carries no municipality code, for example).
    """
    if not isinstance(data, dict):
        raise PlanFileError([Problem("", "計画ファイルの最上位はオブジェクトである必要があります")])
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        raise PlanFileError(_pydantic_problems(exc)) from None
    if slug:
        plan.slug = slug
    if municipality_code:
        plan.municipality.code = municipality_code
    if municipality_name:
        plan.municipality.name = municipality_name
    problems = _check_plan(plan)
    if problems:
        raise PlanFileError(problems)
    return plan


def _check_plan(plan: PlanFile) -> list[Problem]:
    problems: list[Problem] = []
    if not plan.slug:
        problems.append(Problem("slug", "スラッグがありません（--slug で指定できます）"))
    elif not SLUG_RE.match(plan.slug):
        problems.append(
            Problem(
                "slug", f"スラッグ「{plan.slug}」は半角英小文字・数字・ハイフンで指定してください"
            )
        )
    code = plan.municipality.code
    if not code:
        problems.append(
            Problem(
                "municipality.code",
                "地方公共団体コードがありません（--municipality-code で指定できます）",
            )
        )
    elif message := lgcode.validate(code):
        problems.append(Problem("municipality.code", message))
    if not plan.municipality.name:
        problems.append(
            Problem(
                "municipality.name", "自治体名がありません（--municipality-name で指定できます）"
            )
        )
    start, end = plan.period.start_fy, plan.period.end_fy
    if start is None or end is None:
        problems.append(Problem("period", "計画期間（開始年度・終了年度）がありません"))
    elif start > end:
        problems.append(Problem("period", f"開始年度 {start} が終了年度 {end} より後です"))
    depths = [level.depth for level in plan.levels]
    if depths != list(range(1, len(depths) + 1)):
        problems.append(Problem("levels", "階層の depth は 1 から順に重複なく並べてください"))
    problems.extend(_check_scales(plan.rating_scales or []))
    for name, label in (("directions", "方向性"), ("stages", "工程")):
        items = getattr(plan.settings, name) if plan.settings else None
        if items and len({d.code for d in items}) != len(items):
            problems.append(Problem(f"settings.{name}", f"{label}のコードが重複しています"))
    report_depth = plan.settings.report_depth if plan.settings else None
    if report_depth and report_depth >= len(depths):
        problems.append(
            Problem(
                "settings.report_depth",
                f"報告する階層は 0（末端の取組ごと）か、下位の階層がある 1〜{len(depths) - 1}"
                " で指定してください",
            )
        )
    known = {d.code for d in plan.departments or []}
    if len(known) != len(plan.departments or []):
        problems.append(Problem("departments", "所管課コードが重複しています"))
    problems.extend(_check_nodes(plan.nodes, "nodes", None, len(depths), known, plan.departments))
    if start is not None and end is not None and start <= end:
        stages = plan.settings.stages if plan.settings else None
        codes = {d.code for d in stages} if stages else None
        problems.extend(_check_schedules(plan.nodes, range(start, end + 1), codes))
        problems.extend(_check_lives(plan.nodes, range(start, end + 1)))
    return problems


def walk_nodes(nodes: list[NodeIn]) -> Iterator[tuple[NodeIn, str]]:
    """Every node with its path in the file (nodes[0].children[2]), in document order."""
    stack = [(n, f"nodes[{i}]") for i, n in reversed(list(enumerate(nodes)))]
    while stack:
        node, here = stack.pop()
        yield node, here
        stack.extend(
            (c, f"{here}.children[{i}]") for i, c in reversed(list(enumerate(node.children)))
        )


def _check_lives(nodes: list[NodeIn], years: range) -> list[Problem]:
    """開始年度・終了年度: inside the period, ended with a kind, 統合先 an item of the file."""
    problems = []
    keys = {node.key for node, _ in walk_nodes(nodes)}
    span = f"計画期間（{years[0]}〜{years[-1]}年度）"
    for node, here in walk_nodes(nodes):
        for name in ("first_fy", "ended_fy"):
            year = getattr(node, name)
            if year is not None and year not in years:
                problems.append(Problem(f"{here}.{name}", f"{year}年度は{span}の外です"))
        if (node.ended_fy is None) != (node.end_kind is None):
            problems.append(
                Problem(
                    f"{here}.end_kind" if node.end_kind is None else f"{here}.ended_fy",
                    "終了年度（ended_fy）と終了の区分（end_kind）はそろえて書いてください",
                )
            )
        elif node.end_note and node.end_kind is None:
            problems.append(Problem(f"{here}.end_note", "終了していない項目に終了の理由があります"))
        if node.first_fy and node.ended_fy and node.ended_fy <= node.first_fy:
            problems.append(Problem(f"{here}.ended_fy", "終了年度は開始年度より後にしてください"))
        if node.merged_into is not None:
            if node.end_kind not in MERGE_WORDS:
                problems.append(
                    Problem(f"{here}.merged_into", "統合先は終了の区分が「統合」の項目に書きます")
                )
            elif node.merged_into not in keys or node.merged_into == node.key:
                problems.append(
                    Problem(
                        f"{here}.merged_into",
                        f"統合先「{node.merged_into}」はこのファイルのほかの項目のキーではありません",
                    )
                )
    return problems


def _check_schedules(nodes: list[NodeIn], years: range, codes: set[str] | None) -> list[Problem]:
    """年度別工程: years inside the plan period, each at most once; stages of the file's own
    list ``codes`` (None: the file has none, the import checks them against the plan's)."""
    problems = []
    stack: list[tuple[list[NodeIn], str]] = [(nodes, "nodes")]
    while stack:
        group, path = stack.pop()
        for i, node in enumerate(group):
            here = f"{path}[{i}]"
            seen: set[int] = set()
            for j, step in enumerate(node.sheet.schedule if node.sheet else []):
                where = f"{here}.sheet.schedule[{j}].fiscal_year"
                if step.fiscal_year not in years:
                    problems.append(
                        Problem(
                            where,
                            f"{step.fiscal_year}年度は計画期間（{years[0]}〜{years[-1]}年度）の外です",
                        )
                    )
                elif step.fiscal_year in seen:
                    problems.append(Problem(where, f"{step.fiscal_year}年度が重複しています"))
                seen.add(step.fiscal_year)
                if codes is not None and step.stage and step.stage not in codes:
                    problems.append(
                        Problem(
                            f"{here}.sheet.schedule[{j}].stage",
                            f"工程「{step.stage}」は settings.stages にありません",
                        )
                    )
            if node.children:
                stack.append((node.children, f"{here}.children"))
    return problems


def _check_scales(scales: list[RatingScaleIn]) -> list[Problem]:
    problems = []
    if len({s.code for s in scales}) != len(scales):
        problems.append(Problem("rating_scales", "評価区分のコードが重複しています"))
    for i, scale in enumerate(scales):
        codes = [v.code for v in scale.values]
        if len(set(codes)) != len(codes):
            problems.append(Problem(f"rating_scales[{i}].values", "値のコードが重複しています"))
    return problems


def _check_nodes(
    nodes: list[NodeIn],
    where: str,
    parent: NodeIn | None,
    max_level: int,
    departments: set[str],
    department_list: list[DepartmentIn] | None,
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    count = 0
    stack: list[tuple[list[NodeIn], str, NodeIn | None]] = [(nodes, where, parent)]
    while stack:
        group, path, up = stack.pop()
        for i, node in enumerate(group):
            here = f"{path}[{i}]"
            count += 1
            problems.extend(_check_node(node, here, up, max_level, seen))
            seen.add(node.key)
            unknown = [code for code in node.departments if code not in departments]
            if unknown:
                hint = "" if department_list is not None else "（departments に一覧がありません）"
                problems.append(
                    Problem(
                        f"{here}.departments", f"所管課 {', '.join(unknown)} は未定義です{hint}"
                    )
                )
            if node.children:
                stack.append((node.children, f"{here}.children", node))
    if count > MAX_NODES:
        problems.append(Problem("nodes", f"取組方策が {count} 件あります（上限 {MAX_NODES} 件）"))
    return problems


def _check_node(
    node: NodeIn, here: str, parent: NodeIn | None, max_level: int, seen: set[str]
) -> list[Problem]:
    problems = []
    expected_level = parent.level + 1 if parent else 1
    if node.level != expected_level:
        problems.append(
            Problem(f"{here}.level", f"階層は {expected_level} のはずですが {node.level} です")
        )
    if node.level > max_level:
        problems.append(Problem(f"{here}.level", f"階層 {node.level} は levels にありません"))
    head, _, segment = node.key.rpartition("-")
    expected_head = parent.key if parent else ""
    if head != expected_head or not KEY_SEGMENT_RE.match(segment):
        shown = f"{expected_head}-…" if expected_head else "区切りのない英数字"
        problems.append(
            Problem(f"{here}.key", f"キー「{node.key}」は親のキーに続く形（{shown}）にしてください")
        )
    if node.key in seen:
        problems.append(Problem(f"{here}.key", f"キー「{node.key}」が重複しています"))
    if not node.title.strip():
        problems.append(Problem(f"{here}.title", "名称が空です"))
    return problems


def iter_nodes(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every node of a plan-file node list, in document order, without recursion limits."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.get("children", [])))


def plan_file_dict(plan: PlanFile) -> dict[str, Any]:
    """The validated plan as a plain dict in the file's key order."""
    return plan.model_dump(mode="json")
