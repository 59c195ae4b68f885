"""Plans built with the ORM for the site's page tests: a small Aomori-like plan and synthetic big
ones (the browser tests' app server loads the slice by path while the bundled plan is missing).

``build_plan`` writes one ``bulk_create`` per depth, so a 5,000-node plan takes a fraction of
a second; positions are pre-order and keys are paths of codes, as the importer makes them.
"""

from __future__ import annotations

import unicodedata
from typing import TypedDict

from gyokaku.plans.models import Level, Municipality, Node, Plan


class Spec(TypedDict, total=False):
    code: str
    key: str
    title: str
    description: str
    children: list[Spec]


LEGEND = [
    ("1", "柱", "プランの目標となる柱、基本方向"),
    ("(1)", "大分類", "基本となる取組方策"),
    ("01", "中分類", "詳細な取組方策"),
    ("①", "項目", "具体的な取組項目"),
    ("a", "詳細", "取組項目の詳細"),
]


def key_part(code: str) -> str:
    """「(1)」→「1」, 「①」→「1」, 「01」→「01」: the ASCII form that keys use."""
    return unicodedata.normalize("NFKC", code).strip("()（）")


def build_plan(
    *,
    nodes: list[Spec],
    slug: str = "test-plan",
    title: str = "テスト市行財政改革プラン(2024-2028)",
    municipality: tuple[str, str] = ("022012", "青森市"),
    start_fy: int = 2024,
    end_fy: int = 2028,
    parent_plan: str = "青森市総合計画 前期基本計画",
    lead: str = "",
    background: str = "",
    legend: list[tuple[str, str, str]] = LEGEND,
) -> Plan:
    town, _ = Municipality.objects.get_or_create(
        code=municipality[0], defaults={"name": municipality[1]}
    )
    plan = Plan.objects.create(
        municipality=town,
        slug=slug,
        title=title,
        start_fy=start_fy,
        end_fy=end_fy,
        parent_plan=parent_plan,
        lead=lead,
        background=background,
    )
    Level.objects.bulk_create(
        Level(plan=plan, depth=depth, numbering=numbering, name=name, description=text)
        for depth, (numbering, name, text) in enumerate(legend, start=1)
    )
    # Pre-order walk: (spec, depth, key, parent key, order among siblings); the index in
    # rows is the position.
    rows: list[tuple[Spec, int, str, str | None, int]] = []
    stack = [(s, 1, None, i) for i, s in reversed(list(enumerate(nodes)))]
    while stack:
        spec, depth, parent_key, order = stack.pop()
        part = spec.get("key") or key_part(spec["code"])
        key = f"{parent_key}-{part}" if parent_key else part
        rows.append((spec, depth, key, parent_key, order))
        children = list(enumerate(spec.get("children", [])))
        stack.extend((c, depth + 1, key, i) for i, c in reversed(children))
    ids: dict[str, int] = {}
    for depth in sorted({row[1] for row in rows}):
        batch = []
        for position, (spec, d, key, parent_key, order) in enumerate(rows):
            if d != depth:
                continue
            node = Node(
                plan=plan,
                parent_id=ids[parent_key] if parent_key else None,
                depth=depth,
                key=key,
                code=spec["code"],
                title=spec["title"],
                description=spec.get("description", ""),
                order=order,
                position=position,
            )
            node.refresh_search_text()
            batch.append(node)
        Node.objects.bulk_create(batch, batch_size=500)
        # Read the ids back rather than rely on bulk_create returning them on every backend.
        ids.update(Node.objects.filter(plan=plan, depth=depth).values_list("key", "pk"))
    return plan


def _code(depth: int, i: int) -> tuple[str, str]:
    """(code as printed, key part) for the i-th sibling (1-based) at ``depth``."""
    if depth == 1:
        return str(i), str(i)
    if depth == 2:
        return f"({i})", str(i)
    if depth == 3:
        return f"{i:02d}", f"{i:02d}"
    if depth == 4:
        return (chr(0x2460 + i - 1) if i <= 20 else f"({i})"), str(i)
    letter = chr(ord("a") + i - 1) if i <= 26 else f"z{i}"
    return letter, letter


def synthetic_nodes(n: int, fanout: tuple[int, ...]) -> list[Spec]:
    """A tree of exactly ``n`` nodes filled breadth first with at most ``fanout[d]`` children."""
    roots: list[Spec] = []
    count = 0
    frontier: list[tuple[list[Spec], int]] = [(roots, 0)]
    while frontier and count < n:
        next_frontier: list[tuple[list[Spec], int]] = []
        for siblings, depth in frontier:
            for i in range(1, fanout[depth] + 1):
                if count >= n:
                    break
                code, key = _code(depth + 1, i)
                count += 1
                spec: Spec = {
                    "code": code,
                    "key": key,
                    "title": f"取組{count}（階層{depth + 1}）",
                    "description": f"取組{count}の説明文です。" if depth < 2 else "",
                    "children": [],
                }
                siblings.append(spec)
                if depth + 1 < len(fanout):
                    next_frontier.append((spec["children"], depth + 1))
        frontier = next_frontier
    assert count == n, f"fanout {fanout} holds fewer than {n} nodes"
    return roots


AOMORI_LIKE: list[Spec] = [
    {
        "code": "2",
        "title": "DXの推進",
        "description": "「DX先進都市 青森市」の実現に向け、デジタル技術等を活用します。\n\n"
        "地域課題の解決や新たな価値を創出します。",
        "children": [
            {
                "code": "(1)",
                "title": "市民サービスのDXの推進",
                "description": "市民が最適なサービスを簡単に利用できる環境を整備します。",
                "children": [
                    {
                        "code": "01",
                        "title": "市民サービスのDXの推進",
                        "children": [
                            {"code": "①", "title": "マイナンバー制度の有効活用"},
                            {"code": "②", "title": "書かない窓口の導入"},
                        ],
                    }
                ],
            },
            {
                "code": "(2)",
                "title": "行政のDXの推進",
                "children": [
                    {
                        "code": "01",
                        "title": "行政のDXの推進",
                        "children": [{"code": "②", "title": "ICTを活用したBPRの推進"}],
                    }
                ],
            },
        ],
    },
    {
        "code": "3",
        "title": "効果的・効率的な行政運営",
        "children": [
            {
                "code": "(2)",
                "title": "先進的・民間の手法の活用",
                "children": [
                    {
                        "code": "01",
                        "title": "先進的・民間の手法の活用",
                        "children": [
                            {
                                "code": "②",
                                "title": "アウトソーシングの推進",
                                "children": [
                                    {"code": "a", "title": "学校給食施設運営の合理化"},
                                    {"code": "b", "title": "放課後児童会業務の外部化の検討"},
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    },
]


def build_aomori_slice() -> Plan:
    """A slice of the Aomori plan with the real plan's slug, codes, keys and titles.

    Also loaded into the app server of the browser tests (tests/support/browser.py) while
    the bundled plan file is missing.
    """
    return build_plan(
        nodes=AOMORI_LIKE,
        slug="aomori-2024-2028",
        title="青森市行財政改革プラン(2024-2028)",
        lead="「青森市総合計画前期基本計画」を推進し、下支えするものとして次の5つの柱により、"
        "行財政改革に取り組んでいきます。",
        background="本市では、1985年(昭和60年)に「青森市行政改革大綱」を策定して以来、"
        "積極的な行財政改革を進めてきました。\n\n一方、急速に進む人口減少や少子高齢化など、"
        "環境は大きく変化しています。",
    )


def sized_plan(n: int, slug: str | None = None) -> Plan:
    """A plan of exactly ``n`` nodes over the five levels of the Aomori legend."""
    fanout = (5, 2, 2, 2, 2) if n <= 85 else (5, 5, 5, 5, 10)
    return build_plan(nodes=synthetic_nodes(n, fanout), slug=slug or f"plan-{n}")
