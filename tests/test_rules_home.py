"""Each rule about sets of rows is written once, on its model's QuerySet (docs/development.md,
"Where things live"): this reads src/ and fails when a copy appears anywhere else.

- "a tracked node is a leaf" (``children__isnull``) and "a subtree is the key and the keys below
  it" (``key__startswith``, ``key.startswith``): ``plans/models.py``;
- "published" as a filter (``state=State.PUBLISHED``, ``to_state=…``, ``state="published"``):
  ``tracking/models.py``. Comparing one row's state (``report.state == State.PUBLISHED``), the
  workflow table and constants that name states are not filters and may stay where they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gyokaku"

RULES = {
    "leaf": (re.compile(r"children__isnull"), {"plans/models.py"}),
    "subtree": (re.compile(r"key__startswith|key\.startswith\("), {"plans/models.py"}),
    "published": (
        re.compile(r"state\s*=\s*(State\.PUBLISHED|[\"']published[\"'])"),
        {"tracking/models.py"},
    ),
}


def _copies(pattern: re.Pattern[str], allowed: set[str]) -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if "/migrations/" in name or name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("rule", sorted(RULES))
def test_it_finds_no_copy_of_a_rule_outside_its_queryset(rule: str) -> None:
    pattern, allowed = RULES[rule]
    assert _copies(pattern, allowed) == []


@pytest.mark.parametrize(
    ("rule", "line"),
    [
        ("leaf", "Node.objects.filter(plan=plan, children__isnull=True)"),
        ("subtree", 'Q(node__key__startswith=f"{key}-")'),
        ("subtree", 'node.key.startswith(f"{pillar.key}-")'),
        ("published", "reports.filter(state=State.PUBLISHED)"),
        ("published", "Transition.objects.filter(to_state=State.PUBLISHED)"),
        ("published", 'reports.filter(report__state="published")'),
    ],
)
def test_it_would_see_a_copy(rule: str, line: str) -> None:
    assert RULES[rule][0].search(line)


def test_comparing_one_rows_state_is_not_a_filter() -> None:
    assert not RULES["published"][0].search("return report.state == State.PUBLISHED")
