"""RoleBackend: Django's permission semantics, read in one query, for one request only."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from claims import roles
from claims.backends import CACHE, RoleBackend, role_names
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as the next request loads it (no per-request caches)."""
    return User.objects.get(pk=user.pk)


def model_backend_permissions(user: User) -> set[str]:
    return ModelBackend().get_all_permissions(fresh(user))


@pytest.mark.parametrize("role", [roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN, None])
def test_same_permissions_as_django_model_backend(role):
    user = UserFactory(role=role)
    user.user_permissions.add(Permission.objects.get(codename="view_outlet"))  # one of their own
    expected = model_backend_permissions(user)
    assert RoleBackend().get_all_permissions(fresh(user)) == expected
    assert "claims.view_outlet" in expected


def test_permissions_and_role_names_take_one_query(django_assert_num_queries):
    user = fresh(UserFactory(role=roles.EDITOR))
    with django_assert_num_queries(1):
        assert user.has_perm("claims.review_quote")
        assert not user.has_perm("claims.verify_quote")
        assert role_names(user) == [roles.EDITOR]
        assert user.has_perms(["claims.add_article", "claims.change_speaker"])


def test_role_names_list_every_group_even_one_without_permissions():
    user = UserFactory(role=roles.FACT_CHECKER)
    user.groups.add(Group.objects.create(name="night desk"))
    assert role_names(fresh(user)) == [roles.FACT_CHECKER, "night desk"]
    assert role_names(fresh(UserFactory())) == []


def test_inactive_users_hold_no_permission():
    user = UserFactory(role=roles.EDITOR, is_active=False)
    assert RoleBackend().get_all_permissions(fresh(user)) == set()
    assert not fresh(user).has_perm("claims.review_quote")


def test_a_role_taken_away_is_gone_at_the_next_request(client):
    user = UserFactory(role=roles.EDITOR)
    client.force_login(user)
    assert client.get(reverse("claims:review-queue")).status_code == 200
    user.groups.clear()
    assert client.get(reverse("claims:review-queue")).status_code == 403


def test_the_page_header_names_the_roles(client):
    user = UserFactory(username="maria", role=roles.FACT_CHECKER)
    client.force_login(user)
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert f"maria · {roles.FACT_CHECKER}" in page


def test_the_cache_is_model_backends_so_dropping_it_rereads_permissions():
    """RoleBackend keeps its cache under ModelBackend's private attribute, `_perm_cache`, so the
    usual `del user._perm_cache` still makes a user object read its permissions again. A Django
    that renames the attribute fails here: then rename CACHE in claims/backends.py with it."""
    user = fresh(UserFactory(role=roles.EDITOR))
    ModelBackend().get_all_permissions(user)
    assert hasattr(user, CACHE)

    user = fresh(user)
    assert user.has_perm("claims.review_quote")
    user.groups.clear()
    assert user.has_perm("claims.review_quote")  # cached for the rest of the request
    delattr(user, CACHE)
    assert not user.has_perm("claims.review_quote")
