"""What must hold in the database after any sequence of requests, checked from the rows."""

from collections import Counter

from claims.models import ITEM_KINDS, Decision, ReviewStatus, Speaker, Verdict, normalize_alias


def spans_slice_their_text() -> list[str]:
    broken = []
    for model in ITEM_KINDS.values():
        for item in model.objects.select_related("article"):
            if item.text != item.text_from_span():
                broken.append(f"{item.key}: {item.text!r} != {item.text_from_span()!r}")
            high = getattr(item, item.linked_span[1])
            if high is not None and high > len(item.article.body):
                broken.append(f"{item.key}: {item.linked_span} past the text")
    return broken


def one_speaker_per_name() -> list[str]:
    names = Counter(
        normalize_alias(name) for name in Speaker.objects.values_list("name", flat=True)
    )
    return [f"{name!r} is {n} speakers" for name, n in names.items() if n > 1 or not name]


def histories_replay() -> list[str]:
    """Each item's status and verdict are what its decisions, read in order, leave behind."""
    wrong = []
    for model in ITEM_KINDS.values():
        for item in model.objects.prefetch_related("decisions"):
            status, verdict = ReviewStatus.EXTRACTED, Verdict.UNCHECKED
            for decision in sorted(item.decisions.all(), key=lambda d: d.item_version):
                undone = decision.undoes
                verdict_row = decision.action == Decision.Action.VERDICT or (
                    undone is not None and undone.action == Decision.Action.VERDICT
                )
                if decision.action == Decision.Action.MOVE:
                    continue
                if verdict_row:
                    verdict = decision.to_state
                else:
                    status = decision.to_state
            if item.status != status:
                wrong.append(f"{item.key}: status {item.status!r}, history says {status!r}")
            if getattr(item, "verdict", verdict) != verdict:
                wrong.append(f"{item.key}: verdict {item.verdict!r}, history says {verdict!r}")
            versions = [d.item_version for d in item.decisions.all()]
            if versions and max(versions) != item.version:
                wrong.append(f"{item.key}: version {item.version}, last decision {max(versions)}")
    return wrong


def assert_invariants() -> None:
    problems = spans_slice_their_text() + one_speaker_per_name() + histories_replay()
    assert not problems, problems
