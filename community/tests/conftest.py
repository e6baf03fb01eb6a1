import pytest

from community.models import Access

from .factories import GroupFactory, MembershipFactory, PostFactory


@pytest.fixture
def open_group(db):
    return GroupFactory(name="Jardiniers du 11e")


@pytest.fixture
def closed_group(db):
    return GroupFactory(name="Motards du Val-de-Marne", access=Access.APPROVAL)


@pytest.fixture
def closed_post(closed_group):
    return PostFactory(group=closed_group, text="SECRET-MOTARDS balade dimanche")


@pytest.fixture
def closed_member(closed_group):
    return MembershipFactory(group=closed_group).user


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login
