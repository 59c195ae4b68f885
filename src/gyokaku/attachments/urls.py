from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.attachments import views

app_name = "attachments"
BASE = "plans/<slug:slug>/nodes/<str:key>/progress/<int:fy>/attachments/"
urlpatterns: list[URLPattern] = [
    path(BASE, views.attachments, name="list"),
    path(f"{BASE}add/", views.attach, name="add"),
    path(f"{BASE}<int:pk>/", views.download, name="download"),
    path(f"{BASE}<int:pk>/remove/", views.remove, name="remove"),
]
