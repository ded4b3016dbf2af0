"""The role groups: what the migrations build is what claims/roles.py says, with no live code."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from claims import roles

MIGRATIONS = Path(__file__).resolve().parents[1] / "claims" / "migrations"


def held(group: Group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.FACT_CHECKER, roles.EDITOR])
def test_the_migrated_groups_hold_exactly_what_roles_grants(role):
    """Fails when claims/roles.py changes without a migration, and when the roles migration's
    use of Django internals (create_permissions on historical apps) stops creating them."""
    assert held(Group.objects.get(name=role)) == set(roles.permissions_of(role))


@pytest.mark.django_db
def test_the_migrated_admin_group_holds_user_management_and_the_claims_workflow():
    admin = held(Group.objects.get(name=roles.ADMIN))
    assert {"auth.add_user", "auth.change_user", "auth.change_group"} <= admin
    assert {"claims.review_quote", "claims.verify_quote", "claims.review_numericclaim"} <= admin
    assert all(name.split(".")[0] in roles.ADMIN_APPS for name in admin)
    assert Permission.objects.filter(content_type__app_label="claims").count() > 20


@pytest.mark.parametrize("path", sorted(MIGRATIONS.glob("0*.py")), ids=lambda p: p.stem)
def test_migrations_import_no_application_code(path):
    """A migration must build the same schema and rows however the app changes later. The one
    exception is a helper kept beside the migrations themselves (claims/migrations/_*.py), which
    is as frozen as they are."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    application = {name for name in imported if name.split(".")[0] in ("claims", "newsroom")}
    assert not {name for name in application if not name.startswith("claims.migrations._")}
