"""Template context every page shares."""

from django.utils.functional import SimpleLazyObject

from claims.backends import role_names


def roles(request) -> dict:
    """`user_roles`: the signed-in user's role names, read with their permissions."""
    return {"user_roles": SimpleLazyObject(lambda: role_names(request.user))}
