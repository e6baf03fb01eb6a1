import pytest
from rest_framework.test import APIClient

from members.tests.factories import PASSWORD, RosterEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
VERIFY = "/api/v1/me/verification/"


@pytest.fixture
def api():
    return APIClient()


def app_login(api, user) -> str:
    """The app's login through django-allauth headless; returns the session token."""
    response = api.post("/_allauth/app/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def test_anonymous_gets_401_with_a_challenge(api):
    response = api.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"


def test_app_token_flow_reads_the_profile(api, member):
    token = app_login(api, member)
    response = APIClient().get(ME, HTTP_X_SESSION_TOKEN=token)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == member.email
    assert body["verification_status"] == "not_submitted"
    assert body["is_verified_member"] is False


def test_a_wrong_token_is_refused(api):
    response = api.get(ME, HTTP_X_SESSION_TOKEN="not-a-token")
    assert response.status_code in (401, 403)


def test_browser_session_needs_csrf_for_writes(member):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(member)
    assert api.get(ME).status_code == 200
    assert api.patch(ME, {"display_name": "X"}, format="json").status_code == 403


def test_profile_update_validates_like_the_site(api, member):
    api.force_authenticate(member)
    response = api.patch(ME, {"postcode": "12"}, format="json")
    assert response.status_code == 400
    assert "postcode" in response.json()
    response = api.patch(ME, {"display_name": "Zoé L.", "postcode": "69001", "city": "Lyon"}, format="json")
    assert response.status_code == 200
    assert response.json()["display_name"] == "Zoé L."


def test_verification_through_the_api(api, member):
    RosterEntryFactory(number="S42", last_name="Lefèvre", postcode="75011")
    api.force_authenticate(member)
    response = api.post(VERIFY, {"number": "S42", "last_name": "lefevre", "postcode": "75011"}, format="json")
    assert response.status_code == 200
    assert response.json()["verification_status"] == "verified"


def test_verification_errors_are_400_per_field(api, member):
    api.force_authenticate(member)
    response = api.post(VERIFY, {"number": "", "last_name": "x", "postcode": "abc"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"number", "postcode"}


def test_verification_is_rate_limited_per_account(api):
    user = UserFactory()
    api.force_authenticate(user)
    # Distinct accounts have distinct budgets; this one spends it.
    for _ in range(5):
        api.post(VERIFY, {"number": "S1", "last_name": "Nobody", "postcode": "75001"}, format="json")
    response = api.post(VERIFY, {"number": "S1", "last_name": "Nobody", "postcode": "75001"}, format="json")
    assert response.status_code == 429
