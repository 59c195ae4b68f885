"""Warnings and errors: where, and in words a plan office understands."""

from __future__ import annotations

import pytest

from gyokaku.plans.outline import Diagnostic, OutlineError, parse_outline

HEAD = "青森市行財政改革プラン\n\n計画期間：2024年度から2028年度まで\n\n"


def _errors(text: str) -> list[str]:
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)
    return [d.format("plan.txt") for d in caught.value.diagnostics if d.severity == "error"]


def test_it_formats_errors_and_warnings_with_file_and_line() -> None:
    assert Diagnostic(3, "番号が重複しています", "error").format("a.txt") == (
        "a.txt:3: 番号が重複しています"
    )
    assert Diagnostic(4, "番号が飛んでいます", "warning").format("a.txt") == (
        "a.txt:4: 警告: 番号が飛んでいます"
    )


def test_it_warns_when_circled_numbers_skip_and_keeps_going() -> None:
    text = HEAD + "1 柱\n01 中分類\n① 一つ目\n③ 三つ目\n④ 四つ目\n"
    result = parse_outline(text)
    assert [w.format("plan.txt") for w in result.warnings] == [
        "plan.txt:8: 警告: 番号が飛んでいます: ① の次が ③"
    ]
    assert [n["key"] for n in result.plan["nodes"][0]["children"][0]["children"]] == [
        "1-01-1", "1-01-3", "1-01-4",
    ]  # fmt: skip


def test_it_warns_when_arabic_numbers_skip_or_start_late() -> None:
    text = HEAD + "2 柱\n(1) 分類\n(3) 分類\n3 柱\n"
    messages = [w.message for w in parse_outline(text).warnings]
    assert messages == [
        "番号が飛んでいます: 最初の番号が 1 ではなく 2 です",
        "番号が飛んでいます: (1) の次が (3)",
    ]


def test_it_warns_when_numbers_go_backwards() -> None:
    text = HEAD + "1 柱\n3 柱\n2 柱\n"
    messages = [w.message for w in parse_outline(text).warnings]
    assert messages[-1] == "番号の順番が前後しています: 3 の次が 2"


def test_it_refuses_a_duplicate_code_under_the_same_parent() -> None:
    text = HEAD + "1 柱\n① 一つ目\n② 二つ目\n② 二つ目の再掲\n"
    assert _errors(text) == ["plan.txt:8: 番号が重複しています: ②（7 行目と同じ上位項目の下）"]


def test_it_allows_the_same_code_under_different_parents() -> None:
    text = HEAD + "1 柱\n① 一つ目\n2 柱\n① 一つ目\n"
    keys = [c["key"] for n in parse_outline(text).plan["nodes"] for c in n["children"]]
    assert keys == ["1-1", "2-1"]


def test_it_refuses_an_item_before_its_parent_level() -> None:
    legend = "\n凡例\n1\t柱\t説明\n01\t中分類\t説明\n①\t項目\t説明\n"
    text = HEAD + "1 柱\n① 適正な人員配置\n" + legend
    assert _errors(text) == [
        "plan.txt:6: 「① 適正な人員配置」の上位になる「中分類」（01 の形式）の見出しがありません"
    ]


def test_it_refuses_a_depth_jump_without_a_legend() -> None:
    text = HEAD + "1 柱\n(1) 大分類\n01 中分類\n2 柱\n① 項目\n"
    assert _errors(text) == [
        "plan.txt:9: 「① 項目」の上位になる「第3階層」（01 の形式）の見出しがありません"
    ]


def test_it_reports_every_error_not_just_the_first() -> None:
    text = HEAD + "1 柱\n① 一つ目\n① 一つ目\n(1) 分類\n01 中分類\n2 柱\n01 中分類\n"
    assert len(_errors(text)) == 2


@pytest.mark.parametrize("text", ["", "\n\n  \n", "ただの文章です。\n二行目。", "- 3 -\n"])
def test_it_refuses_a_document_without_headings(text: str) -> None:
    [error] = _errors(text)
    assert "番号の付いた見出し" in error


def test_it_gives_the_first_error_as_the_exception_text() -> None:
    with pytest.raises(OutlineError) as caught:
        parse_outline(HEAD + "1 柱\n1 柱\n")
    assert str(caught.value) == "<outline>:6: 番号が重複しています: 1（5 行目と同じ上位項目の下）"
    assert isinstance(caught.value, ValueError)


def test_it_warns_about_missing_title_and_period() -> None:
    result = parse_outline("1 柱\n")
    assert [w.message for w in result.warnings] == [
        "表題（計画の名前）が見つかりません",
        "計画期間が見つかりません（例: 「計画期間：2024年度から2028年度まで」）",
    ]
    assert result.plan["title"] == ""
    assert result.plan["period"] == {"start_fy": None, "end_fy": None}
    assert result.plan["municipality"] == {"code": None, "name": None}


def test_it_warns_about_a_style_the_legend_does_not_name() -> None:
    text = HEAD + "1 柱\nア 追加の階層\n\n凡例\n1\t柱\t説明\n"
    result = parse_outline(text)
    assert [w.message for w in result.warnings] == [
        "凡例にない番号の形式です: ア（第2階層として読みます）"
    ]
    assert result.plan["levels"][1] == {
        "depth": 2, "name": "第2階層", "description": "", "numbering": "ア",
    }  # fmt: skip


def test_it_warns_about_text_after_the_legend() -> None:
    text = HEAD + "1 柱\n\n凡例\n1\t柱\t説明\n\n以上\n"
    assert [w.message for w in parse_outline(text).warnings] == [
        "凡例の後の文章を読み飛ばしました: 以上"
    ]


def test_it_refuses_non_text_input() -> None:
    with pytest.raises(TypeError):
        parse_outline(b"1 \xe6\x9f\xb1")  # type: ignore[arg-type]
