"""Decisions can record a move with a revised text; editors may revise an article's text."""

from django.db import migrations, models


def editors_revise(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    change = Permission.objects.get(content_type__app_label="claims", codename="change_article")
    for group in Group.objects.filter(name="editor"):
        group.permissions.add(change)


def editors_stop_revising(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="editor"):
        group.permissions.remove(*group.permissions.filter(codename="change_article"))


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_audit_trail"),
    ]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="action",
            field=models.CharField(
                choices=[
                    ("review", "Review"),
                    ("edit", "Edit"),
                    ("verdict", "Fact-check verdict"),
                    ("undo", "Undo"),
                    ("move", "Moved with the revised article text"),
                ],
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="decisionevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("review", "Review"),
                    ("edit", "Edit"),
                    ("verdict", "Fact-check verdict"),
                    ("undo", "Undo"),
                    ("move", "Moved with the revised article text"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(editors_revise, editors_stop_revising),
    ]
