"""The REST API's URLs, in a module of their own so that the OpenAPI schema is generated from
them alone (the site's i18n patterns are not API)."""

from django.urls import include, path

from alerts import api as alerts_api
from community import api as community_api
from community import proposal_api
from events import api as events_api
from exchanges import api as exchanges_api
from listings import api as listings_api
from members import api as members_api
from messaging import api as messaging_api
from venue import api as venue_api

# Version 1: each app contributes its own `api.urlpatterns`.
api_v1 = [
    *members_api.urlpatterns,
    *listings_api.urlpatterns,
    *messaging_api.urlpatterns,
    *exchanges_api.urlpatterns,
    *events_api.urlpatterns,
    *venue_api.urlpatterns,
    *alerts_api.urlpatterns,
    *community_api.urlpatterns,
    *proposal_api.urlpatterns,
]

urlpatterns = [
    path("api/v1/", include((api_v1, "v1"), namespace="v1")),
]
