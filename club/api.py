"""What every part of the REST API shares: authentication, pagination, throttling, the URL root."""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import parsers
from rest_framework.exceptions import ValidationError
from rest_framework.metadata import SimpleMetadata
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


# --- NUL characters ------------------------------------------------------------------------------
def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def refuse_nul_characters(data) -> None:
    """Raise a 400 naming each top-level field of `data` that holds a NUL character, anywhere
    inside it (a dict's keys and values, a list's items). PostgreSQL refuses NUL in text and JSON,
    and not every serializer field checks it (DRF's CharField does, its related and dict fields do
    not), so the API checks every body once, when it is parsed."""
    if hasattr(data, "lists"):  # a QueryDict from a form or multipart body: files are not in it
        items = [(key, values) for key, values in data.lists()]
    elif isinstance(data, dict):
        items = list(data.items())
    else:
        items = [("non_field_errors", data)]
    message = _("Le caractère nul n'est pas autorisé.")
    errors = {
        ("non_field_errors" if _has_nul(key) else key): [message]
        for key, value in items
        if _has_nul(key) or _has_nul(value)
    }
    if errors:
        raise ValidationError(errors)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_nul_characters(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_nul_characters(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_nul_characters(parsed.data)
        return parsed


# --- OPTIONS -------------------------------------------------------------------------------------
class Metadata(SimpleMetadata):
    """DRF's answer to OPTIONS, for views that take their input with a serializer of their own
    (actions such as status/, report/, contact/): without a `serializer_class` DRF's metadata
    asserts (a 500). Those describe no body here; views with one keep DRF's description."""

    def determine_actions(self, request, view):
        if getattr(view, "get_serializer_class", None) and not self._has_serializer(view):
            return {}
        return super().determine_actions(request, view)

    @staticmethod
    def _has_serializer(view) -> bool:
        try:
            view.get_serializer_class()
        except AssertionError:
            return False
        return True
