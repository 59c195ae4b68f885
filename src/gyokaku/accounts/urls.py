from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path

from gyokaku.accounts import views, views_people

app_name = "accounts"
urlpatterns: list[URLPattern] = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("people/", views_people.people, name="people"),
    path("people/new/", views_people.person_new, name="person_new"),
    path("people/<int:pk>/", views_people.person_edit, name="person"),
    path("people/<int:pk>/active/", views_people.person_active, name="person_active"),
    path("people/<int:pk>/password/", views_people.person_password, name="person_password"),
]
