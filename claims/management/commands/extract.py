import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from spacy.language import Language

from claims import extraction, services
from claims.models import Article


class Command(BaseCommand):
    help = (
        "Find quotes, speakers and numeric claims. With --input-jsonl or file paths, print one "
        "JSON line per document and touch no database; with --article or --all, run the real "
        "service on stored articles (decided items are never changed)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Plain-text files; each file is one document.")
        parser.add_argument(
            "--input-jsonl",
            metavar="FILE",
            help='A file of JSON lines {"id": ..., "text": ...}; "-" reads standard input.',
        )
        parser.add_argument(
            "--jsonl", action="store_true", help="Print JSON lines (the default for file input)."
        )
        parser.add_argument(
            "--article", type=int, action="append", metavar="ID", help="A stored article's id."
        )
        parser.add_argument("--all", action="store_true", help="Every stored article.")
        parser.add_argument(
            "--batch-size", type=int, default=16, help="Documents per spaCy batch (default 16)."
        )
        parser.add_argument(
            "--model",
            metavar="DIR",
            help="A pipeline trained by train_extractor (default: CLAIMS_EXTRACTION_MODEL, "
            "else the rules alone).",
        )

    def handle(self, *args, **options):
        from_files = bool(options["paths"] or options["input_jsonl"])
        from_db = bool(options["article"] or options["all"])
        if from_files == from_db:
            raise CommandError(
                "Give either files (--input-jsonl FILE or PATH...) or --article ID / --all."
            )
        nlp = self.load_model(options["model"])
        if from_files:
            self.extract_documents(self.read_documents(options), options["batch_size"], nlp)
        else:
            self.extract_articles(options, nlp)

    @staticmethod
    def load_model(directory: str | None) -> Language:
        if directory is None:
            return services.get_nlp()
        if not Path(directory, "config.cfg").is_file():
            raise CommandError(f"{directory} is not a model directory (no config.cfg).")
        try:
            return extraction.load_nlp(str(Path(directory).resolve()))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot load the model in {directory}: {exc}") from None

    def read_documents(self, options) -> list[tuple[str, str]]:
        documents: list[tuple[str, str]] = []
        if options["input_jsonl"]:
            name = options["input_jsonl"]
            try:
                stream = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
            except OSError as exc:
                raise CommandError(f"Cannot read {name}: {exc.strerror}") from None
            with stream:
                for number, line in enumerate(stream, start=1):
                    if line.strip():
                        documents.append(self.parse_line(name, number, line))
        for path in map(Path, options["paths"]):
            try:
                documents.append((path.name, path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {path} as UTF-8 text: {exc}") from None
        return documents

    @staticmethod
    def parse_line(name: str, number: int, line: str) -> tuple[str, str]:
        try:
            document = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{name}:{number}: not JSON ({exc.msg}).") from None
        if not isinstance(document, dict) or not isinstance(document.get("text"), str):
            raise CommandError(f'{name}:{number}: expected an object with a string "text".')
        return str(document.get("id", number)), document["text"]

    def extract_documents(
        self, documents: list[tuple[str, str]], batch_size: int, nlp: Language
    ) -> None:
        texts = (text for _, text in documents)
        results = extraction.extract_many(texts, nlp=nlp, batch_size=batch_size)
        for (doc_id, _), found in zip(documents, results, strict=True):
            line = extraction.extraction_to_json(doc_id, found)
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    def extract_articles(self, options, nlp: Language) -> None:
        articles = (
            Article.objects.all()
            if options["all"]
            else Article.objects.filter(pk__in=options["article"])
        )
        missing = set(options["article"] or ()) - set(articles.values_list("pk", flat=True))
        if missing:
            raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")
        for article in articles.order_by("pk").iterator():
            summary = services.extract_claims(article, nlp=nlp)
            self.stdout.write(
                f"article {article.pk}: {summary.added_quotes} new quotes, "
                f"{summary.added_claims} new numbers, {summary.refreshed} refreshed, "
                f"{summary.removed} removed, {summary.kept_decided} decided kept"
            )
