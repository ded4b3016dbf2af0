"""The real pipeline names "they" and "it" as speakers when it cannot resolve them; what is
stored is a quote with no speaker, its mention kept, and no speaker row for the pronoun."""

import pytest

from claims import services
from claims.models import Quote, Speaker
from tests.factories import ArticleFactory

TEXT = (
    'Officials met in Geneva on Monday. "We will not back down," they said. '
    '"That is final," it added.'
)


@pytest.mark.django_db
def test_a_pronoun_speaker_is_stored_as_not_resolved(nlp):
    article = ArticleFactory(body=TEXT)
    services.extract_claims(article, nlp=nlp)
    quotes = {q.text: q for q in Quote.objects.filter(article=article)}
    they = quotes['"We will not back down,"']
    assert they.speaker is None and they.unresolved_mention == "they"
    it = quotes['"That is final,"']
    assert it.speaker is None and it.unresolved_mention == "it"
    assert not Speaker.objects.filter(normalized__in=["they", "it", "that"]).exists()
