"""Schemathesis against the schema the app serves: generated requests to every operation, as a
user who may do everything, find no server error and no response that breaks the schema.

Offline and in-process (the WSGI app, no server); the number of examples per operation is
bounded so that `make test` stays quick.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from claims import services
from claims.models import ApiToken
from tests.factories import NumericClaimFactory, ObservationFactory, QuoteFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def connection_kept():
    """What Django's test client does around a request: the WSGI handler would otherwise close
    the database connection at the end of each request, and with it the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, connection_kept):
    user = UserFactory(role="admin")
    QuoteFactory()
    NumericClaimFactory()
    # a count with a confirmed figure (so `best` is drawn) and a suggested one
    confirmed = ObservationFactory(state="confirmed", decided_by=user, decided_at=timezone.now())
    ObservationFactory(count=confirmed.count)
    return services.create_token(user, name="schemathesis", scope=ApiToken.Scope.INGEST)[1]


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_every_answer_fits_the_schema(case, token, settings):
    settings.CLAIMS_API_RATE = "100000/m"
    settings.CLAIMS_EXTRACT_RATE = "100000/m"
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
