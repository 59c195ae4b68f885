"""The files the pages need are where Django looks for them: static files and catalogs."""

from __future__ import annotations

import re
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

import gyokaku

LOCALE = Path(gyokaku.__file__).parent / "locale"


@pytest.mark.parametrize(
    "name",
    ["gyokaku/gyokaku.css", "gyokaku/gyokaku.js", "gyokaku/htmx.min.js", "gyokaku/favicon.svg"],
)
def test_it_finds_the_static_files(name: str) -> None:
    # src/gyokaku/static is not an app's static directory: settings must list it in
    # STATICFILES_DIRS (or gyokaku must be an installed app) for WhiteNoise to serve it.
    assert finders.find(name), f"{name} not found by the static files finders"


def _po_entries(path: Path) -> dict[str, list[str]]:
    """msgid -> msgstr(s) of a .po file written by makemessages."""
    entries: dict[str, list[str]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            entries[fields["msgid"]] = [
                v for k, v in sorted(fields.items()) if k.startswith("msgstr")
            ]
    return entries


def test_it_translates_every_message_into_english() -> None:
    entries = _po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert entries
    untranslated = [msgid for msgid, strs in entries.items() if not all(strs)]
    assert not untranslated, f"English missing for: {untranslated}"


def test_it_ships_a_compiled_catalog_that_matches_the_po_file() -> None:
    directory = LOCALE / "en" / "LC_MESSAGES"
    entries = _po_entries(directory / "django.po")
    with (directory / "django.mo").open("rb") as mo:
        catalog = GNUTranslations(mo)
    for msgid, strs in entries.items():
        unescaped = msgid.replace('\\"', '"')
        assert catalog.gettext(unescaped) != unescaped or len(strs) > 1, (
            f"django.mo is stale (run `gyokaku compilemessages -l en`): {msgid}"
        )
