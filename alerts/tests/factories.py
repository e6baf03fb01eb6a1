from alerts import services
from alerts.models import Frequency
from members.tests.factories import VerifiedMemberFactory


def saved_search(query="q=velo", *, user=None, frequency=Frequency.IMMEDIATE, **kwargs):
    """An alert saved through the service, as the page saves it (pre-filters derived)."""
    return services.saved_search_create(
        user=user or VerifiedMemberFactory(), query=query, frequency=frequency, **kwargs
    )
