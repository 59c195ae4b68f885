"""A revision (改定) by import: nothing with records is deleted; items end, merge, renumber."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from tests.support.world import TEST_PLAN, World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.rollup import plan_rollup
from gyokaku.plans.models import EndKind, Node, PlanVersion
from gyokaku.plans.planfile import PlanFileError, validate_plan_data
from gyokaku.site.import_report import ImportReport
from gyokaku.site.revision_spec import spec_from_options
from gyokaku.site.services import plan_import
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import round_open

pytestmark = pytest.mark.django_db


def _plan() -> dict[str, Any]:
    return copy.deepcopy(TEST_PLAN)


def _item(key: str, code: str, title: str) -> dict[str, Any]:
    return {
        "key": key,
        "code": code,
        "level": 2,
        "title": title,
        "description": "",
        "departments": ["dx"],
        "children": [],
    }


def _revise(data: dict[str, Any], dry_run: bool = False, **options: Any) -> ImportReport:
    return plan_import(
        plan_file=validate_plan_data(data),
        actor_label="test",
        dry_run=dry_run,
        revision=spec_from_options(**options),
    )


def test_an_item_with_records_missing_from_the_file_is_refused_by_name(world: World) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]  # 1-2 電子契約の導入 has its FY2024 report
    events = AuditEvent.objects.count()
    with pytest.raises(PlanFileError) as caught:
        _revise(data, effective_fy=2026)
    message = str(caught.value)
    assert "1-②「電子契約の導入」が新しい計画にありません（取組状況 1 件）" in message
    assert "--end 1-2=廃止:年度" in message
    assert world.node("1-2").ended_fy is None
    assert ProgressReport.objects.filter(node__key="1-2").count() == 2  # both plans
    assert AuditEvent.objects.count() == events
    assert PlanVersion.objects.filter(plan=world.plan).count() == 1


def test_a_revision_without_its_year_is_refused(world: World) -> None:
    data = _plan()
    data["nodes"][1]["children"] = [_item("2-1", "①", "新しい取組")]
    data["nodes"][1]["children"][0]["level"] = 2
    with pytest.raises(PlanFileError, match="--effective-fy"):
        _revise(data)


def test_ending_keeps_the_item_and_its_reports_and_makes_a_version(world: World) -> None:
    report_id = world.report("1-2").pk
    data = _plan()
    del data["nodes"][0]["children"][1]
    data["nodes"][0]["children"].append(_item("1-3", "③", "電子申請の拡充"))
    result = _revise(
        data,
        effective_fy=2026,
        decided_on="2026-03-27",
        reason="国の方針変更",
        ends=["1-2=廃止"],
    )
    node = world.node("1-2")
    assert (node.ended_fy, node.end_kind) == (2026, EndKind.ABOLISHED)
    assert ProgressReport.objects.filter(pk=report_id, node=node).exists()
    assert [d.code for d in node.departments.all()] == ["dx"]  # its 担当課 stays
    version = PlanVersion.objects.get(plan=world.plan, number=1)
    assert (version.kind, version.decided_on, version.effective_fy, version.reason) == (
        "revised",
        dt.date(2026, 3, 27),
        2026,
        "国の方針変更",
    )
    assert node.ended_in == version
    added = world.node("1-3")
    assert (added.first_fy, added.added_in) == (2026, version)
    assert version.summary == [
        "追加（令和8年度から）　1-③ 電子申請の拡充",
        "廃止（令和8年度から）　1-② 電子契約の導入　取組状況 1 件を保持",
    ]
    assert result.version_label == "改定 第1版"
    # the ended item stays in the tree after the current ones
    assert list(Node.objects.filter(plan=world.plan).values_list("key", flat=True)) == [
        "1",
        "1-1",
        "1-3",
        "1-2",
        "2",
    ]
    event = AuditEvent.objects.filter(action="plan.import").order_by("-pk").first()
    assert event is not None and event.target == "第1版"


def test_a_merge_points_at_the_item_it_went_into(world: World) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    _revise(data, effective_fy=2025, kind="中間見直し", ends=["1-2=統合:2025:1-1"])
    node = world.node("1-2")
    assert node.end_kind == EndKind.MERGED and node.merged_into == world.node("1-1")
    assert PlanVersion.objects.get(plan=world.plan, number=1).kind == "midterm"


def test_a_merge_into_an_unknown_item_is_refused(world: World) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    with pytest.raises(PlanFileError, match="統合先「9-9」は新しい計画ファイルにありません"):
        _revise(data, effective_fy=2025, ends=["1-2=統合:2025:9-9"])


def test_renumbering_keeps_the_reports_and_the_old_key(world: World) -> None:
    """Two items swap their numbers and titles change: the plan office maps them."""
    ids = {key: world.node(key).pk for key in ("1-1", "1-2")}
    data = _plan()
    first, second = data["nodes"][0]["children"]
    first.update(key="1-2", code="②", title="書かない窓口の全庁展開")
    second.update(key="1-1", code="①", title="電子契約の全面導入")
    data["nodes"][0]["children"] = [second, first]
    result = _revise(data, effective_fy=2026, maps=["1-1=1-2", "1-2=1-1"])
    assert world.node("1-2").pk == ids["1-1"] and world.node("1-1").pk == ids["1-2"]
    assert world.node("1-2").former_keys == ["1-1"]
    assert world.report("1-2").node_id == ids["1-1"]
    assert [str(i) for i in result.items if i.action == "renumber"] == [
        "番号変更 1-②→1-①　1-① 電子契約の全面導入　取組状況 1 件を保持",
        "番号変更 1-①→1-②　1-② 書かない窓口の全庁展開　取組状況 1 件を保持",
    ]


def test_an_item_moved_under_another_heading_with_the_same_title_keeps_its_data(
    world: World,
) -> None:
    report_id = world.report("1-2").pk
    data = _plan()
    moved = data["nodes"][0]["children"].pop()
    moved.update(key="2-1", code="①")
    data["nodes"][1]["children"].append(moved)
    data["nodes"][1]["departments"] = []
    _revise(data, effective_fy=2026)
    node = world.node("2-1")
    assert node.former_keys == ["1-2"] and node.parent == world.node("2")
    assert ProgressReport.objects.get(pk=report_id).node == node


def test_a_dry_run_lists_each_item_and_changes_nothing(world: World) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    result = _revise(data, dry_run=True, effective_fy=2026, ends=["1-2=完了"])
    assert [i.what for i in result.items] == [
        "変更なし",
        "変更なし",
        "完了（令和8年度から）",
        "変更なし",
    ]
    assert world.node("1-2").ended_fy is None
    assert not PlanVersion.objects.filter(plan=world.plan, number=1).exists()


def test_an_ended_item_is_not_asked_again_and_not_expected(world: World) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    _revise(data, effective_fy=2025, ends=["1-2=完了"])
    round_open(plan=world.plan, fiscal_year=2025, actor=world.actor("carol"))
    assert not world.plan.nodes.get(key="1-2").reports.filter(fiscal_year=2025).exists()
    assert ProgressReport.objects.filter(node__plan=world.plan, fiscal_year=2025).count() == 2
    assert plan_rollup(plan=world.plan, fiscal_year=2025, published_only=False).total.tracked == 2
    assert plan_rollup(plan=world.plan, fiscal_year=2024, published_only=False).total.tracked == 3


def test_a_report_of_a_year_its_item_no_longer_runs_stays_but_is_not_counted(
    world: World,
) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    _revise(data, effective_fy=2024, ends=["1-2=廃止"])
    assert world.report("1-2").node.ended_fy == 2024  # the report is kept
    total = plan_rollup(plan=world.plan, fiscal_year=2024, published_only=False).total
    assert (total.tracked, total.reported) == (2, 2)


def test_importing_the_revised_file_again_changes_nothing(world: World) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    _revise(data, effective_fy=2026, ends=["1-2=廃止"])
    again = _revise(data)
    assert not again.changed
    assert PlanVersion.objects.filter(plan=world.plan).count() == 2


def test_the_file_can_say_what_the_revision_is(world: World) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    data["revision"] = {
        "kind": "中間見直し",
        "decided_on": "2026-03-27",
        "effective_fy": 2026,
        "reason": "中間見直し",
        "ended": [{"key": "1-2", "kind": "統合", "into": "1-1", "note": "一体で進める"}],
    }
    _revise(data)
    node = world.node("1-2")
    assert (node.end_kind, node.ended_fy, node.end_note) == ("merged", 2026, "一体で進める")


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command("plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_takes_the_revision_options(world: World, tmp_path: Path) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    path = tmp_path / "rev.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = _call("import", str(path), "--dry-run", "--effective-fy", "2026", "--end", "1-2=廃止")
    assert "廃止（令和8年度から）　1-② 電子契約の導入　取組状況 1 件を保持" in out
    with pytest.raises(CommandError, match="何も変更していません"):
        _call("import", str(path), "--end", "1-2=やめる")
    _call("import", str(path), "--effective-fy", "2026", "--end", "1-2=廃止:2027")
    assert world.node("1-2").ended_fy == 2027


def test_a_second_revision_ends_a_heading_whose_items_ended_over_two_revisions(
    world: World,
) -> None:
    data = _plan()
    del data["nodes"][0]["children"][1]
    _revise(data, effective_fy=2026, ends=["1-2=廃止"])
    del data["nodes"][0]  # the whole pillar 1; its last item completes in FY2027
    result = _revise(data, effective_fy=2027, ends=["1-1=完了"])
    heading = world.node("1")
    assert (heading.ended_fy, heading.ended_in.number if heading.ended_in else None) == (2027, 2)
    assert world.node("1-2").ended_fy == 2026 and world.node("1-1").ended_fy == 2027
    assert result.version_label == "改定 第2版"
    assert ProgressReport.objects.filter(node__plan=world.plan).count() == 3
