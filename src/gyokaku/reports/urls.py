from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.reports import views, views_opinions

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("plans/<slug:slug>/reports/", views.report_files, name="files"),
    path("plans/<slug:slug>/reports/generate/", views.report_start, name="generate"),
    path("plans/<slug:slug>/reports/<int:pk>/download/", views.report_download, name="download"),
    path(
        "plans/<slug:slug>/committee/<int:fy>/opinions.xlsx",
        views_opinions.opinion_list_download,
        {"suffix": "xlsx"},
        name="opinions_xlsx",
    ),
    path(
        "plans/<slug:slug>/committee/<int:fy>/opinions.pdf",
        views_opinions.opinion_list_download,
        {"suffix": "pdf"},
        name="opinions_pdf",
    ),
]
