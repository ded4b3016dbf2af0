"""Root URLconf: log-in and password change, the admin, the API, and the claims app at the site
root.

Password reset by e-mail is left out on purpose: the newsroom has no mail set up for it, and an
admin resets a password in the Django admin.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.api import api
from claims.views import errors
from claims.views.common import favicon

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("claims.urls")),
]

# Our own error pages: Django's read the request body again and failed on the one they report.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
