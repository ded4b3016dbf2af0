"""Root URLconf: Django's auth pages, the admin, and the claims app at the site root."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("claims.urls")),
]
