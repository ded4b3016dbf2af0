import json
import os
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims import roles, services
from claims.models import Article

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "sample"

# Demo log-ins for a local machine only; each password can be overridden from the environment.
DEMO_USERS = [
    ("admin", roles.ADMIN, "CLAIMS_DEMO_ADMIN_PASSWORD", "admin-demo-pass"),
    ("editor", roles.EDITOR, "CLAIMS_DEMO_EDITOR_PASSWORD", "editor-demo-pass"),
    (
        "factchecker",
        roles.FACT_CHECKER,
        "CLAIMS_DEMO_FACTCHECKER_PASSWORD",
        "factchecker-demo-pass",
    ),
]


class Command(BaseCommand):
    help = (
        "Create the demo admin, editor and fact-checker and load the sample article "
        "(queuing its extraction). Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (demo passwords are public: never on a real site).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates users with public passwords; it runs only with DEBUG=1."
            )
        with transaction.atomic():
            for username, role, env_name, default in DEMO_USERS:
                self.ensure_user(username, role, os.environ.get(env_name, default))
            self.load_samples()

    def ensure_user(self, username: str, role: str, password: str) -> None:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            user.is_staff = role == roles.ADMIN
            user.is_superuser = role == roles.ADMIN
            user.save()
            user.groups.add(Group.objects.get(name=role))
            self.stdout.write(f"created {role:<13} log in as {username} / {password}")
        else:
            self.stdout.write(f"exists  {role:<13} {username} (password unchanged)")

    def load_samples(self) -> None:
        for meta_path in sorted(SAMPLE_DIR.glob("*.json")):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = (SAMPLE_DIR / meta["body_file"]).read_text(encoding="utf-8")
            try:
                article = services.ingest_article(
                    title=meta["title"],
                    body=body,
                    method=Article.IngestMethod.FIXTURE,
                    published_on=date.fromisoformat(meta["published_on"]),
                )
            except services.DuplicateArticle as duplicate:
                self.stdout.write(f"exists  article {duplicate.existing.pk}: {duplicate.existing}")
            else:
                self.stdout.write(f"loaded  article {article.pk}: {article} (extraction queued)")
