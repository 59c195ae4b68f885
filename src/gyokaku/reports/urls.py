from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("plans/<slug:slug>/reports/", views.report_files, name="files"),
    path("plans/<slug:slug>/reports/generate/", views.report_start, name="generate"),
    path("plans/<slug:slug>/reports/<int:pk>/download/", views.report_download, name="download"),
]
