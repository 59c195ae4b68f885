from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.exchange import views

app_name = "exchange"
SHEET = "plans/<slug:slug>/sheet/"
urlpatterns: list[URLPattern] = [
    path(SHEET, views.sheet_page, name="sheet"),
    path(SHEET + "download/", views.download_pick, name="download_pick"),
    path(SHEET + "<int:fy>/download/", views.sheet_download, name="download"),
    path(SHEET + "upload/", views.sheet_upload, name="upload"),
    path(SHEET + "upload/<int:pk>/", views.upload_preview, name="preview"),
    path(SHEET + "upload/<int:pk>/apply/", views.upload_apply, name="apply"),
]
