"""generate_plan: a realistic five-level plan of any size, for benchmarks and large fixtures.

Deterministic for a given (n_nodes, seed) and linear in n_nodes. The levels are the seed's
(柱 1 / 大分類 (1) / 中分類 01 / 項目 ① / 詳細 a); render_outline and parse_outline round-trip it.
"""

from __future__ import annotations

import random
from typing import Any

from gyokaku.plans.outline.numbering import (
    ARABIC,
    CIRCLED,
    LATIN,
    PADDED,
    PAREN_ARABIC,
    format_code,
    max_ordinal,
)

LEVELS: tuple[tuple[str, str, str], ...] = (
    # (style, 階層名, 説明)
    (ARABIC, "柱", "プランの目標となる柱、基本方向"),
    (PAREN_ARABIC, "大分類", "基本となる取組方策"),
    (PADDED, "中分類", "詳細な取組方策"),
    (CIRCLED, "項目", "具体的な取組項目"),
    (LATIN, "詳細", "取組項目の詳細"),
)
# Share of the nodes at each depth, roughly that of large municipal plans.
_SHARES = (0.01, 0.03, 0.10, 0.40)
_SUBJECTS = (
    "窓口サービス", "公共施設", "職員研修", "電子申請", "補助金", "使用料", "指定管理者制度",
    "情報システム", "業務プロセス", "市有財産", "公営企業", "広報媒体", "地域連携", "人材育成",
    "財政運営", "行政評価", "オープンデータ", "キャッシュレス決済", "ペーパーレス", "施設予約",
)  # fmt: skip
_ACTIONS = (
    "の推進", "の見直し", "の効率化", "の最適化", "の導入の検討", "の充実", "の強化",
    "の活用", "の適正化", "の集約化",
)  # fmt: skip
_SENTENCES = (
    "{s}について、市民の利便性の向上と事務の効率化を図ります。",
    "デジタル技術を活用し、{s}に関する業務の見直しを進めます。",
    "{s}の現状と課題を整理し、持続可能な運営体制を構築します。",
)


def generate_plan(n_nodes: int, seed: int) -> dict[str, Any]:
    """A plan dict (``gyokaku-plan/1``) with exactly ``n_nodes`` nodes (at least 1)."""
    rng = random.Random(seed)
    counts = _level_counts(max(1, n_nodes))
    nodes: list[dict[str, Any]] = []
    parents: list[dict[str, Any] | None] = [None]
    for depth, count in enumerate(counts, 1):
        parents = _attach(rng, depth, count, parents, nodes)
    return {
        "format": "gyokaku-plan/1",
        "municipality": {"code": None, "name": "サンプル市"},
        "slug": f"sample-{n_nodes}-{seed}",
        "title": f"サンプル市行財政改革プラン（{n_nodes}項目版）",
        "period": {"start_fy": 2025, "end_fy": 2029},
        "parent_plan": "サンプル市総合計画 基本計画",
        "lead": "総合計画を推進し、下支えするものとして、次の柱により行財政改革に取り組みます。",
        "background": "人口減少と高齢化が進む中、限られた経営資源で行政サービスを維持するため、"
        "本プランを策定します。",
        "levels": [
            {"depth": d, "name": name, "description": text, "numbering": format_code(style, 1)}
            for d, (style, name, text) in enumerate(LEVELS, 1)
        ],
        "nodes": nodes,
    }


def _level_counts(n: int) -> list[int]:
    """Nodes per depth, summing to n, each depth fitting under the one above."""
    counts: list[int] = []
    left = n
    for depth, share in enumerate(_SHARES, 1):
        if not left:
            break
        room = (counts[-1] if counts else 1) * max_ordinal(LEVELS[depth - 1][0])
        count = min(left, max(1, round(n * share)), room)
        counts.append(count)
        left -= count
    if left:
        counts.append(left)
    # Whatever the last depth cannot hold under its parents moves up a depth.
    for depth in range(len(counts) - 1, 0, -1):
        room = counts[depth - 1] * max_ordinal(LEVELS[depth][0])
        if counts[depth] > room:
            counts[depth - 1] += counts[depth] - room
            counts[depth] = room
    return counts


def _attach(
    rng: random.Random,
    depth: int,
    count: int,
    parents: list[dict[str, Any] | None],
    roots: list[dict[str, Any]],
) -> list[dict[str, Any] | None]:
    """Create ``count`` nodes at ``depth``: every parent gets one child while they last, the
    rest go to random parents that still have room in their numbering."""
    style, _, _ = LEVELS[depth - 1]
    cap = max_ordinal(style)
    per_parent = [1 if i < count else 0 for i in range(len(parents))]
    open_parents = [i for i in range(len(parents)) if per_parent[i] < cap]
    for _ in range(count - sum(per_parent)):
        i = rng.randrange(len(open_parents))
        per_parent[open_parents[i]] += 1
        if per_parent[open_parents[i]] >= cap:
            open_parents[i] = open_parents[-1]
            open_parents.pop()
    created: list[dict[str, Any] | None] = []
    for parent, n in zip(parents, per_parent, strict=True):
        siblings = roots if parent is None else parent["children"]
        for ordinal in range(1, n + 1):
            node = _node(rng, depth, style, ordinal, parent)
            siblings.append(node)
            created.append(node)
    return created


def _node(
    rng: random.Random, depth: int, style: str, ordinal: int, parent: dict[str, Any] | None
) -> dict[str, Any]:
    code = format_code(style, ordinal)
    segment = code if style in (PADDED, LATIN) else str(ordinal)
    subject = rng.choice(_SUBJECTS)
    description = rng.choice(_SENTENCES).format(s=subject) if depth <= 2 else ""
    return {
        "key": segment if parent is None else f"{parent['key']}-{segment}",
        "code": code,
        "level": depth,
        "title": subject + rng.choice(_ACTIONS),
        "description": description,
        "children": [],
    }
