"""The Aomori City plan shipped with gyokaku (the default data of `gyokaku run`)."""

from __future__ import annotations

from importlib import resources

from gyokaku.plans.formats import json_format
from gyokaku.plans.models import Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.services import ImportReport, plan_import

AOMORI_SLUG = "aomori-2024-2028"
AOMORI_FILE = "aomori-2024-2028.json"


def aomori_plan_bytes() -> bytes:
    return resources.files("gyokaku.plans").joinpath("data", AOMORI_FILE).read_bytes()


def aomori_import(*, actor_label: str = "system:seed") -> ImportReport:
    """Load or refresh the Aomori plan; a second call changes nothing."""
    data = json_format.load(aomori_plan_bytes(), name=AOMORI_FILE)
    return plan_import(plan_file=validate_plan_data(data), actor_label=actor_label)


def load_aomori() -> Plan:
    aomori_import()
    return plan_for(slug=AOMORI_SLUG)
