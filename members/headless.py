"""Where the club's app authentication (django-allauth headless) needs a correction of its own."""

from allauth.headless.account.views import ManagePhoneView
from allauth.headless.base.response import AuthenticationResponse
from allauth.headless.constants import Client


class AppManagePhone(ManagePhoneView):
    """allauth 65's phone view reads `self.user` before setting it when an anonymous request is
    neither GET nor POST (OPTIONS, PUT, PATCH, DELETE: an AttributeError, so a 500). The club keeps
    no phone numbers: such a request gets what allauth answers an anonymous GET, a 401."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated and request.method not in ("GET", "POST"):
            return AuthenticationResponse(request)
        return super().dispatch(request, *args, **kwargs)


manage_phone = AppManagePhone.as_api_view(client=Client.APP)
