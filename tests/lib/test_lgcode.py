from __future__ import annotations

import pytest

from gyokaku.lib import lgcode


@pytest.mark.parametrize("code", ["022012", "011002", "130001", "010006", "271004", "472018"])
def test_it_accepts_real_codes(code: str) -> None:
    assert lgcode.validate(code) is None


def test_it_names_the_right_check_digit() -> None:
    message = lgcode.validate("022013")
    assert message is not None and "022012" in message


@pytest.mark.parametrize("code", ["02201", "0220120", "O22012", "０２２０１２", "", "482012"])
def test_it_refuses_malformed_codes(code: str) -> None:
    assert lgcode.validate(code) is not None


def test_it_computes_check_digits_for_every_remainder() -> None:
    # remainder 0 -> 1 (ones digit of 11), remainder 1 -> 0 (ones digit of 10)
    assert lgcode.check_digit("00000") == 1
    assert {lgcode.check_digit(f"{n:05d}") for n in range(200)} == set(range(10))
