from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.site import views, views_import

app_name = "plans"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan"),
    path("plans/<slug:slug>/search/", views.search, name="search"),
    path("plans/<slug:slug>/changes/", views.changes, name="changes"),
    path("plans/<slug:slug>/import/", views_import.plan_import_page, name="import"),
    path("plans/<slug:slug>/nodes/<str:key>/", views.node_page, name="node"),
]
