"""Create the fact-checker, editor and admin groups with their permissions.

The lists are frozen as this migration first granted them: a migration builds the same database
whatever the application code says later, so a change to claims/roles.py comes with a migration
of its own (as 0008 gives editors change_article). tests/test_roles.py checks that the migrated
groups hold what claims/roles.py says.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FACT_CHECKER = "fact-checker"
EDITOR = "editor"
ADMIN = "admin"
ROLE_PERMISSIONS = {
    FACT_CHECKER: [
        "claims.view_article",
        "claims.view_quote",
        "claims.view_numericclaim",
        "claims.view_speaker",
        "claims.view_decision",
        "claims.verify_quote",
    ],
    EDITOR: [
        "claims.view_article",
        "claims.add_article",
        "claims.view_quote",
        "claims.view_numericclaim",
        "claims.view_speaker",
        "claims.view_decision",
        "claims.review_quote",
        "claims.review_numericclaim",
        "claims.change_speaker",
        "claims.add_speaker",
        "claims.view_outlet",
        "claims.add_outlet",
    ],
}
ADMIN_APPS = ("claims", "auth")


def create_roles(apps, schema_editor) -> None:
    # Permissions are normally created after all migrations run (post_migrate); create them now
    # so the groups can hold them on a fresh database. create_permissions is that handler; it
    # skips an app whose models_module is unset, as it is on the historical app configs, hence
    # the flag. Both are Django internals: tests/test_roles.py fails if this stops working.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))


def remove_roles(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[*ROLE_PERMISSIONS, ADMIN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_spans_inside_article_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
