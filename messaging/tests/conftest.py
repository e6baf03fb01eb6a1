import pytest

from listings.tests.conftest import client_for, other_member  # noqa: F401 (fixtures)
from listings.tests.factories import ListingFactory


@pytest.fixture
def listing(db):
    return ListingFactory()
