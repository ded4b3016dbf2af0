import datetime

import factory
from django.contrib.auth.models import Group, User

from claims import countmatch, roles
from claims.models import (
    Article,
    NumericClaim,
    Observation,
    Outlet,
    Quote,
    Speaker,
    SpeakerAlias,
    TrackedCount,
    normalize_alias,
)

BODY = (
    'Over 38 attacks have taken place, officials said. "We will take every necessary step," '
    "Antony Blinken said on Monday, adding that at least 46 personnel were injured."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            if extracted == roles.ADMIN:
                self.is_staff = self.is_superuser = True
            self.save()


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(lambda n: f"{BODY} (edition {n})")
    content_hash = factory.LazyAttribute(lambda a: Article.hash_body(a.body))
    ingest_method = Article.IngestMethod.PASTE
    outlet = factory.SubFactory(OutletFactory)
    extraction_status = Article.ExtractionStatus.DONE


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Speaker {n}")
    normalized = factory.LazyAttribute(lambda s: normalize_alias(s.name))

    @factory.post_generation
    def canonical_alias(self, create, extracted, **kwargs):
        if create:
            SpeakerAlias.objects.create(
                speaker=self, name=self.name, normalized=normalize_alias(self.name)
            )


def _span_of(article: Article, needle: str) -> tuple[int, int]:
    start = article.body.index(needle)
    return start, start + len(needle)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    text = "We will take every necessary step"
    start = factory.LazyAttribute(lambda q: _span_of(q.article, q.text)[0])
    end = factory.LazyAttribute(lambda q: _span_of(q.article, q.text)[1])
    kind = Quote.Kind.DIRECT
    cue = "said"
    speaker = factory.SubFactory(SpeakerFactory)


class NumericClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NumericClaim

    article = factory.SubFactory(ArticleFactory)
    text = "at least 46"
    start = factory.LazyAttribute(lambda c: _span_of(c.article, c.text)[0])
    end = factory.LazyAttribute(lambda c: _span_of(c.article, c.text)[1])
    value = 46
    lower = 46
    qualifier = NumericClaim.Qualifier.AT_LEAST
    counted = "personnel injured"


class TrackedCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackedCount

    name = factory.Sequence(lambda n: f"attacks on bases {n}")
    concept = factory.LazyAttribute(lambda c: countmatch.concept(c.name))


class ObservationFactory(factory.django.DjangoModelFactory):
    """A suggested figure; pass state, decided_by and decided_at for a decided one."""

    class Meta:
        model = Observation

    claim = factory.SubFactory(NumericClaimFactory)
    count = factory.SubFactory(TrackedCountFactory)
    low = factory.LazyAttribute(lambda o: o.claim.lower)
    high = factory.LazyAttribute(lambda o: o.claim.upper)
    as_of = datetime.date(2023, 11, 6)
    score = 0.8
    reasons = factory.LazyFunction(lambda: ["same thing counted"])
