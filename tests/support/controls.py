"""Control characters, as a database written before issue 18 may hold them.

``dirty_every_text`` appends ``stored_controls()`` to every free-text column of every row
through the ORM's ``update`` (no service, no validation), so the writers (pages, feed, open
data, static export, reports) can be tested against what the inputs now refuse.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models

from gyokaku.accounts.models import Department
from gyokaku.measures.models import FiscalEffect, Indicator, IndicatorActual, PlanTarget
from gyokaku.plans.models import Level, Municipality, Node, Plan
from gyokaku.tracking.models import ProgressReport, RatingScale, RatingValue, Transition, YearPlan

# C0 controls that XML 1.0 cannot carry, DEL, C1 controls and the two noncharacters XML
# forbids; tab, LF and CR are allowed. Lone surrogates cannot be stored at all (UTF-8).
CONTROLS = "\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x9f\ufffe\uffff"

TEXT_COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Municipality: ("name",),
    Plan: ("title", "parent_plan", "lead", "background"),
    Level: ("name", "description"),
    Node: ("title", "description"),
    Department: ("name",),
    RatingScale: ("name",),
    RatingValue: ("label", "description"),
    YearPlan: ("text",),
    ProgressReport: ("result_text", "issues_text", "next_plan_text", "committee_opinion"),
    Transition: ("comment",),
    Indicator: ("name", "unit"),
    IndicatorActual: ("note",),
    FiscalEffect: ("note",),
    PlanTarget: ("label",),
}


def stored_controls() -> str:
    """What a database can hold: PostgreSQL refuses NUL in text, SQLite keeps it."""
    return ("\x00" if connection.vendor == "sqlite" else "") + CONTROLS


def dirty_every_text() -> int:
    """Append the controls to every free-text column of every row; the number of rows."""
    raw = stored_controls()
    count = 0
    for model, names in TEXT_COLUMNS.items():
        manager: Any = model._default_manager
        for row in manager.all():
            manager.filter(pk=row.pk).update(
                **{name: f"{getattr(row, name)}{raw}" for name in names}
            )
            count += 1
    return count


def forbidden_in(text: str) -> list[str]:
    """The characters of ``text`` that no writer may let through (tab, LF and CR may)."""
    return sorted({f"U+{ord(c):04X}" for c in text if c in CONTROLS or c == "\x00"})
