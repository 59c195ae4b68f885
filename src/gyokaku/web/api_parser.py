"""The API's JSON body parser: ninja's, except for strings no database can store.

JSON may escape a lone UTF-16 surrogate (``"\\ud800"``); Python reads it into a ``str`` that
cannot be encoded as UTF-8, so it passed the schema and failed at the database (a 500). Such a
string is handed to the schema as bytes that are not UTF-8 instead: pydantic refuses them with
``string_unicode`` at the exact field (a dictionary key too), so the caller gets the usual 422
naming the field, from the usual validation, and nothing is written.
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


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return _mark(json.loads(request.body))
