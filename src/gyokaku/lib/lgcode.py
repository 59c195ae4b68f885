"""地方公共団体コード (local government codes).

Six digits: a two-digit prefecture, three digits for the body, and a check digit. The check digit
is the ones digit of 11 minus (the weighted sum of the first five digits, weights 6..2, mod 11),
as the Ministry of Internal Affairs defines it. Aomori City is 022012.
"""

from __future__ import annotations

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    if len(first_five) != 5 or not first_five.isascii() or not first_five.isdigit():
        raise ValueError("the first five characters must be ASCII digits")
    total = sum(int(d) * w for d, w in zip(first_five, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def validate(code: str) -> str | None:
    """Return a Japanese message saying what is wrong with ``code``, or None when it is valid."""
    if not isinstance(code, str) or len(code) != 6 or not code.isascii() or not code.isdigit():
        return "地方公共団体コードは半角数字6桁で入力してください"
    if int(code[:2]) < 1 or int(code[:2]) > 47:
        return f"地方公共団体コード {code} の都道府県番号 {code[:2]} は 01〜47 ではありません"
    expected = check_digit(code[:5])
    if int(code[5]) != expected:
        return (
            f"地方公共団体コード {code} の検査数字が誤っています（正しくは {code[:5]}{expected}）"
        )
    return None


def is_valid(code: str) -> bool:
    return validate(code) is None
