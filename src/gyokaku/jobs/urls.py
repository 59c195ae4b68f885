from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.jobs import views

app_name = "jobs"

urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/", views.job_page, name="job"),
    path("<uuid:pk>/retry/", views.job_retry_view, name="retry"),
]
