"""The one shape of an export format and its registry (lib/formats.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from gyokaku.lib.formats import Format, Registry, UnknownFormat


@dataclass(frozen=True)
class Shouting(Format):
    shout: Callable[[str], str] = field(compare=False)


LOUD = Shouting(code="loud", label="Loud", media_type="text/plain", suffix=".txt", shout=str.upper)
QUIET = Shouting(code="quiet", label="Quiet", media_type="text/plain", suffix=".txt", shout=str)


def test_it_finds_a_format_by_its_code() -> None:
    registry = Registry(LOUD, QUIET)
    assert registry.get("loud").shout("a") == "A"
    assert registry["quiet"] is QUIET
    assert "loud" in registry and "soft" not in registry


def test_it_keeps_the_order_given() -> None:
    registry = Registry(QUIET, LOUD)
    assert list(registry) == ["quiet", "loud"] == list(registry.codes)
    assert list(registry.values()) == [QUIET, LOUD]
    assert dict(registry.items()) == {"quiet": QUIET, "loud": LOUD}
    assert len(registry) == 2


def test_get_of_an_unknown_code_names_the_known_ones() -> None:
    with pytest.raises(UnknownFormat) as raised:
        Registry(LOUD, QUIET).get("docx")
    assert str(raised.value) == "unknown format 'docx'; choose from loud, quiet"
    assert (raised.value.code, raised.value.known) == ("docx", ("loud", "quiet"))
    assert isinstance(raised.value, ValueError)  # what get_format raised before


def test_indexing_an_unknown_code_is_a_key_error_as_in_a_dict() -> None:
    with pytest.raises(KeyError):
        Registry(LOUD)["docx"]


def test_it_refuses_two_formats_with_one_code() -> None:
    with pytest.raises(ValueError, match="two formats with the code 'loud'"):
        Registry(LOUD, LOUD)


def test_a_format_is_frozen() -> None:
    with pytest.raises(AttributeError):
        LOUD.code = "louder"  # type: ignore[misc]
