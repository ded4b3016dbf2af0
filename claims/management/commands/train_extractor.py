import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import extraction
from claims.extraction import training
from claims.services.training import decisions_corpus


class Command(BaseCommand):
    help = (
        "Train the cue finder (the words that introduce reported speech) from annotated "
        "documents or from the desk's own decisions, and save a pipeline directory that "
        "`extract --model DIR` and CLAIMS_EXTRACTION_MODEL use. Dev scores print as it trains."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--from-jsonl",
            metavar="FILE",
            help='Annotated documents, one JSON object a line: "text" and "quotes" with '
            '"cue_start"/"cue_end" (the format of the evaluation files).',
        )
        source.add_argument(
            "--from-decisions",
            action="store_true",
            help="The desk's decisions: approved and edited quotes (hand-added ones included) "
            "teach their cues, rejected ones teach what is not a cue.",
        )
        parser.add_argument(
            "--out", required=True, metavar="DIR", help="Where to save the trained pipeline."
        )
        parser.add_argument(
            "--dev",
            metavar="FILE",
            help="Annotated documents to score on while training (default: a twentieth held out).",
        )
        parser.add_argument(
            "--epochs", type=int, default=4, help="Passes over the training data (default 4)."
        )
        parser.add_argument(
            "--eval-frequency",
            type=int,
            default=200,
            help="Training steps between dev scores (default 200).",
        )

    def handle(self, *args, **options):
        out = Path(options["out"])
        self.check_out(out)
        if options["epochs"] < 1 or options["eval_frequency"] < 1:
            raise CommandError("--epochs and --eval-frequency must be at least 1.")
        if options["from_decisions"]:
            train = decisions_corpus()
            if not train:
                raise CommandError("No decided quote with a cue yet: nothing to learn from.")
        else:
            train = self.read(options["from_jsonl"])
        dev = self.read(options["dev"]) if options["dev"] else None
        base = settings.CLAIMS_SPACY_MODEL
        self.stdout.write(f"training on {len(train)} documents from {base}")
        started = time.monotonic()
        try:
            counts = training.train_cue_finder(
                train,
                out,
                dev=dev,
                base=base,
                epochs=options["epochs"],
                eval_frequency=options["eval_frequency"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        nlp = extraction.load_nlp(str(out))
        self.stdout.write(
            f"trained on {counts['train_docs']:.0f} texts, scored on {counts['dev_docs']:.0f}, "
            f"in {time.monotonic() - started:.0f}s; cues on dev: precision "
            f"{counts['cue_p']:.3f}, recall {counts['cue_r']:.3f}, F {counts['cue_f']:.3f}"
        )
        self.stdout.write(f"saved to {out} (extractor version {extraction.extractor_version(nlp)})")

    @staticmethod
    def read(name: str) -> list[training.Annotated]:
        try:
            documents = training.read_annotated_jsonl(Path(name))
        except training.AnnotationError as exc:
            raise CommandError(str(exc)) from None
        if not documents:
            raise CommandError(f"{name}: no document with annotated quotes.")
        return documents

    @staticmethod
    def check_out(out: Path) -> None:
        """Refuse to replace anything but an earlier trained model."""
        if not out.exists():
            return
        earlier = (out / training.CUE_COMPONENT).is_dir() and (out / "config.cfg").is_file()
        if not out.is_dir() or (any(out.iterdir()) and not earlier):
            raise CommandError(f"{out} exists and is not a trained model: choose another --out.")
