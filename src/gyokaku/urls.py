from __future__ import annotations

from django.urls import include, path

from gyokaku.api import api
from gyokaku.web.language import language_switch

urlpatterns = [
    path("language/", language_switch, name="language_switch"),
    path("api/v1/", api.urls),
    path("accounts/", include("gyokaku.accounts.urls")),
    path("audit/", include("gyokaku.audit.urls")),
    path("jobs/", include("gyokaku.jobs.urls")),
    path("opendata/", include("gyokaku.opendata.urls")),
    path("", include("gyokaku.tracking.urls")),
    path("", include("gyokaku.exchange.urls")),
    path("", include("gyokaku.measures.urls")),
    path("", include("gyokaku.reports.urls")),
    path("", include("gyokaku.notices.urls")),
    path("", include("gyokaku.attachments.urls")),
    path("", include("gyokaku.committee.urls")),
    path("", include("gyokaku.site.urls")),
]
