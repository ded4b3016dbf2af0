"""Permissions and role names in one query per request.

Django's ModelBackend asks twice on the first permission check of a request (the user's own
permissions, then their groups'), and the page header asked a third time for the group names.
Every page checks a permission, so this backend reads all three with one UNION and keeps them on
the user object for the rest of the request, as ModelBackend keeps its own caches. Nothing lives
longer than the request: a role taken away is gone at the next one.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value

# ModelBackend's own attribute, so the usual way to make a user object read its permissions
# again (del user._perm_cache) still works
CACHE = "_perm_cache"
ROLES = "_claims_role_names"


def _load(user) -> None:
    none = Value(None, output_field=CharField())
    own = (
        Permission.objects.filter(user=user)
        .order_by()
        .values_list("content_type__app_label", "codename", none)
    )
    by_group = (
        Group.objects.filter(user=user)
        .order_by()
        .values_list("permissions__content_type__app_label", "permissions__codename", "name")
    )
    perms, roles = set(), set()
    # order_by(): the models' default orderings are not allowed inside a UNION (SQLite) nor
    # after it (they name no column of the result)
    for app_label, codename, group in own.union(by_group, all=True).order_by():
        if codename is not None:
            perms.add(f"{app_label}.{codename}")
        if group is not None:
            roles.add(group)
    if user.is_superuser:
        perms = {
            f"{app_label}.{codename}"
            for app_label, codename in Permission.objects.values_list(
                "content_type__app_label", "codename"
            )
        }
    setattr(user, CACHE, perms)
    setattr(user, ROLES, sorted(roles))


class RoleBackend(ModelBackend):
    """ModelBackend with the permission lookup (and role names) done in one query."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, CACHE):
            _load(user_obj)
        return getattr(user_obj, CACHE)


def role_names(user) -> list[str]:
    """The names of the groups (roles) `user` belongs to, sorted; [] for anonymous users."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, ROLES):
        _load(user)
    return getattr(user, ROLES)
