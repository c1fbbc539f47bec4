"""Top-level URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from requests_app.forms.account import SignInForm
from requests_app.views import account, casework, twofactor

urlpatterns = [
    path("", casework.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Choosing one's own password from a link sent by email (services/accounts.py): the only
    # way a password is set for an account an administrator opened.
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_set_form.html",
            success_url=reverse_lazy("password_set_done"),
        ),
        name="password_set",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_set_done.html"
        ),
        name="password_set_done",
    ),
    path("favicon.ico", account.favicon, name="favicon"),
    path("session/keepalive/", account.session_keepalive, name="session_keepalive"),
    path("two-factor/setup/", twofactor.setup, name="twofactor_setup"),
    path("two-factor/verify/", twofactor.verify, name="twofactor_verify"),
    path("", include("requests_app.urls")),
    path("releases/", include("forms_app.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "requests_app.views.account.permission_denied"
handler404 = "requests_app.views.account.page_not_found"
handler500 = "requests_app.views.account.server_error"
