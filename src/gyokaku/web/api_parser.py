"""The API's JSON body parser: ninja's, except for strings no database can store.

JSON may escape a lone UTF-16 surrogate (``"\\ud800"``); Python reads it into a ``str`` that
cannot be encoded as UTF-8, so it passed the schema and failed at the database (a 500). Such a
string is handed to the schema as bytes that are not UTF-8 instead: pydantic refuses them with
``string_unicode`` at the exact field (a dictionary key too), so the caller gets the usual 422
naming the field, from the usual validation, and nothing is written.

A body that is not JSON at all (or not UTF-8) raises ``Unreadable`` with where it stops being
readable; ninja wraps any parser error in its English "Cannot parse request body", so api.py
answers the 400 with this message instead.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)


def _unstorable(text: str) -> str | bytes:
    # "surrogatepass" keeps the surrogate as the 3 bytes UTF-8 forbids (ED A0 80 for U+D800).
    return text.encode("utf-8", "surrogatepass") if _has_surrogate(text) else text


def _mark(value: Any) -> Any:
    if isinstance(value, str):
        return _unstorable(value)
    if isinstance(value, list):
        return [_mark(item) for item in value]
    if isinstance(value, dict):
        return {_unstorable(key): _mark(item) for key, item in value.items()}
    return value


class Unreadable(ValueError):
    """A body that is not JSON: the message says where, for a person."""


def _load(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"送信された内容が UTF-8 ではありません（{exc.start + 1} バイト目）"
            " / request body is not UTF-8"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(
            f"送信された内容を JSON として読み取れません（{exc.lineno} 行 {exc.colno} 列）"
            f" / invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return _mark(_load(request.body))
