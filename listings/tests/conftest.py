import pytest

from members.tests.factories import VerifiedMemberFactory

from .factories import ListingFactory


@pytest.fixture
def listing(db):
    return ListingFactory()


@pytest.fixture
def other_member(db):
    return VerifiedMemberFactory()


@pytest.fixture
def client_for(client):
    """client_for(user): the test client logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login
