"""What every part of the REST API shares: authentication, pagination, throttling, the URL root."""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from club.client_ip import client_ip


class AppSessionTokenAuthentication(XSessionTokenAuthentication):
    """The mobile app's token from django-allauth's headless login, in the X-Session-Token header.
    Naming a challenge makes DRF answer 401 (not 403) to requests that carry no credentials."""

    def authenticate_header(self, request):
        return "X-Session-Token"


class AppSessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = AppSessionTokenAuthentication
    name = "appSessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "Session token from POST /_allauth/app/v1/auth/login (django-allauth headless).",
        }


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class AnonThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, counting per client address as every other limit does
    (club.client_ip: X-Forwarded-For read from the right, TRUSTED_PROXY_COUNT entries deep)."""

    def get_ident(self, request):
        return client_ip(request)


class UserThrottle(UserRateThrottle):
    """DRF's per-user throttle; anonymous requests fall back to the same client address."""

    def get_ident(self, request):
        return client_ip(request)


def _by_field(errors) -> dict[str, list[str]]:
    return {
        ("non_field_errors" if field == "__all__" else field): [str(message) for message in messages]
        for field, messages in errors.items()
    }


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's errors in the API's 400 format: {"field": ["message", …]}, where errors
    that concern no single field are under "non_field_errors" as DRF puts them."""
    return _by_field(form.errors)


def validation_errors(error) -> dict[str, list[str]]:
    """A django.core.exceptions.ValidationError raised by a service, in the same 400 format."""
    if hasattr(error, "error_dict"):
        return _by_field(error.message_dict)
    return {"non_field_errors": [str(m) for m in error.messages]}


def exception_handler(exc, context):
    """DRF's handler, with every 400 in one shape: {"field": ["message"]}. DRF answers a malformed
    body ({"detail": …}) or a bare ValidationError (a list) otherwise."""
    # Imported here: rest_framework.views loads the authentication classes of this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == 400:
        data = response.data
        if isinstance(data, dict) and set(data) == {"detail"}:
            response.data = {"non_field_errors": [str(data["detail"])]}
        elif isinstance(data, list):
            response.data = {"non_field_errors": [str(item) for item in data]}
    return response
