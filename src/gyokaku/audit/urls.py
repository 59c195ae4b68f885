from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.audit import views

app_name = "audit"
urlpatterns: list[URLPattern] = [path("", views.audit_log, name="index")]
