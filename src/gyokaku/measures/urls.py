from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.measures import views, views_report, views_targets

app_name = "measures"
REPORT = "plans/<slug:slug>/nodes/<str:key>/progress/<int:fy>/"
urlpatterns: list[URLPattern] = [
    path(REPORT, views_report.report_detail, name="report"),
    path(REPORT + "transitions/", views_report.report_move, name="report_move"),
    path(REPORT + "history/", views_report.report_versions, name="report_history"),
    path("plans/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<slug:slug>/dashboard/nodes/<str:key>/", views.dashboard_node, name="node"),
    path("my/dashboard/", views.department, name="department"),
    path(REPORT + "indicators/", views.report_indicators, name="report_indicators"),
    path(REPORT + "effects/", views.report_effects, name="report_effects"),
    path(
        "plans/<slug:slug>/target-proposals/",
        views_targets.target_proposals_page,
        name="target_proposals",
    ),
    path(
        "plans/<slug:slug>/target-proposals/<int:pk>/decision/",
        views_targets.target_proposal_decision,
        name="target_proposal_decision",
    ),
]
