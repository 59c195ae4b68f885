from __future__ import annotations

from django.urls import URLPattern, path, re_path

from gyokaku.opendata import views
from gyokaku.opendata.feeds import PublishedFeed

app_name = "opendata"

urlpatterns: list[URLPattern] = [
    path("<slug:slug>/", views.index, name="index"),
    path("<slug:slug>/datapackage.json", views.datapackage, name="datapackage"),
    path("<slug:slug>/feed.atom", PublishedFeed(), name="feed"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/(?P<table>[a-z_]+)\.(?P<fmt>csv|json|xlsx)$",
        views.data_file,
        name="file",
    ),
]
