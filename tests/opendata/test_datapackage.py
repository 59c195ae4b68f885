"""/opendata/{slug}/datapackage.json: a Frictionless Data Package that describes every file by
its relative path and schema, validated with the frictionless library on the files as served."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from frictionless import validate
from tests.opendata.conftest import Published

from gyokaku.demo.loader import demo_load
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.tables import TABLES
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import ProgressReport, State

pytestmark = pytest.mark.django_db


def download(client: Client, slug: str, folder: Path) -> dict[str, Any]:
    """datapackage.json and every file it names, as a visitor downloads them."""
    response = client.get(f"/opendata/{slug}/datapackage.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    (folder / "datapackage.json").write_bytes(response.content)
    descriptor: dict[str, Any] = json.loads(response.content)
    for resource in descriptor["resources"]:
        got = client.get(f"/opendata/{slug}/{resource['path']}")
        assert got.status_code == 200, resource["path"]
        (folder / resource["path"]).write_bytes(got.content)
    return descriptor


def _errors(folder: Path) -> list[tuple[Any, ...]]:
    """(resource, row, field, error type, note) of every error frictionless finds."""
    report = validate(str(folder / "datapackage.json"))
    found = [(None, *e) for e in report.flatten(["rowNumber", "fieldName", "type", "note"])]
    for task in report.tasks:
        found += [(task.name, *e) for e in task.flatten(["rowNumber", "fieldName", "type", "note"])]
    return found


def test_it_describes_every_table_in_every_format(
    client: Client, published: Published, tmp_path: Path
) -> None:
    descriptor = download(client, published.plan.slug, tmp_path)
    paths = {r["path"] for r in descriptor["resources"]}
    assert paths == {f"{t}.{f}" for t in TABLES for f in FORMATS}
    for resource in descriptor["resources"]:
        assert "/" not in resource["path"] and resource["schema"]["fields"]
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert names[:2] == ["municipality_code", "plan_slug"]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "出典：青森市「テスト行財政改革プラン」" in descriptor["gyokaku"]["attribution"]
    assert descriptor["gyokaku"]["municipality_code"] == "022012"


def test_the_package_is_valid_with_its_keys(
    client: Client, published: Published, tmp_path: Path
) -> None:
    download(client, published.plan.slug, tmp_path)
    assert _errors(tmp_path) == []


def test_a_broken_file_is_caught_by_the_schema(
    client: Client, published: Published, tmp_path: Path
) -> None:
    """The validation above can fail: a year plan of a node that does not exist breaks the
    foreign key, and a text in an integer column breaks the type."""
    download(client, published.plan.slug, tmp_path)
    csv_file = tmp_path / "year_plans.csv"
    csv_file.write_bytes(
        csv_file.read_bytes() + "022012,test-2024-2028,9-9,2024,study,検討,x\r\n".encode()
    )
    nodes = tmp_path / "nodes.json"
    rows = json.loads(nodes.read_text(encoding="utf-8"))
    rows[0]["depth"] = "一"
    nodes.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    kinds = {(e[0], e[3]) for e in _errors(tmp_path)}
    assert ("year-plans-csv", "foreign-key") in kinds
    assert ("nodes-json", "type-error") in kinds


def test_the_demo_plan_is_a_valid_package(client: Client, tmp_path: Path) -> None:
    demo_load()
    plan = Plan.objects.get(slug=AOMORI_SLUG)
    descriptor = download(client, plan.slug, tmp_path)
    assert _errors(tmp_path) == []
    progress = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    published = ProgressReport.objects.filter(node__plan=plan, state=State.PUBLISHED)
    expected = set(published.values_list("node__key", "fiscal_year"))
    assert len(expected) > 40 and ProgressReport.objects.exclude(state=State.PUBLISHED).exists()
    assert {(r["node_key"], r["fiscal_year"]) for r in progress} == expected
    assert "サンプル" in descriptor["description"]


def test_it_answers_not_modified_to_a_matching_etag(client: Client, published: Published) -> None:
    url = f"/opendata/{published.plan.slug}/datapackage.json"
    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert client.get("/opendata/nope/datapackage.json").status_code == 404
