import json
import sys
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import extraction
from claims.counts import linking
from claims.counts.flags import flags


class Command(BaseCommand):
    help = (
        "Link the numbers of several articles into counts followed across articles, without "
        "touching the database: one JSON line per numeric mention, and with --flags one line "
        "per contradiction in a count's record."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--input-jsonl",
            metavar="FILE",
            required=True,
            help='Articles as JSON lines {"id", "published", "outlet", "title", "text"}; '
            '"published" (YYYY-MM-DD), "outlet" and "title" may be null; "-" reads stdin.',
        )
        parser.add_argument(
            "--jsonl", action="store_true", help="Print JSON lines (the only output format)."
        )
        parser.add_argument(
            "--flags", action="store_true", help="After the mentions, print one line per flag."
        )

    def handle(self, *args, **options):
        articles = self.read_articles(options["input_jsonl"])
        nlp = extraction.load_nlp(settings.CLAIMS_SPACY_MODEL)
        mentions = []
        for article in articles:
            mentions += linking.mentions_from_text(
                article["text"],
                article=article["id"],
                published=article["published"],
                outlet=article["outlet"],
                title=article["title"],
                nlp=nlp,
            )
        labels = linking.cluster(mentions)
        for m in mentions:
            self.stdout.write(json.dumps(mention_line(m, labels[m.key]), ensure_ascii=False))
        if options["flags"]:
            for line in flag_lines(mentions, labels):
                self.stdout.write(json.dumps(line, ensure_ascii=False))

    def read_articles(self, name: str) -> list[dict]:
        try:
            stream = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}") from None
        articles = []
        with stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    articles.append(parse_article(name, number, line))
        return articles


def parse_article(name: str, number: int, line: str) -> dict:
    try:
        article = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CommandError(f"{name}:{number}: not JSON ({exc.msg}).") from None
    if not isinstance(article, dict) or not isinstance(article.get("text"), str):
        raise CommandError(f'{name}:{number}: expected an object with a string "text".')
    published = article.get("published")
    try:
        published = date.fromisoformat(published[:10]) if published else None
    except (TypeError, ValueError):
        raise CommandError(f'{name}:{number}: "published" is not a YYYY-MM-DD date.') from None
    return {
        "id": str(article.get("id", number)),
        "published": published,
        "outlet": article.get("outlet"),
        "title": article.get("title"),
        "text": article["text"],
    }


def mention_line(m: linking.Mention, label: str | None) -> dict:
    return {
        "article": m.article,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "value": number(m.value),
        "lower": number(m.interval.low),
        "upper": number(m.interval.high),
        "qualifier": m.qualifier,
        "counted": m.counted,
        "as_of": m.as_of.isoformat() if m.as_of else None,
        "track_cluster": label,
    }


def flag_lines(mentions: list[linking.Mention], labels: dict[str, str | None]) -> list[dict]:
    counts: dict[str, list[linking.Mention]] = {}
    for m in mentions:
        label = labels[m.key]
        if label:
            counts.setdefault(label.split("/", 1)[0], []).append(m)
    by_key = {m.key: m for m in mentions}
    lines = []
    for count, members in counts.items():
        observations = [linking.observation_of(m) for m in members]
        only_grows = linking.only_grows(members[0].concept)
        for flag in flags(observations, only_grows=only_grows):
            involved = [by_key[k] for k in flag.keys]
            lines.append(
                {
                    "rule": flag.rule,
                    "track_cluster": labels[involved[-1].key] or count,
                    "mentions": [[m.article, m.start, m.end] for m in involved],
                    "explanation": flag.explanation,
                }
            )
    return lines


def number(value: float | Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)
