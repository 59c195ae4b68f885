"""Documentation that tests keep honest: every command and option we add is in docs/cli.md."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from django.core.management import load_command_class

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
# Our commands and the app each lives in.
OURS = {
    "run": "gyokaku.demo",
    "serve": "gyokaku.site",
    "backup": "gyokaku.site",
    "restore": "gyokaku.site",
    "plan": "gyokaku.site",
    "user": "gyokaku.accounts",
    "token": "gyokaku.accounts",
    "department": "gyokaku.accounts",
    "remind": "gyokaku.notices",
    "round": "gyokaku.tracking",
    "demo": "gyokaku.demo",
    "sheet": "gyokaku.exchange",
    "publish": "gyokaku.opendata",
    "worker": "gyokaku.jobs",
    "report": "gyokaku.reports",
}


def _parsers(name: str) -> list[tuple[str, argparse.ArgumentParser, bool]]:
    """(title, parser, has subcommands) for the command and each of its subcommands."""
    parser = load_command_class(OURS[name], name).create_parser("gyokaku", name)
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    found = [(name, parser, bool(subs))]
    for action in subs:
        found += [(f"{name} {sub}", p, False) for sub, p in action.choices.items()]
    return found


def test_it_knows_every_command_we_ship() -> None:
    from django.core.management import get_commands

    ours = {name for name, app in get_commands().items() if app.startswith("gyokaku.")}
    assert ours == set(OURS)


@pytest.mark.parametrize("name", sorted(OURS))
def test_it_documents_every_command_and_option(name: str) -> None:
    for title, parser, has_subcommands in _parsers(name):
        if not has_subcommands:
            assert f"`gyokaku {title}" in CLI_DOC, f"gyokaku {title} is not in docs/cli.md"
        for action in parser._actions:
            for option in action.option_strings:
                if option in ("-h", "--help") or option in DJANGO_DEFAULTS:
                    continue
                assert option in CLI_DOC, f"gyokaku {title} {option} is not in docs/cli.md"


DJANGO_DEFAULTS = {
    "--version",
    "-v",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


def test_the_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme.split("\n## ", 1)[0]
    assert "make run" in head and "make test" in head


@pytest.mark.parametrize(
    "doc",
    [
        "plan-file.md",
        "plan-outline.md",
        "api.md",
        "cli.md",
        "pages.md",
        "development.md",
        "performance.md",
        "roles-and-workflow.md",
        "staff-pages.md",
        "measures.md",
        "dashboard.md",
        "exchange.md",
        "report.md",
        "opendata.md",
        "operations.md",
        "item-sheets.md",
    ],
)
def test_each_linked_doc_exists(doc: str) -> None:
    assert (ROOT / "docs" / doc).is_file()
    assert f"docs/{doc}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_read_from_the_environment_is_in_the_readme() -> None:
    import re

    settings_py = (ROOT / "src" / "gyokaku" / "settings.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r"\"(GYOKAKU_[A-Z_]+|DATABASE_URL)\"", settings_py))
    names -= {n for n in names if n.endswith("_SECONDS") or n.startswith("GYOKAKU_MAX")}
    assert names and all(f"`{name}`" in readme for name in names), sorted(
        n for n in names if f"`{n}`" not in readme
    )


def test_where_things_live_has_a_paragraph_for_every_package() -> None:
    """docs/development.md "Where things live": one paragraph per package of src/gyokaku, so a
    newcomer finds every room (issue 11 #5); a new app without one fails here."""
    doc = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    section = doc.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    packages = sorted(
        p.name
        for p in (ROOT / "src" / "gyokaku").iterdir()
        if (p / "__init__.py").exists() and p.name not in {"templates", "static", "locale"}
    )
    missing = [name for name in packages if f"**`{name}/`**" not in section]
    assert missing == [], f"docs/development.md has no paragraph for {missing}"
