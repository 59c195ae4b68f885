"""Control characters already in the database (stored before inputs refused them, issue 18)
never break the feed, the open data files or the static export: the writers drop them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook
from tests.opendata.conftest import PUBLISHED_TEXT, Published
from tests.support.commands import gyokaku
from tests.support.controls import dirty_every_text, forbidden_in

from gyokaku.opendata.export import MANIFEST
from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.tables import TABLES

pytestmark = pytest.mark.django_db
SLUG = "test-2024-2028"


@pytest.fixture
def dirty(published: Published) -> Published:
    assert dirty_every_text() > 10
    return published


def test_the_feed_stays_well_formed_xml(client: Client, dirty: Published) -> None:
    response = client.get(f"/opendata/{SLUG}/feed.atom")
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert forbidden_in(body) == []
    feed = ET.fromstring(response.content)  # raises on a character XML cannot carry
    assert PUBLISHED_TEXT in ET.tostring(feed, encoding="unicode")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_open_data_file_is_written_without_them(
    client: Client, dirty: Published, table: str, fmt: str
) -> None:
    response = client.get(f"/opendata/{SLUG}/{table}.{fmt}")
    assert response.status_code == 200
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(response.content))
        texts = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    elif fmt == "json":
        texts = [json.dumps(json.loads(response.content), ensure_ascii=False)]
    else:
        lines = io.StringIO(response.content.decode("utf-8-sig"))
        texts = [c for row in csv.reader(lines) for c in row]
    assert forbidden_in("".join(texts)) == []


def test_the_datapackage_is_written_without_them(client: Client, dirty: Published) -> None:
    response = client.get(f"/opendata/{SLUG}/datapackage.json")
    assert response.status_code == 200
    assert forbidden_in(json.dumps(response.json(), ensure_ascii=False)) == []


def test_publish_writes_the_whole_site(dirty: Published, tmp_path: Path) -> None:
    outdir = tmp_path / "site"
    gyokaku("publish", SLUG, str(outdir))
    assert (outdir / MANIFEST).is_file()
    feed = (outdir / "opendata" / SLUG / "feed.atom").read_bytes()
    ET.fromstring(feed)
    assert (outdir / "plans" / SLUG / "nodes" / "1-1" / "index.html").is_file()
