"""The HTTP API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from __future__ import annotations

from ninja import NinjaAPI

from gyokaku.plans.api import router as plans_router

api = NinjaAPI(
    title="gyokaku API",
    version="1",
    description="行財政改革プランの進行管理 API. Anonymous callers see published data only.",
    urls_namespace="api-v1",
)
api.add_router("/plans", plans_router)
