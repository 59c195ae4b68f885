"""Issue 12's "done when" for revisions: a full 中間見直し of the Aomori demo plan, with data in
every year so far (FY2024 published, FY2025 in every state), adds, ends, merges and renumbers
items. No report, effect, indicator value, year plan or audit event is lost, and the public
pages, the API and the open data show both versions' structure."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from gyokaku.audit.models import AuditEvent
from gyokaku.demo.loader import demo_load
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.measures.models import FiscalEffect, IndicatorActual, IndicatorTarget
from gyokaku.measures.rollup import plan_rollup
from gyokaku.measures.selectors import effect_targets_for
from gyokaku.measures.services import effect_targets_update
from gyokaku.opendata.selectors import PublicData
from gyokaku.plans.models import Node, Plan, PlanVersion
from gyokaku.plans.planfile import iter_nodes, validate_plan_data
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition, ReportContent
from gyokaku.site.revision_spec import spec_from_options
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import ProgressReport, YearPlan
from gyokaku.tracking.services import round_open

pytestmark = pytest.mark.django_db

ENDED = "1-1-01-1"  # ① 適正な人員配置: 廃止 from FY2026 (its heading 1-1-01 ends with it)
MERGED = "1-1-02-3"  # ③ 人事評価の給与・昇任への反映 → ② 主体的かつ積極的に挑戦する人材の育成
INTO = "1-1-02-2"
OLD, NEW = "1-2-01-1", "1-2-01-2"  # renumbered ① → ② and retitled: the office maps it
ADDED = "1-1-02-4"


def _counts() -> dict[str, int]:
    return {
        "reports": ProgressReport.objects.count(),
        "effects": FiscalEffect.objects.count(),
        "indicator_values": IndicatorActual.objects.count() + IndicatorTarget.objects.count(),
        "year_plans": YearPlan.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def _revised(plan: Plan) -> dict[str, object]:
    data = plan_file_data(plan=plan)
    nodes = {n["key"]: n for n in iter_nodes(data["nodes"])}
    nodes["1-1"]["children"] = [c for c in nodes["1-1"]["children"] if c["key"] != "1-1-01"]
    group = nodes["1-1-02"]
    group["children"] = [c for c in group["children"] if c["key"] != MERGED]
    group["children"].append(
        {
            **{k: v for k, v in group["children"][0].items() if k != "children"},
            "key": ADDED,
            "code": "④",
            "title": "デジタル人材の育成",
            "description": "",
            "children": [],
        }
    )
    nodes[OLD].update(key=NEW, code="②", title="働きやすく魅力ある職場環境づくり")
    return data


def test_a_full_revision_of_the_aomori_plan_loses_nothing() -> None:
    demo_load()
    plan = Plan.objects.get(slug=AOMORI_SLUG)
    before = _counts()
    effects_2025 = plan_rollup(plan=plan, fiscal_year=2025, published_only=False).total
    renumbered_id = Node.objects.get(plan=plan, key=OLD).pk

    report = plan_import(
        plan_file=validate_plan_data(_revised(plan)),
        actor_label="行政経営課",
        revision=spec_from_options(
            kind="中間見直し",
            decided_on="2026-03-27",
            effective_fy=2026,
            reason="中間見直しによる取組の再編",
            ends=[f"{ENDED}=廃止", f"{MERGED}=統合:2026:{INTO}"],
            maps=[f"{OLD}={NEW}"],
        ),
    )

    after = _counts()
    assert after == {**before, "audit": before["audit"] + 1}
    assert report.version_label == "中間見直し 第1版"
    node = {n.key: n for n in Node.objects.filter(plan=plan)}
    assert (node[ENDED].ended_fy, node[ENDED].end_kind) == (2026, "abolished")
    assert node["1-1-01"].ended_fy == 2026  # the heading ends with its only item
    assert node[MERGED].merged_into == node[INTO]
    assert node[NEW].pk == renumbered_id and node[NEW].former_keys == [OLD]
    assert node[ADDED].first_fy == 2026
    # The totals of the years before keep every item's data; from FY2026 the ended ones are
    # not expected.
    again = plan_rollup(plan=plan, fiscal_year=2025, published_only=False).total
    assert again.as_dict() == effects_2025.as_dict()
    tracked = Node.objects.filter(plan=plan).tracked_in
    assert tracked(2025).count() == tracked(2026).count() + 2 - 1
    round_open(plan=plan, fiscal_year=2026, actor=_office())
    asked = set(
        ProgressReport.objects.filter(round__plan=plan, fiscal_year=2026).values_list(
            "node__key", flat=True
        )
    )
    assert ENDED not in asked and MERGED not in asked and ADDED in asked and NEW in asked

    client = Client()
    page = client.get(f"/plans/{AOMORI_SLUG}/").content.decode()
    assert "改定履歴" in page and "中間見直し" in page and "令和8年3月27日" in page
    assert "廃止（令和8年度から）" in page and "令和8年度から追加" in page
    ended_page = client.get(f"/plans/{AOMORI_SLUG}/nodes/{MERGED}/").content.decode()
    assert "統合（令和8年度から）" in ended_page
    assert "主体的かつ積極的に挑戦する人材の育成" in ended_page  # the item it went into
    assert "令和6年度" in ended_page  # its published FY2024 report stays public
    old_link = client.get(f"/plans/{AOMORI_SLUG}/nodes/{OLD}/")
    assert old_link.status_code == 301 and old_link["Location"].endswith(f"/nodes/{NEW}/")

    versions = client.get(f"/api/v1/plans/{AOMORI_SLUG}/versions").json()
    assert [(v["number"], v["kind"], v["effective_fy"]) for v in versions] == [
        (0, "adopted", 2024),
        (1, "midterm", 2026),
    ]
    assert any("デジタル人材の育成" in line for line in versions[1]["summary"])
    api_node = client.get(f"/api/v1/plans/{AOMORI_SLUG}/nodes/{MERGED}").json()
    assert api_node["ended_fy"] == 2026 and api_node["end_kind"] == "merged"
    assert api_node["merged_into"]["key"] == INTO and api_node["ended_in_version"] == 1
    assert [p["fiscal_year"] for p in api_node["progress"]] == [2024]  # published only
    tree = client.get(f"/api/v1/plans/{AOMORI_SLUG}").json()
    in_tree = {n["key"]: n for n in iter_nodes(tree["nodes"])}
    assert in_tree[ENDED]["ended_fy"] == 2026 and in_tree[ADDED]["first_fy"] == 2026

    rows = {r["node_key"]: r for r in PublicData(plan).rows("nodes")}
    assert (rows[ENDED]["ended_fy"], rows[ENDED]["end_kind"]) == (2026, "廃止")
    assert rows[MERGED]["merged_into_key"] == INTO
    assert rows[NEW]["former_keys"] == OLD and rows[ADDED]["first_fy"] == 2026
    assert rows["1-1-02-1"]["ended_fy"] is None

    # A target changed as part of the revision: recorded with its version, public (issue 12 #2)
    office = _office()
    view = effect_targets_for(plan)
    raised = [{**t, "target_yen": t["target_yen"] + 1_000_000} for t in view.targets[:1]]
    effect_targets_update(
        plan=plan,
        actor=office,
        targets=raised + view.targets[1:],
        expected_version=view.version,
        reason="中間見直しで目標額を引き上げ",
        plan_version=PlanVersion.objects.get(plan=plan, number=1),
    )
    [change] = client.get(f"/api/v1/plans/{AOMORI_SLUG}/target-changes").json()["changes"]
    assert change["plan_version"] == 1 and change["reason"] == "中間見直しで目標額を引き上げ"
    assert _counts()["effects"] == before["effects"]

    # The annual report shows the year's structure: FY2025 still has the ended items and not
    # the added one; FY2026 lists the ended ones apart, with the item a merge went into.
    def keys(c: ReportContent) -> set[str]:
        return {item.node.key for item in c.items}

    fy2025 = report_content(plan=plan, fiscal_year=2025, edition=Edition.INTERNAL)
    assert {ENDED, MERGED} <= keys(fy2025) and ADDED not in keys(fy2025) and not fy2025.ended
    fy2026 = report_content(plan=plan, fiscal_year=2026, edition=Edition.INTERNAL)
    assert ADDED in keys(fy2026) and not {ENDED, MERGED} & keys(fy2026)
    ended = {e.title: e for e in fy2026.ended}
    assert ended[node[ENDED].title].label == "廃止（令和8年度から）"
    merged = ended[node[MERGED].title]
    assert merged.label == "統合（令和8年度から）" and merged.number == "1-(1)-02-③"
    assert merged.into == "1-(1)-02-② 主体的かつ積極的に挑戦する人材の育成"
    html = FORMATS["html"].render(fy2026, NO_PROGRESS).decode("utf-8")
    assert "計画の改定により終了した取組（令和8年度までに終了）" in html
    assert "1-(1)-02-② 主体的かつ積極的に挑戦する人材の育成" in html
    book = load_workbook(io.BytesIO(FORMATS["xlsx"].render(fy2026, NO_PROGRESS)))
    table = [c.value for row in book["総括表"].iter_rows() for c in row]
    assert "計画の改定により終了した取組（令和8年度までに終了）" in table
    assert "統合（令和8年度から）" in table
    word = Document(io.BytesIO(FORMATS["docx"].render(fy2026, NO_PROGRESS)))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "廃止（令和8年度から）" in cells


def _office() -> object:
    from django.contrib.auth import get_user_model

    from gyokaku.accounts.access import actor_for

    return actor_for(get_user_model().objects.get(username="demo-coordinator"))
