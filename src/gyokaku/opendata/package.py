"""The open data package of one plan: every table in every format, and the Frictionless
``datapackage.json`` that describes each file by its relative path and schema.

Files are made on request from the rows the public may read. A file is a pure function of its
table's rows (and the plan's name and licence notice), so the bytes are kept in Django's cache
under a digest of those rows: the slow part (XLSX) is written once per change of the data,
and a stale file can never be served, whatever changed the data. The digest is also the ETag.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from gyokaku.lib.text import strip_controls_in
from gyokaku.lib.wareki import period_label
from gyokaku.opendata.formats import FORMATS, OpenDataFormat
from gyokaku.opendata.licence import LICENCE_ID, LICENCE_TITLE, LICENCE_URL, Notice, notice_for
from gyokaku.opendata.selectors import PublicData, Row
from gyokaku.opendata.tables import TABLES, Table
from gyokaku.plans.models import Plan

PROFILE = "gyokaku-opendata/1"
# Part of every cache key: bump it when a writer's output changes for the same rows.
WRITERS_VERSION = "1"
CACHE_SECONDS = 24 * 60 * 60


def file_name(table: str, fmt: str) -> str:
    return f"{table}.{fmt}"


def resource_name(table: str, fmt: str) -> str:
    return f"{table.replace('_', '-')}-{fmt}"


@dataclass(frozen=True)
class DataFile:
    table: Table
    format: OpenDataFormat
    size: int | None  # None until the file has been made (the index never makes files)

    @property
    def name(self) -> str:
        return file_name(self.table.name, self.format.code)


class Bundle:
    """The open data of one plan as the public may read it."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.notice: Notice = notice_for(plan)
        self.data = PublicData(plan)
        self._rows: dict[str, list[Row]] = {}
        self._digests: dict[str, str] = {}

    def rows(self, table: str) -> list[Row]:
        if table not in self._rows:
            self._rows[table] = self.data.rows(table)
        return self._rows[table]

    def digest(self, table: str, fmt: str) -> str:
        """What the file's bytes depend on, hashed: its rows, the notice, the writers."""
        if table not in self._digests:
            source = repr((WRITERS_VERSION, self.notice, self.rows(table)))
            self._digests[table] = hashlib.sha256(source.encode()).hexdigest()
        return f"{self._digests[table][:40]}-{fmt}"

    def etag(self, table: str, fmt: str) -> str:
        return f'"{self.digest(table, fmt)}"'

    def _key(self, table: str, fmt: str) -> str:
        return f"gyokaku.opendata:{table}:{self.digest(table, fmt)}"

    def content(self, table: str, fmt: str) -> bytes:
        """The bytes of one file; KeyError for a table or format that does not exist."""
        writer, definition = FORMATS[fmt], TABLES[table]
        key = self._key(table, fmt)
        content: bytes | None = cache.get(key)
        if content is None:
            content = writer.write(definition, self.rows(table), self.notice)
            cache.set(key, content, CACHE_SECONDS)
        return content

    def files(self) -> list[DataFile]:
        """Every file, table by table, with its size when it has already been made. Making
        them all here would put minutes of work on the index page of a 5,000-node plan."""
        keys = {(t, f): self._key(t, f) for t in TABLES for f in FORMATS}
        made = cache.get_many(list(keys.values()))
        return [
            DataFile(
                table,
                fmt,
                len(made[keys[table.name, name]]) if keys[table.name, name] in made else None,
            )
            for table in TABLES.values()
            for name, fmt in FORMATS.items()
        ]

    def datapackage(self) -> dict[str, Any]:
        # names and titles stored before issue 18 may hold control characters: dropped here
        return strip_controls_in(datapackage(self.plan, self.notice))  # type: ignore[no-any-return]


def datapackage(plan: Plan, notice: Notice) -> dict[str, Any]:
    """The Frictionless Data Package descriptor (paths relative to the descriptor)."""
    period = period_label(plan.start_fy, plan.end_fy)
    sample = "（サンプルデータを含みます。実在の内容ではありません）" if notice.sample else ""
    description = (
        f"{plan.municipality.name}「{plan.title}」（{period}）の公表済みの情報：取組方策の体系、"
        "年度計画、取組状況、評価、成果指標、財政効果額、集計。"
        f"{sample}利用の際は「{notice.attribution}」のように出典を表示してください。"
        " / Published data of the plan: nodes, year plans, progress, ratings, indicators,"
        " fiscal effects and roll-ups. Licensed under CC BY 4.0; please attribute as shown."
    )
    resources = []
    for table in TABLES.values():
        for name, fmt in FORMATS.items():
            resource_of = {t: resource_name(t, name) for t in TABLES}
            resources.append(
                {
                    "name": resource_name(table.name, name),
                    "type": "table",
                    "path": file_name(table.name, name),
                    "scheme": "file",
                    **fmt.resource,
                    "title": f"{table.title}（{fmt.label}）",
                    "description": table.description,
                    "schema": table.schema(resource_of=resource_of),
                }
            )
    return {
        "name": f"gyokaku-{plan.slug}".lower(),
        "title": f"{plan.title} オープンデータ",
        "description": description,
        "profile": "data-package",
        "licenses": [{"name": LICENCE_ID, "path": LICENCE_URL, "title": LICENCE_TITLE}],
        "contributors": [{"title": plan.municipality.name, "role": "publisher"}],
        "keywords": ["行財政改革", "行政改革", "オープンデータ", plan.municipality.name],
        "gyokaku": {
            "profile": PROFILE,
            "municipality_code": plan.municipality.code,
            "municipality_name": plan.municipality.name,
            "plan_slug": plan.slug,
            "plan_title": plan.title,
            "period": {"start_fy": plan.start_fy, "end_fy": plan.end_fy},
            "attribution": notice.attribution,
            "sample_data": notice.sample,
        },
        "resources": resources,
    }


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
