"""The authentication backends: Django's and allauth's, reading the member's profile with the
account in one query. Every page behind the wall asks for `user.profile` (members.wall's rule);
read apart it cost a query per request. Still read on every request, never kept across requests,
so a lapse or a revocation (issue 17) cuts access at the very next request."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class _WithProfile:
    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_WithProfile, DjangoModelBackend):
    pass


class AuthenticationBackend(_WithProfile, AllauthBackend):
    pass
