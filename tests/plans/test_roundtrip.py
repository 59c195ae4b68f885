"""Export → import into an empty database → export gives the same JSON, for every format."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gyokaku.demo.seed import AOMORI_SLUG, aomori_plan_bytes, load_aomori
from gyokaku.plans.formats import FORMATS
from gyokaku.plans.models import Municipality, Plan
from gyokaku.plans.outline import parse_outline
from gyokaku.plans.outline.sample import generate_plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


def _empty_database() -> None:
    Plan.objects.all().delete()
    Municipality.objects.all().delete()


def _round_trip(slug: str, fmt_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    before = plan_file_data(plan=plan_for(slug=slug))
    fmt = FORMATS.get(fmt_name)
    content = fmt.dump(before)
    _empty_database()
    data = fmt.load(content, name=f"plan.{fmt_name}")
    # Outline text carries neither a slug nor a municipality code (the name only as the
    # title's prefix): the import command's --slug and --municipality-* options supply them.
    plan_file = validate_plan_data(
        data,
        slug=slug,
        municipality_code=before["municipality"]["code"],
        municipality_name=before["municipality"]["name"],
    )
    plan_import(plan_file=plan_file, actor_label="test")
    return before, plan_file_data(plan=plan_for(slug=slug))


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
def test_the_aomori_plan_round_trips(fmt_name: str) -> None:
    load_aomori()
    before, after = _round_trip(AOMORI_SLUG, fmt_name)
    assert json.dumps(after, ensure_ascii=False) == json.dumps(before, ensure_ascii=False)


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
@pytest.mark.parametrize("seed", [1, 2])
def test_generated_plans_round_trip(fmt_name: str, seed: int) -> None:
    data = generate_plan(300, seed=seed)
    data["slug"] = f"generated-{seed}"
    data["municipality"] = {"code": "011002", "name": "札幌市"}
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    before, after = _round_trip(data["slug"], fmt_name)
    assert after == before


def test_the_bundled_plan_is_the_parse_of_the_bundled_text() -> None:
    from importlib import resources

    text = (
        resources.files("gyokaku.plans")
        .joinpath("data", "aomori-2024-2028-summary.txt")
        .read_text(encoding="utf-8")
    )
    parsed = parse_outline(text, slug=AOMORI_SLUG).plan
    parsed["municipality"]["code"] = "022012"  # the one thing the summary does not print
    assert parsed == json.loads(aomori_plan_bytes())


def test_the_aomori_plan_has_85_nodes_in_five_levels() -> None:
    plan = load_aomori()
    counts: dict[int, int] = {}
    for depth in plan.nodes.values_list("depth", flat=True):
        counts[depth] = counts.get(depth, 0) + 1
    assert counts == {1: 5, 2: 10, 3: 17, 4: 43, 5: 10}
    assert plan.nodes.get(key="2-1-01-2").title == "書かない窓口の導入"
    assert plan.nodes.get(key="3-2-01-2-a").title == "学校給食施設運営の合理化"
    assert plan.municipality.code == "022012"
    assert (plan.start_fy, plan.end_fy) == (2024, 2028)
