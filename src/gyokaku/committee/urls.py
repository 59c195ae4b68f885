from __future__ import annotations

from django.urls import URLPattern, path

from gyokaku.committee import views

app_name = "committee"
YEAR = "plans/<slug:slug>/committee/<int:fy>/"
urlpatterns: list[URLPattern] = [
    path("committee/", views.index, name="index"),
    path("plans/<slug:slug>/committee/share/", views.share, name="share"),
    path(YEAR, views.review_page, name="review"),
    path(YEAR + "close/", views.review_move_page, {"move": "close"}, name="close"),
    path(YEAR + "publish/", views.review_move_page, {"move": "publish"}, name="publish"),
    path(YEAR + "items/<str:key>/", views.item_page, name="item"),
    path(YEAR + "opinions/<int:pk>/", views.opinion_edit, name="opinion_edit"),
    path(YEAR + "opinions/<int:pk>/reply/", views.opinion_reply_page, name="opinion_reply"),
    path(
        YEAR + "opinions/<int:pk>/withdraw/", views.opinion_withdraw_page, name="opinion_withdraw"
    ),
]
