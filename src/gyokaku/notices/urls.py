from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.notices import views

app_name = "notices"
urlpatterns: list[URLPattern] = [
    path("notices/settings/", views.notice_settings, name="settings"),
    path("plans/<slug:slug>/submissions/", views.submissions, name="submissions"),
    path("plans/<slug:slug>/submissions/remind/", views.remind, name="remind"),
]
