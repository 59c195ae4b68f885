"""GET /api/v1/rollups/national: the public roll-up across municipalities (measures/national.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from gyokaku.accounts.api_auth import READ_AUTH
from gyokaku.measures.models import EffectKind
from gyokaku.measures.national import AreaRollup, national_rollup
from gyokaku.measures.schemas import NationalRollupOut
from gyokaku.web.api_answers import READ, answers

router = Router(tags=["rollups"])
KIND_LABELS = dict(EffectKind.choices)


class NationalQuery(Schema):
    fy: int = NinjaField(ge=1989, le=2200, description="年度 (fiscal year, e.g. 2025)")


def _area_out(area: AreaRollup) -> dict[str, Any]:
    return {
        "code": area.code,
        "name": area.name,
        "municipalities": area.municipalities,
        "plans": area.plans,
        "tracked_items": area.tracked_items,
        "published_items": area.published_items,
        "rated": area.rated,
        "on_track": area.on_track,
        "effects": [
            {"kind": kind, "label": label, "target_yen": money[0], "actual_yen": money[1]}
            for kind, label in KIND_LABELS.items()
            if (money := area.effects.get(kind))
        ],
    }


@router.get(
    "/national",
    response=answers(NationalRollupOut, *READ, 422),
    auth=READ_AUTH,
    summary="The public roll-up across municipalities: per prefecture and national totals",
)
def national_get(request: HttpRequest, query: Query[NationalQuery]) -> JsonResponse:
    rollup = national_rollup(query.fy)
    return JsonResponse(
        {
            "fiscal_year": rollup.fiscal_year,
            "nation": _area_out(rollup.nation),
            "prefectures": [_area_out(area) for area in rollup.prefectures],
        },
        json_dumps_params={"ensure_ascii": False},
    )
