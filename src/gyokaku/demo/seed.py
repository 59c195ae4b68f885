"""The Aomori City plan shipped with gyokaku (the default data of `gyokaku run`)."""

from __future__ import annotations

from importlib import resources

from gyokaku.plans.formats import json_format
from gyokaku.plans.models import ItemSheet, Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.services import ImportReport, plan_import
from gyokaku.site.sheets import item_sheets_import

AOMORI_SLUG = "aomori-2024-2028"
AOMORI_FILE = "aomori-2024-2028.json"
# Every item's 個票 (【サンプル】 text), as a city fills the template: scripts/build-demo-sheets.py
AOMORI_SHEETS = "aomori-item-sheets.xlsx"


def aomori_plan_bytes() -> bytes:
    return resources.files("gyokaku.plans").joinpath("data", AOMORI_FILE).read_bytes()


def aomori_import(*, actor_label: str = "system:seed") -> ImportReport:
    """Load or refresh the Aomori plan; a second call changes nothing."""
    data = json_format.load(aomori_plan_bytes(), name=AOMORI_FILE)
    return plan_import(plan_file=validate_plan_data(data), actor_label=actor_label)


def aomori_sheets_bytes() -> bytes:
    return resources.files("gyokaku.demo").joinpath("data", AOMORI_SHEETS).read_bytes()


def aomori_sheets_import(*, plan: Plan, actor_label: str = "system:demo") -> int:
    """Fill the Aomori plan's 個票 from the shipped template when it has none yet (a 個票 edited
    since stays as it is); returns how many were written."""
    if ItemSheet.objects.filter(node__plan=plan).exists():
        return 0
    changes = item_sheets_import(
        plan=plan,
        content=aomori_sheets_bytes(),
        name=AOMORI_SHEETS,
        actor_label=actor_label,
        dry_run=False,
    )
    return len(changes)


def load_aomori() -> Plan:
    aomori_import()
    return plan_for(slug=AOMORI_SLUG)
