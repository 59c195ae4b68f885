"""Default rating scales (評価区分), modelled on municipal practice: two axes, each with
評価対象外 as a real value so "not rated this year" is recorded, not left blank."""

from __future__ import annotations

from gyokaku.plans.models import Plan
from gyokaku.tracking.models import RatingScale, RatingValue

# (code, name, [(value code, label, description, on_track, not_rated)])
DEFAULT_SCALES: list[tuple[str, str, list[tuple[str, str, str, bool, bool]]]] = [
    (
        "status",
        "実施状況",
        [
            ("not_started", "未着手", "取組に着手していない", False, False),
            ("in_progress", "取組中", "取組を進めている", True, False),
            ("done", "完了", "取組を完了した", True, False),
            ("na", "評価対象外", "今年度は評価の対象としない", False, True),
        ],
    ),
    (
        "achievement",
        "達成度",
        [
            ("S", "S", "計画以上", True, False),
            ("A", "A", "計画どおり", True, False),
            ("B", "B", "やや遅れ", False, False),
            ("C", "C", "遅れ", False, False),
            ("na", "評価対象外", "今年度は評価の対象としない", False, True),
        ],
    ),
]


def rating_scales_ensure_defaults(*, plan: Plan) -> list[RatingScale]:
    """Give ``plan`` the default scales if it has none; return its scales."""
    existing = list(RatingScale.objects.filter(plan=plan).prefetch_related("values"))
    if existing:
        return existing
    scales = []
    for order, (code, name, values) in enumerate(DEFAULT_SCALES):
        scale = RatingScale.objects.create(plan=plan, code=code, name=name, order=order)
        RatingValue.objects.bulk_create(
            RatingValue(
                scale=scale,
                code=v_code,
                label=label,
                description=description,
                order=i,
                on_track=on_track,
                not_rated=not_rated,
            )
            for i, (v_code, label, description, on_track, not_rated) in enumerate(values)
        )
        scales.append(scale)
    return scales


def scale_choices(*, plan: Plan) -> dict[str, dict[str, RatingValue]]:
    """{scale code: {value code: value}} in one query."""
    out: dict[str, dict[str, RatingValue]] = {}
    for value in RatingValue.objects.filter(scale__plan=plan).select_related("scale"):
        out.setdefault(value.scale.code, {})[value.code] = value
    return out
