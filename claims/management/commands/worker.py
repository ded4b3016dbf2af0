from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from claims.tasks import requeue_orphaned, worker_id


class Command(BaseCommand):
    help = (
        "Run the background worker of the configured backend (CLAIMS_TASKS_BACKEND): with db, "
        "django-tasks-db's db_worker, first putting back jobs whose worker died mid-run; with "
        "rq, django-rq's rqworker on the default queue. Run it under a supervisor that "
        "restarts it; with rq, run as many as there are cores to spare, on any machine."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between polls (default 1; db only: an RQ worker waits on Redis).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Exit once no job is left (for scripts)."
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Restart on code changes (development only). Off by default: with it, the "
            "process a supervisor stops is only the watcher, and the worker runs on orphaned.",
        )

    def handle(self, *args, **options):
        if settings.CLAIMS_TASKS_BACKEND == "rq":
            if options["reload"]:
                raise CommandError("--reload is for the db backend only.")
            # The worker, queue and job classes come from settings.RQ (claims.rq_backend).
            call_command(
                "rqworker", "default", burst=options["batch"], verbosity=options["verbosity"]
            )
            return
        older = timedelta(seconds=settings.CLAIMS_TASK_TIMEOUT)
        requeued = requeue_orphaned(older_than=older)
        if requeued:
            self.stdout.write(f"put back {requeued} job(s) whose worker had died")
        call_command(
            "db_worker",
            worker_id=worker_id(),
            interval=options["interval"],
            batch=options["batch"],
            reload=options["reload"],
            startup_delay=False,
            verbosity=options["verbosity"],
        )
