"""The API answers in the language the app asks for.

The API's URLs are outside the site's i18n patterns, and with French unprefixed Django's
LocaleMiddleware answers French to every unprefixed address, whatever the headers. This
middleware, placed after it, picks the API's language: `?lang=en` first, then the
Accept-Language header, else French. Texts from the catalogue and the content written in both
languages (categories, event types, the venue…: modeltranslation) follow it."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


def _requested_language(request) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    asked = (request.GET.get("lang") or "").strip().lower()
    if asked in supported:
        return asked
    for code, _quality in translation.trans_real.parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def api_language_middleware(get_response):
    def middleware(request):
        if not request.path_info.startswith(API_PREFIX):
            return get_response(request)
        language = _requested_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        patch_vary_headers(response, ["Accept-Language"])
        response.headers["Content-Language"] = language
        return response

    return middleware
