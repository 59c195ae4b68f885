from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.site import views, views_import, views_schedule, views_settings, views_sheets

app_name = "plans"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan"),
    path("plans/<slug:slug>/search/", views.search, name="search"),
    path("plans/<slug:slug>/changes/", views.changes, name="changes"),
    path("plans/<slug:slug>/schedule/", views_schedule.schedule, name="schedule"),  # 工程表
    path("plans/<slug:slug>/schedule.xlsx", views_schedule.schedule_download, name="schedule_xlsx"),
    path("plans/<slug:slug>/sheets/", views_sheets.sheets_page, name="sheets"),  # 個票の取込
    path(
        "plans/<slug:slug>/sheets/proposals/<int:pk>/decide/",
        views_sheets.sheet_proposal_decide_view,
        name="sheet_proposal_decide",
    ),
    path(
        "plans/<slug:slug>/nodes/<str:key>/sheet/propose/",
        views_sheets.sheet_propose,
        name="sheet_propose",
    ),
    path(
        "plans/<slug:slug>/sheets/template.xlsx",
        views_sheets.sheet_template_download,
        name="sheet_template",
    ),
    path("plans/<slug:slug>/import/", views_import.plan_import_page, name="import"),
    path(  # 計画の設定
        "plans/<slug:slug>/settings/", views_settings.settings_page, name="settings"
    ),
    path("plans/<slug:slug>/settings/logo/", views_settings.logo_upload, name="logo_upload"),
    path("plans/<slug:slug>/logo/<str:name>", views_settings.logo, name="logo"),  # ロゴ
    path("plans/<slug:slug>/nodes/<str:key>/", views.node_page, name="node"),
]
