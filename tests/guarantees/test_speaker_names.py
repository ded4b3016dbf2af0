"""Speaker names: one speaker per normalised name, whatever invisible or compatibility characters
a name carries; a name with nothing left after normalising is a form error, never a speaker; and
editors naming the same new speaker at the same moment make one speaker, not several."""

import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claims import services
from claims.models import Decision, Quote, Speaker, SpeakerAlias, normalize_alias
from claims.text.names import is_a_name
from tests.factories import NumericClaimFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

# Characters that change how a name is stored but not how it reads.
INVISIBLE = [
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202a",  # left-to-right embedding
    "\u202e",  # right-to-left override
    "\u202c",  # pop directional formatting
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\u2060",  # word joiner
    "\u180e",  # Mongolian vowel separator
    "\ufeff",  # byte order mark
    "\u034f",  # combining grapheme joiner
    "\ufe0f",  # variation selector 16
    "\u3164",  # Hangul filler
]
WHITESPACE = [" ", "\t", "\n", "\r", "\xa0", "\u2002", "\u2009", "\u2028", "\u3000", "\x85"]
NOTHING = [
    "...",
    "—",
    "!!!",
    "–-–",
    "“”",
    "'",
    "\u200b",
    "\u200e\u200f",
    "\u00ad\u00ad",
    "\u202e\u202c",
    "\ufeff",
    "\u2060\u180e",
    "\u3164",
    "\u0301",  # a combining accent on nothing
    ". \u200b\u3000…\u00a0!",
    "\u2028\u200b\u2029",
]


def edit_form(item, person: str) -> dict:
    if item.item_type == "quote":
        data = {"speaker_name": person, "kind": item.kind, "cue": item.cue}
    else:
        data = {"claimant_name": person, "qualifier": item.qualifier, "counted": item.counted}
        data |= {"value": item.value, "lower": item.lower or "", "upper": item.upper or ""}
    return data | {"version": item.version, "start": item.start, "end": item.end, "note": ""}


# (a) a name that normalises to nothing ----------------------------------------------------------


@pytest.mark.parametrize("factory", [QuoteFactory, NumericClaimFactory], ids=["quote", "claim"])
@pytest.mark.parametrize("name", NOTHING, ids=[ascii(n) for n in NOTHING])
def test_a_name_with_nothing_left_after_normalising_is_a_form_error(client, editor, factory, name):
    item = factory()
    speakers = Speaker.objects.count()
    client.force_login(editor)

    response = client.post(
        reverse("claims:item-edit", args=[item.item_type, item.pk]), edit_form(item, name)
    )

    assert response.status_code == 400
    assert "has no letters or digits" in response.content.decode()
    assert Speaker.objects.count() == speakers
    assert not Decision.objects.exists()
    item.refresh_from_db()
    assert item.version == 1


@pytest.mark.parametrize("name", NOTHING, ids=[ascii(n) for n in NOTHING])
def test_merging_with_a_name_that_normalises_to_nothing_is_a_form_error(client, editor, name):
    speaker = SpeakerFactory()
    client.force_login(editor)

    url = reverse("claims:speaker-merge", args=[speaker.pk])
    response = client.post(url, {"other": name, "direction": "into_this"})

    assert response.status_code == 400
    assert Speaker.objects.count() == 1


@pytest.mark.parametrize("name", NOTHING, ids=[ascii(n) for n in NOTHING])
def test_the_service_refuses_a_name_that_normalises_to_nothing(name):
    with pytest.raises(ValueError):
        services.find_or_create_speaker(name)
    assert not Speaker.objects.exists() and not SpeakerAlias.objects.exists()


# (b) normalisation and what the database refuses ----------------------------------------------

NAMES = st.text(
    alphabet=st.sampled_from(
        ["a", "b", "A", "B", "ß", "ẞ", "é", "e", "\u0301", "ｂ", "Ａ", "1", "¹", ".", "-", "’", "'"]
        + INVISIBLE
        + WHITESPACE
    ),
    max_size=8,
)
HYPOTHESIS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(name=st.text(max_size=40) | NAMES)
def test_normalising_is_idempotent(name):
    once = normalize_alias(name)
    assert normalize_alias(once) == once
    assert once == once.strip() and "  " not in once


def storable(name: str) -> bool:
    """Whether `name` can be a speaker: something left after normalising, and not a pronoun
    or placeholder ("I", "they", "Unattributed"), which the service refuses."""
    return is_a_name(normalize_alias(name))


def disguised(name: str, data) -> str:
    """`name` as it may arrive: other case, compatibility forms, invisible marks, odd spaces."""
    out = []
    for char in name:
        if data.draw(st.booleans()):
            char = char.swapcase()
        if char.isascii() and char.isalnum() and data.draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)  # its fullwidth form
        if char == " ":
            char = data.draw(st.sampled_from(WHITESPACE))
        out.append(char + data.draw(st.sampled_from(["", *INVISIBLE])))
    return data.draw(st.sampled_from(["", *INVISIBLE])) + "".join(out)


@HYPOTHESIS
@given(
    name=st.from_regex(r"[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,2}", fullmatch=True),
    data=st.data(),
)
def test_names_that_differ_only_by_invisible_marks_case_or_width_are_one_speaker(name, data):
    assume(storable(name))  # "I", "it", "they" are refused, however they are written
    other = disguised(name, data)
    with transaction.atomic():
        assert normalize_alias(other) == normalize_alias(name)
        assert services.find_or_create_speaker(other) == services.find_or_create_speaker(name)
        assert Speaker.objects.count() == 1
        assert SpeakerAlias.objects.count() == 1
        transaction.set_rollback(True)


@HYPOTHESIS
@given(names=st.lists(NAMES, min_size=1, max_size=6))
def test_every_stored_name_has_one_speaker_and_nothing_empty_is_stored(names):
    with transaction.atomic():
        found = {}
        for name in names:
            key = normalize_alias(name)
            if not storable(name):
                with pytest.raises(ValueError):
                    services.find_or_create_speaker(name)
                continue
            speaker = services.find_or_create_speaker(name)
            assert found.setdefault(key, speaker) == speaker
        keys = {normalize_alias(name) for name in names if storable(name)}
        assert Speaker.objects.count() == len(keys)
        assert set(Speaker.objects.values_list("normalized", flat=True)) == keys
        assert set(SpeakerAlias.objects.values_list("normalized", flat=True)) == keys
        for speaker in Speaker.objects.all():
            assert speaker.normalized == normalize_alias(speaker.name)
        transaction.set_rollback(True)


@HYPOTHESIS
@given(name=NAMES, aliases=st.lists(NAMES, max_size=4))
def test_aliases_found_with_a_name_are_stored_once_each_and_never_empty(name, aliases):
    with transaction.atomic():
        if not storable(name):
            with pytest.raises(ValueError):
                services.find_or_create_speaker(name, aliases=aliases)
            assert not SpeakerAlias.objects.exists()
        else:
            speaker = services.find_or_create_speaker(name, aliases=aliases)
            stored = list(speaker.aliases.values_list("normalized", flat=True))
            expected = {normalize_alias(n) for n in (name, *aliases) if storable(n)}
            assert sorted(stored) == sorted(expected)
            for alias in aliases:
                if storable(alias):
                    assert services.find_or_create_speaker(alias) == speaker
        transaction.set_rollback(True)


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_the_database_refuses_a_speaker_without_a_normalised_name():
    assert refused(lambda: Speaker.objects.create(name="Ana Ruiz"))
    assert refused(lambda: Speaker.objects.bulk_create([Speaker(name="Ana Ruiz", normalized="")]))
    assert not Speaker.objects.exists()


def test_the_database_refuses_two_speakers_with_one_normalised_name():
    Speaker.objects.create(name="Ana Ruiz", normalized="ana ruiz")
    assert refused(lambda: Speaker.objects.create(name="ANA RUIZ", normalized="ana ruiz"))
    assert refused(
        lambda: Speaker.objects.bulk_create([Speaker(name="ana\u200bruiz", normalized="ana ruiz")])
    )
    assert Speaker.objects.count() == 1


def test_the_database_refuses_an_empty_or_repeated_alias():
    speaker = SpeakerFactory(name="Ana Ruiz")
    other = SpeakerFactory(name="Bea Ruiz")
    assert refused(lambda: SpeakerAlias.objects.create(speaker=speaker, name="…", normalized=""))
    assert refused(
        lambda: SpeakerAlias.objects.create(speaker=other, name="ANA RUIZ", normalized="ana ruiz")
    )
    assert SpeakerAlias.objects.count() == 2


def test_merging_keeps_one_row_per_normalised_name_and_the_source_name_as_an_alias(editor):
    keep, gone = SpeakerFactory(name="Antony Blinken"), SpeakerFactory(name="Tony Blinken")

    services.merge_speakers(gone, into=keep, actor=editor)

    assert list(Speaker.objects.values_list("normalized", flat=True)) == ["antony blinken"]
    assert services.find_or_create_speaker("TONY\u200b BLINKEN") == keep
    assert set(keep.aliases.values_list("normalized", flat=True)) == {
        "antony blinken",
        "tony blinken",
    }


def test_extraction_finds_a_speaker_by_a_disguised_name():
    from claims.extraction.types import Extraction, QuoteCandidate, SpeakerCandidate, TextSpan

    known = SpeakerFactory(name="Antony Blinken")
    article = QuoteFactory().article
    Quote.objects.filter(article=article).delete()
    start = article.body.index("We will")
    found = Extraction(
        quotes=(
            QuoteCandidate(
                text="We will",
                span=TextSpan(start, start + len("We will")),
                kind="direct",
                cue="said",
                cue_span=None,
                speaker="ANTONY\u00ad BLINKEN\u200b",
                speaker_span=None,
                confidence=0.9,
            ),
        ),
        speakers=(
            SpeakerCandidate(
                name="\u202eAntony Blinken\u202c",
                aliases=("ANTONY\u00ad BLINKEN\u200b", "Blinken", "…"),
                role="Secretary of State",
                organisation=None,
                is_organisation=False,
            ),
        ),
    )

    services.save_extraction(article, found)

    assert Speaker.objects.get(normalized__contains="blinken") == known
    assert Quote.objects.get(article=article).speaker == known
    assert set(known.aliases.values_list("normalized", flat=True)) == {"antony blinken", "blinken"}


# (c) ten editors naming the same new speaker at once --------------------------------------------

EDITORS = 10
ROUNDS = 3


def logged_in(live_server, user) -> requests.Session:
    """A browser-like session for `user` against the live server, CSRF cookie and header set."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    session.cookies.set(django_settings.SESSION_COOKIE_NAME, cookie)
    token = get_random_string(32)
    session.cookies.set(django_settings.CSRF_COOKIE_NAME, token)
    session.headers["X-CSRFToken"] = token
    return session


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_editors_naming_one_new_speaker_at_once_make_one_speaker(
    on_postgres, live_server, record_cases
):
    sessions = [logged_in(live_server, UserFactory(role="editor")) for _ in range(EDITORS)]
    spellings = [
        "Maria Lopez",
        "maria lopez",
        "MARIA\u200b LOPEZ",
        "Maria\u00a0Lopez",
        "Ｍaria Lopez",
    ]

    def post(session: requests.Session, quote: Quote, name: str, barrier) -> int:
        url = live_server.url + reverse("claims:item-edit", args=["quote", quote.pk])
        barrier.wait()
        return session.post(url, edit_form(quote, name), allow_redirects=False).status_code

    with ThreadPoolExecutor(EDITORS) as pool:
        for round_ in range(ROUNDS):
            quotes = [QuoteFactory() for _ in range(EDITORS)]
            barrier = threading.Barrier(EDITORS)
            names = [f"{spellings[i % len(spellings)]} {round_}" for i in range(EDITORS)]
            codes = list(pool.map(post, sessions, quotes, names, [barrier] * EDITORS))

            assert codes == [302] * EDITORS, codes
            key = normalize_alias(names[0])
            [speaker] = Speaker.objects.filter(normalized=key)
            assert Quote.objects.filter(pk__in=[q.pk for q in quotes], speaker=speaker).count() == (
                EDITORS
            )
            assert list(SpeakerAlias.objects.filter(normalized=key)) == list(speaker.aliases.all())
            record_cases("editors naming one new speaker at once (threads x rounds)", EDITORS)
    named = Speaker.objects.filter(normalized__startswith="maria lopez")
    assert named.count() == ROUNDS
    assert not Speaker.objects.filter(aliases__isnull=True).exists()
    assert all(unicodedata.is_normalized("NFKC", s.normalized) for s in named)
