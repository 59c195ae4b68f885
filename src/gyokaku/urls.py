from __future__ import annotations

from django.urls import include, path

from gyokaku.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("gyokaku.accounts.urls")),
    path("audit/", include("gyokaku.audit.urls")),
    path("jobs/", include("gyokaku.jobs.urls")),
    path("opendata/", include("gyokaku.opendata.urls")),
    path("", include("gyokaku.tracking.urls")),
    path("", include("gyokaku.exchange.urls")),
    path("", include("gyokaku.measures.urls")),
    path("", include("gyokaku.reports.urls")),
    path("", include("gyokaku.site.urls")),
]
