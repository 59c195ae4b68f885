"""lib/errors.py: a Reason is a message with the error that enforcing it raises."""

from __future__ import annotations

import pytest

from gyokaku.lib.errors import Conflict, Hidden, Reason, Refused, enforce


def test_it_reads_as_its_message_and_knows_its_status() -> None:
    reason = Reason(Conflict, "締め切られています")
    assert reason == "締め切られています" and str(reason) == "締め切られています"
    assert (reason.error, reason.status) == (Conflict, 409)
    assert Reason(Hidden, "ありません").status == 404


def test_enforce_raises_its_error_with_its_message_or_nothing() -> None:
    enforce(None)
    with pytest.raises(Refused) as raised:
        enforce(Reason(Refused, "閲覧者は編集できません"))
    assert raised.value.message == "閲覧者は編集できません" and raised.value.status == 403
    assert type(raised.value.message) is str


def test_a_reason_is_never_empty() -> None:
    with pytest.raises(ValueError):
        Reason(Refused, "")
