"""Schema errors (pydantic's) in Japanese, like the rest of our answers.

Pydantic names each error by a stable ``type`` with its limits in ``ctx``; the text for a person
is ours. A type we don't know keeps pydantic's English message, so nothing is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

MESSAGES: dict[str, str] = {
    "missing": "必須です",
    "extra_forbidden": "この項目は使えません",
    "string_type": "文字列を指定してください",
    "string_too_short": "{min_length} 文字以上で指定してください",
    "string_too_long": "{max_length} 文字以内で指定してください",
    "string_pattern_mismatch": "形式が正しくありません",
    # A lone UTF-16 surrogate ("\ud800"): the parser (api_parser.py) hands it over as bytes,
    # which pydantic refuses as not UTF-8 (lib/text.py refuses it in stored text the same way).
    "string_unicode": "使えない文字（対のないサロゲート U+D800–U+DFFF）が含まれています",
    "invalid_key": "項目名に文字として読めない値（対になっていないサロゲートなど）があります",
    "int_type": "整数を指定してください",
    "int_parsing": "整数を指定してください",
    "int_from_float": "小数ではなく整数を指定してください",
    "float_type": "数値を指定してください",
    "float_parsing": "数値を指定してください",
    "decimal_type": "数値を指定してください",
    "decimal_parsing": "数値を指定してください",
    "decimal_max_digits": "数値の桁が多すぎます（{max_digits} 桁まで）",
    "decimal_max_places": "小数点以下は {decimal_places} 桁までです",
    "decimal_whole_digits": "整数部分は {whole_digits} 桁までです",
    "bool_type": "true か false を指定してください",
    "bool_parsing": "true か false を指定してください",
    "greater_than": "{gt} より大きい値を指定してください",
    "greater_than_equal": "{ge} 以上の値を指定してください",
    "less_than": "{lt} より小さい値を指定してください",
    "less_than_equal": "{le} 以下の値を指定してください",
    "literal_error": "次のいずれかを指定してください: {expected}",
    "enum": "次のいずれかを指定してください: {expected}",
    "list_type": "配列（リスト）を指定してください",
    "dict_type": "オブジェクトを指定してください",
    "model_type": "オブジェクトを指定してください",
    "model_attributes_type": "オブジェクトを指定してください",
    "too_short": "{min_length} 件以上を指定してください",
    "too_long": "{max_length} 件以内で指定してください",
    "date_type": "日付（YYYY-MM-DD）を指定してください",
    "date_parsing": "日付（YYYY-MM-DD）を指定してください",
    "date_from_datetime_parsing": "日付（YYYY-MM-DD）を指定してください",
    "datetime_type": "日時（ISO 8601）を指定してください",
    "datetime_parsing": "日時（ISO 8601）を指定してください",
    "json_invalid": "JSON として読めません",
    "json_type": "JSON として読めません",
    "uuid_parsing": "UUID の形式ではありません",
    "uuid_type": "UUID の形式ではありません",
}
VALUE_ERROR_PREFIX = "Value error, "  # our own validators' messages arrive with this prefix


def schema_message(error: Mapping[str, Any]) -> str:
    """The Japanese message for one pydantic error (``{"type", "msg", "ctx"}``)."""
    kind = str(error.get("type", ""))
    msg = str(error.get("msg", "invalid"))
    if kind == "value_error":
        return msg.removeprefix(VALUE_ERROR_PREFIX)
    template = MESSAGES.get(kind)
    if template is None:
        return msg
    ctx = dict(error.get("ctx") or {})
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):  # a limit we expected is missing: leave it out
        return _without_placeholders(template) or msg


def _without_placeholders(template: str) -> str:
    text = re.sub(r"（[^（）]*\{\w+\}[^（）]*）", "", template)  # 「（{n} 桁まで）」
    text = re.sub(r":\s*\{\w+\}", "", text)  # 「…: {expected}」
    return re.sub(r"\{\w+\}\s*", "", text).strip()  # 「{n} 文字以内…」
