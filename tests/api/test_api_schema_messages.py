"""Schema errors answer in Japanese and name their field, like our own checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.world import World

from gyokaku.web.api_messages import MESSAGES, schema_message


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "missing", "msg": "Field required"}, "必須です"),
        (
            {"type": "string_too_long", "msg": "…", "ctx": {"max_length": 10000}},
            "10000 文字以内で指定してください",
        ),
        (
            {"type": "literal_error", "msg": "…", "ctx": {"expected": "'submit' or 'return'"}},
            "次のいずれかを指定してください: 'submit' or 'return'",
        ),
        (
            {"type": "greater_than_equal", "msg": "…", "ctx": {"ge": 0}},
            "0 以上の値を指定してください",
        ),
        ({"type": "value_error", "msg": "Value error, 年度が違います"}, "年度が違います"),
        ({"type": "something_new", "msg": "Something new"}, "Something new"),
        ({"type": "string_too_long", "msg": "…"}, "文字以内で指定してください"),  # no ctx
        ({"type": "literal_error", "msg": "…"}, "次のいずれかを指定してください"),
        ({"type": "decimal_max_digits", "msg": "…"}, "数値の桁が多すぎます"),
    ],
)
def test_it_says_each_error_in_japanese(error: dict[str, Any], message: str) -> None:
    assert schema_message(error) == message


def test_every_message_is_japanese() -> None:
    assert all(any(ord(ch) > 0x3000 for ch in text) for text in MESSAGES.values())


def test_an_api_answer_names_the_field_in_japanese(world: World) -> None:
    client = Client()
    client.force_login(world.users["erin"])
    response = client.get("/api/v1/audit?fy=abc")
    body = response.json()
    assert response.status_code == 422
    assert body["problems"]["fy"] == "整数を指定してください"
    assert body["detail"] == "fy: 整数を指定してください"
