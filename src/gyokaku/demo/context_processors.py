"""Template context: whether any plan carries demo data, so every page can say サンプル."""

from __future__ import annotations

from typing import Any

from gyokaku.plans.models import Plan


def sample_data(request: Any) -> dict[str, bool]:
    return {"sample_data": Plan.objects.filter(has_sample_data=True).exists()}
