import pytest
from django.db import connection

from claims import roles
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(username="ed", role=roles.EDITOR)


@pytest.fixture
def fact_checker(db):
    return UserFactory(username="fc", role=roles.FACT_CHECKER)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="boss", role=roles.ADMIN)


@pytest.fixture
def user(editor):
    return editor


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
