import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.imports import UnreadableFile, read_rows
from claims.services import imports

MAX_ROWS_LISTED = 10  # rows named per rejection reason in the summary


class Command(BaseCommand):
    help = (
        "Import articles from a JSON Lines or CSV file, one article a row: text or url, with "
        "optional title, outlet, published (YYYY-MM-DD) and byline. Each new article's "
        "extraction is queued for the worker. Running it again adds nothing; an interrupted "
        "import resumes where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl (.ndjson) or .csv file, UTF-8.")
        parser.add_argument(
            "--format",
            choices=["jsonl", "csv"],
            default="",
            help="Read the file as this format (default: by its suffix, else by its content).",
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="Go through the whole file again even if an earlier run finished or got part "
            "of the way; rows already stored count as duplicates.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        try:
            rows = read_rows(data, name=path.name, fmt=options["format"])
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from None
        checksum = hashlib.sha256(data).hexdigest()
        run = imports.begin_import(
            checksum=checksum,
            file_name=str(path),
            rows_total=len(rows),
            restart=options["restart"],
        )
        if run.finished_at is not None:
            self.stdout.write(
                f"{path.name} (SHA-256 {checksum[:12]}…) was imported completely on "
                f"{run.finished_at:%Y-%m-%d %H:%M} UTC: {self._counts(run)}. Nothing to do; "
                "--restart goes through it again."
            )
            return
        if run.rows_done:
            self.stdout.write(
                f"Resuming {path.name} at row {run.rows_done + 1} of {len(rows)}: an earlier "
                f"run stopped there ({self._counts(run)} so far)."
            )
        now: Counter[str] = Counter()
        rejected: dict[str, list[int]] = defaultdict(list)
        bar = tqdm(
            rows[run.rows_done :],
            total=len(rows),
            initial=run.rows_done,
            unit="row",
            desc=path.name,
            file=sys.stderr,
            disable=None,  # a bar on a terminal, nothing in a log file
        )
        for row in bar:
            outcome = imports.import_row(row)
            imports.record_row(run, outcome)
            now[outcome.kind] += 1
            if outcome.kind == imports.REJECTED:
                rejected[outcome.reason].append(row.number)
            bar.set_postfix(now, refresh=False)
        bar.close()
        run = imports.finish_import(run)
        self.stdout.write(
            f"{path.name}: {now[imports.NEW]} new, {now[imports.DUPLICATE]} duplicate, "
            f"{now[imports.REJECTED]} rejected."
        )
        if run.rows_done != sum(now.values()):
            self.stdout.write(f"With the earlier run(s), the whole file: {self._counts(run)}.")
        for reason, numbers in sorted(rejected.items(), key=lambda item: -len(item[1])):
            listed = ", ".join(map(str, numbers[:MAX_ROWS_LISTED]))
            more = (
                f" and {len(numbers) - MAX_ROWS_LISTED} more"
                if len(numbers) > MAX_ROWS_LISTED
                else ""
            )
            label = "row" if len(numbers) == 1 else "rows"
            self.stdout.write(f"  rejected, {label} {listed}{more}: {reason}")
        if now[imports.NEW]:
            self.stdout.write("Their extraction is queued: `manage.py worker` runs it.")

    @staticmethod
    def _counts(run) -> str:
        return f"{run.new} new, {run.duplicate} duplicate, {run.rejected} rejected"
