"""Login and logout. Failed logins are throttled by django-axes (database handler)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "clinic/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "clinic/password_change.html"
    success_url = "/"


logout = auth_views.LogoutView.as_view(next_page="login")
password_change = PasswordChangeView.as_view()
login = LoginView.as_view()
