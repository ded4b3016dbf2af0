import pytest

from claims import roles, services
from claims.models import ApiToken
from tests.factories import UserFactory


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def make_token(user, scope: str = ApiToken.Scope.READ) -> str:
    """A token of `user` made the way the tokens page makes one; its secret."""
    return services.create_token(user, name="test", scope=scope)[1]


@pytest.fixture
def reader(fact_checker):
    """A fact-checker's read token: the least role that may read everything."""
    return bearer(make_token(fact_checker))


@pytest.fixture
def ingester(editor):
    return bearer(make_token(editor, ApiToken.Scope.INGEST))


@pytest.fixture
def api_user(db):
    return UserFactory(role=roles.EDITOR)
