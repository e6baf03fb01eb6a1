"""The REST API's URLs, in a module of their own so that the OpenAPI schema is generated from
them alone (the site's i18n patterns are not API)."""

from django.urls import include, path

from members import api as members_api

# Version 1: each app contributes its own `api.urlpatterns`.
api_v1 = [
    *members_api.urlpatterns,
]

urlpatterns = [
    path("api/v1/", include((api_v1, "v1"), namespace="v1")),
]
