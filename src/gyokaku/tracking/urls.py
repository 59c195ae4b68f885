from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.tracking import views, views_chain, views_office, views_publish, views_year_plan

app_name = "tracking"
urlpatterns: list[URLPattern] = [
    path("my/", views.my_items, name="my"),
    path("review/", views_office.review_index, name="review_index"),
    path("plans/<slug:slug>/review/", views_office.review_queue, name="review"),
    path("plans/<slug:slug>/review/approve/", views_office.review_approve, name="review_approve"),
    path("chain/", views_chain.chain_index, name="chain_index"),
    path("plans/<slug:slug>/chain/", views_chain.chain_list, name="chain"),
    path("plans/<slug:slug>/chain/bulk/", views_chain.chain_bulk, name="chain_bulk"),
    path("plans/<slug:slug>/chain/edit/", views_chain.chain_edit, name="chain_edit"),
    path("plans/<slug:slug>/rounds/", views_office.rounds, name="rounds"),
    path("plans/<slug:slug>/rounds/open/", views_office.rounds_open, name="rounds_open"),
    path(
        "plans/<slug:slug>/rounds/<int:fy>/close/", views_office.rounds_close, name="rounds_close"
    ),
    path(
        "plans/<slug:slug>/rounds/<int:fy>/reopen/",
        views_office.rounds_reopen,
        name="rounds_reopen",
    ),
    path(
        "plans/<slug:slug>/rounds/<int:fy>/publish/",
        views_publish.year_publish_page,
        name="year_publish",
    ),
    path(
        "plans/<slug:slug>/nodes/<str:key>/yearplans/<int:fy>/",
        views_year_plan.year_plan_detail,
        name="year_plan",
    ),
    path(
        "plans/<slug:slug>/nodes/<str:key>/departments/",
        views_office.node_departments,
        name="node_departments",
    ),
]
