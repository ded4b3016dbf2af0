from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims import services


class Command(BaseCommand):
    help = (
        "Remove speakers whose name names nobody (“they”, “That”, “Unattributed”, …) and such "
        "aliases: their quotes and numbers become not resolved, decisions kept, and each decided "
        "item's history records the unlink by --actor. A second run finds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor",
            required=True,
            help="Username of the editor or admin the history names for these changes.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args, **options):
        try:
            actor = get_user_model().objects.get(username=options["actor"], is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user called {options['actor']!r}.") from None
        if not actor.has_perm("claims.change_speaker"):
            raise CommandError(f"{actor} may not change speakers (an editor or admin may).")
        summary = services.unlink_junk_speakers(actor=actor, dry_run=options["dry_run"])
        verb = "would be" if options["dry_run"] else "were"
        names = ", ".join(f"“{name}”" for name in summary.speakers) or "none"
        self.stdout.write(f"Speakers that name nobody: {names}.")
        self.stdout.write(
            f"{summary.items} item(s) {verb} left not resolved ({summary.decided} with history, "
            f"each recorded); {summary.aliases} alias(es) {verb} removed."
        )
