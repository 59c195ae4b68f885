"""Charts: matplotlib finds the font matplotlib-fontja ships, Japanese text becomes paths of
that font (no missing-glyph boxes), and the SVG is safe to inline several times on a page."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import matplotlib_fontja
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font

from gyokaku.measures.charts import FONT_FAMILY, Series, effects_chart, rating_chart


def _glyph_ids(svg: str) -> set[str]:
    return set(re.findall(r'id="[^"]*?IPAexGothic-([0-9a-f]+)"', svg))


def test_it_finds_the_font_that_matplotlib_fontja_ships() -> None:
    found = findfont(FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert Path(found) == Path(matplotlib_fontja.get_font_ttf_path())


def test_it_draws_japanese_text_as_paths_of_that_font() -> None:
    svg = rating_chart(
        categories=["1 人材確保", "2 市民の声"],
        series=[Series("未着手", [1, 2]), Series("評価対象外", [0, 1], not_rated=True)],
        label="柱ごとの評価の分布",
        chart_id="t",
    )
    assert "<text" not in svg  # svg.fonttype = "path": no font needed in the browser
    font = FT2Font(matplotlib_fontja.get_font_ttf_path())
    glyphs = _glyph_ids(svg)
    for char in "人材確保市民声未着手評価対象外件数":
        index = font.get_char_index(ord(char))
        assert index != 0, char  # the font has it
        assert f"{index:x}" in glyphs, char  # and the chart used it
    assert "0" not in glyphs  # no .notdef (the missing-glyph box)
    assert "DejaVu" not in svg  # no fallback font for any character


def test_it_makes_an_inline_svg_with_a_name_and_its_own_ids() -> None:
    svg = effects_chart(
        years=["2024年度", "2025年度"],
        targets=[10_000_000, 20_000_000],
        actuals=[-5_000_000, 25_000_000],
        unit="thousand",
        unit_text="千円",
        label='財政効果額 <"目標">',
        chart_id="chart-x",
    )
    assert svg.startswith('<svg id="chart-x" class="chart__svg" role="img"')
    assert 'aria-label="財政効果額 &lt;&quot;目標&quot;>"' in svg
    assert "<?xml" not in svg and "<style" not in svg and "<metadata" not in svg
    assert not re.search(r'<svg[^>]*\swidth="', svg)  # scaled by CSS through the viewBox
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert all(i == "chart-x" or i.startswith("chart-x-") for i in ids)
    refs = re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', svg)
    assert all((a or b).startswith("chart-x-") for a, b in refs)


def test_it_draws_the_same_chart_from_several_threads() -> None:
    """waitress serves requests in threads: charts drawn at once must come out whole."""

    def draw() -> str:
        return rating_chart(
            categories=["1 人材確保"], series=[Series("取組中", [3])], label="x", chart_id="c"
        )

    expected = draw()
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(draw())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


def test_it_writes_no_css_the_content_security_policy_would_refuse() -> None:
    """A style attribute is inline CSS (CSP style-src); presentation attributes are not."""
    svg = rating_chart(
        categories=["1 人材確保", "2 市民の声"],
        series=[Series("未着手", [1, 2]), Series("評価対象外", [0, 1], not_rated=True)],
        label="x",
        chart_id="c",
    )
    assert " style=" not in svg and "<style" not in svg
    assert 'fill="#0072b2"' in svg.lower()  # the first colour of the palette, as an attribute
    assert re.match(r'<svg [^>]*stroke-linejoin="round" stroke-linecap="butt"', svg)


def test_text_as_text_keeps_its_font_as_attributes() -> None:
    from matplotlib.figure import Figure

    from gyokaku.measures.charts import figure_svg

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().set_title("日本語")
    svg = figure_svg(fig, label="x", chart_id="t", text="font")
    assert "<text" in svg and " style=" not in svg
    assert "font-family=\"'IPAexGothic'\"" in svg


def test_text_on_a_page_takes_the_page_font_and_is_far_smaller_than_paths() -> None:
    """Inline on our pages the text is text without a font of its own: the page's font stack
    applies (CSS inheritance), and the chart is a fraction of its size with glyphs as paths."""
    kwargs: dict[str, Any] = {
        "categories": ["1 人材確保", "2 市民の声", "3 デジタル化"],
        "series": [Series("順調", [1, 2, 0]), Series("遅れ", [0, 1, 3])],
        "label": "柱ごとの評価の分布",
        "chart_id": "t",
    }
    page, paths = rating_chart(**kwargs, text="page"), rating_chart(**kwargs)
    assert "<text" in page and "font-family" not in page and " style=" not in page
    assert ">人材確保<" in page or "1 人材確保" in page  # the words are there, searchable
    assert len(page) * 3 < len(paths)
