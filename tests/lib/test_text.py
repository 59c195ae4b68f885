from __future__ import annotations

import re

import pytest

from gyokaku.lib.text import (
    LINE_PATTERN,
    TEXT_PATTERN,
    strip_controls,
    text_problem,
)

NEVER = [
    *(chr(c) for c in range(0x00, 0x09)),
    "\x0b",
    "\x0c",
    *(chr(c) for c in range(0x0E, 0x20)),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
]
FINE = ["書かない窓口", "①（1）ア", "a b", "\u3000全角", "絵文字🙂", "\u00a0", "\ufffd", "\u2028"]


@pytest.mark.parametrize("char", NEVER)
@pytest.mark.parametrize("multiline", [True, False])
def test_it_refuses_controls_noncharacters_and_lone_surrogates(char: str, multiline: bool) -> None:
    problem = text_problem(f"ab{char}c", multiline=multiline)
    assert problem is not None
    assert f"U+{ord(char):04X}" in problem and "3 文字目" in problem


@pytest.mark.parametrize("text", FINE)
@pytest.mark.parametrize("multiline", [True, False])
def test_it_allows_ordinary_text(text: str, multiline: bool) -> None:
    assert text_problem(text, multiline=multiline) is None


@pytest.mark.parametrize("char", ["\t", "\n", "\r"])
def test_tab_and_newlines_are_allowed_only_in_multi_line_text(char: str) -> None:
    assert text_problem(f"一行目{char}二行目", multiline=True) is None
    problem = text_problem(f"一行目{char}二行目", multiline=False)
    assert problem is not None and "1 行で入力してください" in problem and "4 文字目" in problem


@pytest.mark.parametrize(
    ("char", "label"),
    [
        ("\x00", "NUL U+0000"),
        ("\x0b", "制御文字 U+000B"),
        ("\x85", "制御文字 U+0085"),
        ("\ud800", "対のないサロゲート U+D800"),
        ("\uffff", "非文字 U+FFFF"),
    ],
)
def test_the_message_names_the_character(char: str, label: str) -> None:
    assert (
        text_problem(char, multiline=True) == f"使えない文字（{label}）が含まれています（1 文字目）"
    )


def test_strip_keeps_tab_and_newlines_and_drops_the_rest() -> None:
    assert strip_controls("a\tb\r\nc" + "".join(NEVER) + "d") == "a\tb\r\ncd"


@pytest.mark.parametrize("char", [*NEVER, "\t", "\n", "\r"])
def test_the_json_schema_patterns_say_the_same(char: str) -> None:
    # ECMA-262 \\uXXXX escapes read the same in Python's re
    assert re.fullmatch(TEXT_PATTERN, f"a{char}") is None or char in "\t\n\r"
    assert re.fullmatch(LINE_PATTERN, f"a{char}") is None
    for text in FINE:
        assert re.fullmatch(TEXT_PATTERN, text) and re.fullmatch(LINE_PATTERN, text)
