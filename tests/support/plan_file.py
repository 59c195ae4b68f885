"""A small plan file (`gyokaku-plan/1`) of the test plan's shape: the plans and API suites
import it."""

from __future__ import annotations

from typing import Any

SMALL_PLAN: dict[str, Any] = {
    "format": "gyokaku-plan/1",
    "municipality": {"code": "022012", "name": "青森市"},
    "slug": "test-2024-2028",
    "title": "テスト行財政改革プラン",
    "period": {"start_fy": 2024, "end_fy": 2028},
    "parent_plan": "テスト総合計画",
    "lead": "前文です。",
    "background": "背景の一段落目。\n\n二段落目。",
    "levels": [
        {"depth": 1, "name": "柱", "description": "基本方向", "numbering": "1"},
        {"depth": 2, "name": "項目", "description": "具体的な取組", "numbering": "①"},
    ],
    "nodes": [
        {
            "key": "1",
            "code": "1",
            "level": 1,
            "title": "DXの推進",
            "description": "デジタル技術を活用します。",
            "children": [
                {
                    "key": "1-1",
                    "code": "①",
                    "level": 2,
                    "title": "書かない窓口の導入",
                    "description": "",
                    "children": [],
                },
                {
                    "key": "1-2",
                    "code": "②",
                    "level": 2,
                    "title": "=1+1 を名称にしても式にならない",
                    "description": "",
                    "children": [],
                },
            ],
        },
        {
            "key": "2",
            "code": "2",
            "level": 1,
            "title": "健全な財政運営",
            "description": "",
            "children": [],
        },
    ],
}
