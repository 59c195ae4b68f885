"""One uploaded cell turned into the value we store, or the Japanese reason it cannot be.

Each parser returns ``(value, problem)``; exactly one of the two means something.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from gyokaku.exchange.columns import Column
from gyokaku.exchange.xlsx_read import Formula
from gyokaku.lib.text import text_problem
from gyokaku.measures.limits import value_problem, yen_problem

FORMULA = "数式は使えません。値を入力してください"
BLANKS = ("", "—", "-", "－")  # how people leave a drop-down empty


def text(raw: Any, limit: int, *, multiline: bool = True) -> tuple[str, str | None]:
    """A text cell, CRLF and CR as LF; control characters other than tab and newline refused
    (a single-line cell refuses those too), naming the character and its position."""
    if isinstance(raw, Formula):
        return "", FORMULA
    if raw is None:
        return "", None
    if isinstance(raw, bool):
        value = "TRUE" if raw else "FALSE"
    elif isinstance(raw, float) and raw.is_integer():
        value = str(int(raw))
    elif isinstance(raw, dt.datetime | dt.date | dt.time):
        value = raw.isoformat()
    else:
        value = str(raw)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > limit:
        return "", f"{limit:,} 文字以内で入力してください（{len(value):,} 文字）"
    if problem := text_problem(value, multiline=multiline):
        return "", problem
    return value, None


def choice(raw: Any, column: Column) -> tuple[str, str | None]:
    value, problem = text(raw, 200, multiline=False)
    if problem:
        return "", problem
    value = value.strip()
    choices = column.choices or {}
    if value in BLANKS:
        return "", None
    if value in choices:
        return choices[value], None
    if value in choices.values():  # the code itself, as the API and a CSV may write it
        return value, None
    return "", f"{column.noun}「{value}」は選択肢にありません: {'、'.join(choices)}"


def _decimal(raw: Any) -> tuple[Decimal | None, str | None]:
    if isinstance(raw, Formula):
        return None, FORMULA
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        return None, f"数値を入力してください（「{raw}」）"
    # A spreadsheet keeps 15 significant digits and writes 12.3456 as 12.345600000000001:
    # read a float to those 15 digits, so the noise is not taken for a fifth decimal.
    text = format(raw, ".15g") if isinstance(raw, float) else str(raw).strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, f"数値を入力してください（「{raw}」）"
    if not value.is_finite():
        return None, f"数値を入力してください（「{raw}」）"
    return value, None


def number(raw: Any) -> tuple[Decimal | None, str | None]:
    """An indicator value, within measures.limits."""
    value, problem = _decimal(raw)
    if problem or value is None:
        return None, problem
    problem = value_problem(value)
    if problem:
        return None, f"{problem}（「{raw}」）"
    return value, None


def yen(raw: Any) -> tuple[int | None, str | None]:
    """An amount in whole yen, within measures.limits."""
    value, problem = _decimal(raw)
    if problem or value is None:
        return None, problem
    if value != value.to_integral_value():
        return None, f"円単位の整数で入力してください（「{raw}」）"
    problem = yen_problem(value)  # before int(): 1E+99999999 would be a huge integer
    if problem:
        return None, f"{problem}（「{raw}」）"
    return int(value), None


def same_number(old: Decimal | int | None, new: Decimal | int | None) -> bool:
    """Equal, or equal as the binary float a spreadsheet keeps (12.3456 comes back as
    12.345600000000001 from some writers): a number nobody edited is not a change."""
    if old is None or new is None:
        return old is None and new is None
    return old == new or float(old) == float(new)


def cell(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def key_of(raw: Any) -> str:
    if raw is None or isinstance(raw, Formula):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # a key like "2" Excel turned into a number
    return str(raw).strip()
