import pytest

from listings.tests.factories import ensure_categories


@pytest.fixture(autouse=True)
def _categories(db):
    ensure_categories()
