"""Properties: render then parse is the identity, with or without PDF noise; no text crashes.

A *valid* plan is one render_outline can express (docs/plan-outline.md, "Round trip"): a
title that names the municipality or none, one numbering style per level, consecutive codes,
titles on one line, and paragraphs that do not start like a code. The strategies live here,
not in a helper module, because the suite imports test files with --import-mode=importlib.
"""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gyokaku.plans.outline import OutlineError, ParseResult, parse_outline, render_outline
from gyokaku.plans.outline.front import guess_municipality
from gyokaku.plans.outline.numbering import format_code

# (style as format_code knows it, family): one style per family, as the parser sees one shape.
STYLES = [
    ("arabic", "arabic"), ("arabic-dot", "arabic-dot"), ("padded", "padded"),
    ("paren-arabic", "paren"), ("paren-char", "paren"), ("circled", "circled"),
    ("katakana", "katakana"), ("paren-katakana", "paren-katakana"), ("latin", "latin"),
    ("roman", "roman"), ("dai", "dai"), ("dai:章", "dai:章"), ("label:柱", "柱"),
    ("label:改革の柱", "改革の柱"), ("label:分野", "分野"), ("label:方針", "方針"),
    ("label:重点項目【】", "重点項目"),
]  # fmt: skip

# Paragraphs start with one of these: no code, label (柱 分野 …), 第, or section name starts so.
KANJI = (
    "市民行政財推進計画設事業活用確保育成職員環境整備地域経営効率化"
    "検討導入公共情報発信連携強充実見直"
)
HIRAGANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのまみむめもやゆよらりるれろわをんがでど"
)
KATAKANA = "アイウエオカキクケコサシスセソタチツテトデジタルサービスプラン"
OTHER = "改基重柱分方施目第0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PUNCT = "・、「」()（）％%-～:/。 　"
BODY = KANJI + HIRAGANA + KATAKANA + OTHER + PUNCT
# Wrapping happens only before these, so a wrapped line never starts like a code or a page
# number. は is left out: a line "はじめに" would be a section heading.
BREAK_BEFORE = frozenset(KANJI + HIRAGANA.replace("は", ""))
TITLE_WORDS = "行財政改革推進計画大綱実施方針経営基本プラン"
MUNICIPALITIES = ["青森市", "大鰐町", "六ヶ所村", "東京都港区", ""]
TERMINATORS = "。．.！？!?」』）)】〕"


def _line(first: str, max_size: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda head, tail: (head + tail).rstrip(),
        st.sampled_from(first),
        st.text(alphabet=BODY, max_size=max_size),
    )


titles = _line(KANJI + HIRAGANA + KATAKANA.replace("ー", "") + OTHER[9:], 24)


def _texts(finished: bool) -> st.SearchStrategy[str]:
    """Optional text of 1-3 paragraphs; ``finished`` ones end with 。 as prose in PDFs does."""
    paragraph = _line(KANJI, 70)
    if finished:
        paragraph = paragraph.map(lambda p: p.rstrip("。") + "。")
    return st.one_of(st.just(""), st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join))


def code_for(style: str, n: int) -> str:
    return chr(0x2473 + n) if style == "paren-char" else format_code(style, n)


def segment_for(style: str, n: int) -> str:
    return code_for(style, n) if style in ("padded", "latin") else str(n)


@st.composite
def plans(draw: st.DrawFn, max_nodes: int = 30, finished: bool = False) -> dict[str, Any]:
    optional_texts = _texts(finished)
    order = draw(st.permutations(STYLES))
    styles: list[str] = []
    for style, family in order:
        if family not in {f for s, f in STYLES if s in styles}:
            styles.append(style)
    styles = styles[: draw(st.integers(1, 5))]
    budget = [max_nodes]

    def children(depth: int, parent_key: str) -> list[dict[str, Any]]:
        if depth > len(styles):
            return []
        count = draw(st.integers(1 if depth == 1 else 0, 4))
        nodes = []
        for n in range(1, count + 1):
            if budget[0] <= 0:
                break
            budget[0] -= 1
            style = styles[depth - 1]
            segment = segment_for(style, n)
            key = f"{parent_key}-{segment}" if parent_key else segment
            node: dict[str, Any] = {
                "key": key,
                "code": code_for(style, n),
                "level": depth,
                "title": draw(titles),
                "description": draw(optional_texts),
                "children": [],
            }
            node["children"] = children(depth + 1, key)
            nodes.append(node)
        return nodes

    levels = [
        {
            "depth": d,
            "name": draw(st.text(alphabet=KANJI, min_size=1, max_size=6)),
            "description": draw(st.one_of(st.just(""), titles)),
            "numbering": code_for(style, 1),
        }
        for d, style in enumerate(styles, 1)
    ]
    title = draw(st.sampled_from(MUNICIPALITIES)) + draw(
        st.text(alphabet=TITLE_WORDS, min_size=1, max_size=12)
    )
    period = draw(
        st.one_of(
            st.just((None, None)),
            st.tuples(st.integers(1990, 2100), st.integers(0, 10)).map(lambda t: (t[0], sum(t))),
        )
    )
    return {
        "format": "gyokaku-plan/1",
        "municipality": {"code": None, "name": guess_municipality(title)},
        "slug": draw(st.one_of(st.none(), st.just("sample-plan"))),
        "title": title,
        "period": {"start_fy": period[0], "end_fy": period[1]},
        "parent_plan": draw(st.one_of(st.none(), titles)),
        "lead": draw(optional_texts),
        "background": draw(optional_texts),
        "levels": levels,
        "nodes": children(1, ""),
    }


def _preorder(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for node in nodes:
        out.append(node)
        out += _preorder(node["children"])
    return out


def block_roles(plan: dict[str, Any]) -> list[tuple[str, Any]]:
    """What each blank-line-separated block of render_outline(plan) is."""
    roles: list[tuple[str, Any]] = [("front", None)]
    roles += [("front", None)] * (plan["period"]["start_fy"] is not None)
    roles += [("front", None)] * (plan["parent_plan"] is not None)
    roles += [("lead", None)] * len(_split(plan["lead"]))
    for node in _preorder(plan["nodes"]):
        roles.append(("heading", node))
        roles += [("para", None)] * len(_split(node["description"]))
    if plan["background"]:
        roles += [("section", None)] + [("para", None)] * len(_split(plan["background"]))
    return [*roles, ("section", None), ("legend", None)]


def _split(text: str) -> list[str]:
    return text.split("\n\n") if text else []


FULL = str.maketrans(
    {
        **{str(i): chr(0xFF10 + i) for i in range(10)},
        **{chr(0x61 + i): chr(0xFF41 + i) for i in range(26)},
        "(": "（",
        ")": "）",
        ".": "．",
    }
)
INDENTS = ["", " ", "　", "\t", "  ", "　　"]
HEADER = "行財政改革プラン 概要版"


class Noise:
    """PDF extraction noise over rendered text, driven by one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.page = 1
        self.header = self.rng.random() < 0.6
        # One page break inside a paragraph at most: two identical unfinished lines next to
        # page breaks would rightly be taken for a running header.
        self.mid_break_left = True

    def apply(self, plan: dict[str, Any]) -> str:
        blocks = render_outline(plan).rstrip("\n").split("\n\n")
        roles = block_roles(plan)
        assert len(blocks) == len(roles)
        boundaries = [
            i
            for i in range(len(blocks) - 1)
            if roles[i][0] not in ("front", "lead") and self._can_break(blocks[i], roles, i)
        ]
        breaks = set(self.rng.sample(boundaries, min(len(boundaries), self.rng.randint(0, 4))))
        self.header = self.header and len(breaks) >= 2  # a header repeats, or it is content
        out = []
        for i, (block, (role, node)) in enumerate(zip(blocks, roles, strict=True)):
            if role == "heading":
                block = self._heading(node)
            elif role in ("para", "lead") and i - 1 not in breaks:
                # A wrapped first line right after a page break could repeat another one
                # there and pass for a running header; such a paragraph stays one line.
                block = self._wrap(block, page_breaks=role == "para")
            out.append(block)
            if i < len(blocks) - 1:
                out.append(self._page_break() if i in breaks else "\n\n")
        return "".join(out) + "\n"

    @staticmethod
    def _can_break(block: str, roles: list[tuple[str, Any]], i: int) -> bool:
        # A page break after an unfinished paragraph joins it to the next one, as it should.
        return not (roles[i][0] == "para" and roles[i + 1][0] == "para" and not _ends(block))

    def _heading(self, node: dict[str, Any]) -> str:
        code = node["code"]
        if self.rng.random() < 0.5:
            code = code.translate(FULL)
        bullet = self.rng.choice(["", "", "- ", "・"])
        sep = self.rng.choice([" ", "　", "  ", "\t"])
        return f"{self.rng.choice(INDENTS)}{bullet}{code}{sep}{node['title']}"

    def _wrap(self, paragraph: str, *, page_breaks: bool) -> str:
        points = [
            i
            for i in range(1, len(paragraph))
            if paragraph[i] in BREAK_BEFORE and not paragraph[i - 1].isspace()
        ]
        cuts = sorted(self.rng.sample(points, min(len(points), self.rng.randint(0, 3))))
        pieces = [paragraph[a:b] for a, b in zip([0, *cuts], [*cuts, len(paragraph)], strict=True)]
        out = self.rng.choice(INDENTS) + pieces[0]
        for before, piece in itertools.pairwise(pieces):
            mid_break = (
                page_breaks
                and self.mid_break_left
                and not _ends(before)
                and before != piece
                and self.rng.random() < 0.3
            )
            if mid_break:
                self.mid_break_left = False
            out += self._page_break() if mid_break else "\n"
            out += self.rng.choice(INDENTS) + piece
        return out

    def _page_break(self) -> str:
        self.page += 1
        n = str(self.page)
        number = self.rng.choice(
            [f"- {n} -", f"— {n} —", n, f"{n}/99", f"- {n.translate(FULL)} -", f"P.{n}", "\f"]
        )
        lines = [number]
        if self.header:
            lines.append(("\f" if self.rng.random() < 0.5 else "") + HEADER)
        blank = self.rng.choice(["", "\n"])
        return "\n" + blank + "\n".join(lines) + "\n" + self.rng.choice(["", "\n"])


def _ends(text: str) -> bool:
    return bool(text) and text[-1] in TERMINATORS


FRAGMENTS = [
    "1 ", "2 ", "10 ", "01 ", "1.", "(1)", "（１）", "⑴", "①", "③", "ア ", "(ア)", "a ", "ａ ",
    "Ⅲ ", "第1", "第2章", "柱1", "改革の柱2", "重点項目【1】", "分野1", "- ", "・", "\n", "\n\n",
    "\t", "　", "\f", "\r", "- 3 -", "3/12", "P.3", "凡例", "策定の趣旨・背景", "はじめに",
    "計画期間：2024年度から2028年度", "令和元年度", "上位計画：", "総合計画", "。", "」",
    "【概要版】", "青森市", "(2024-2028)", "◇◇", "人材の確保", "を推進します", "\ufeff", "1985年",
]  # fmt: skip


def _check(text: str) -> None:
    """Either a plan that is consistent with itself, or an OutlineError that says why."""
    try:
        result = parse_outline(text)
    except OutlineError as exc:
        assert exc.diagnostics
        assert any(d.severity == "error" for d in exc.diagnostics)
        assert str(exc)
        return
    assert isinstance(result, ParseResult)
    json.dumps(result.plan, ensure_ascii=False)
    keys: set[str] = set()
    stack: list[tuple[dict[str, Any], str]] = [(n, "") for n in result.plan["nodes"]]
    while stack:
        node, parent_key = stack.pop()
        assert node["key"] not in keys
        assert node["key"].startswith(parent_key)
        assert node["title"] and "\n" not in node["title"]
        keys.add(node["key"])
        stack += [(child, node["key"] + "-") for child in node["children"]]
    depths = [level["depth"] for level in result.plan["levels"]]
    assert depths == list(range(1, len(depths) + 1))


@settings(max_examples=150, deadline=None)
@given(plans())
def test_it_reads_back_what_it_renders(plan: dict[str, Any]) -> None:
    result = parse_outline(render_outline(plan), slug=plan["slug"])
    assert result.plan == plan
    assert result.warnings == [] or plan["period"]["start_fy"] is None


@settings(max_examples=150, deadline=None)
@given(plans(finished=True), st.integers(0, 2**32))
def test_it_reads_back_what_it_renders_through_pdf_noise(plan: dict[str, Any], seed: int) -> None:
    noisy = Noise(seed).apply(plan)
    assert parse_outline(noisy, slug=plan["slug"]).plan == plan


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_it_never_fails_otherwise_on_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40))
def test_it_never_fails_otherwise_on_code_like_text(parts: list[str]) -> None:
    _check("".join(parts))
