"""The staff dashboard in a browser: the charts are drawn by the vendored Chart.js under the
site's strict CSP (a violation is a console error, which fails the test), nothing is fetched from
outside, and axe finds nothing serious."""

import pytest

from insights.tests.conftest import known_data  # noqa: F401 - the fixture, from the insights tests

from .conftest import SCREENSHOTS, wait_until

NOVEMBER = "/admin/tableau-de-bord/?date_from=2026-11-01&date_to=2026-11-30"


@pytest.mark.postgres
def test_staff_read_the_dashboard_with_its_charts(
    transactional_db, request, page, viewport_name, login, shoot, check_accessibility
):
    data = request.getfixturevalue("known_data")  # after transactional_db: the live server sees it
    login(data["staff"])
    page.goto(NOVEMBER)
    assert page.get_by_role("heading", name="Annonces", exact=True).is_visible()
    wait_until(page, "document.querySelectorAll('canvas[data-chart-ready]').length >= 10")
    charts = page.evaluate("document.querySelectorAll('canvas[data-chart]').length")
    assert page.evaluate("document.querySelectorAll('canvas[data-chart-ready]').length") == charts
    assert page.get_by_role("table", name="Annonces par département").is_visible()
    community = page.get_by_role("region", name="Propositions, groupes et partenaires")
    assert community.get_by_role("table", name="Les propositions les plus soutenues").is_visible()
    assert community.get_by_role("table", name="Activité des groupes par mois").is_visible()
    partners = community.get_by_role("table", name="Offres de partenaires vues, par partenaire")
    assert partners.get_by_role("row", name="Ressourcerie 3 2").is_visible()
    assert page.get_by_text("Chiffres calculés à").is_visible()
    shoot("insights-dashboard")
    community.screenshot(path=str(SCREENSHOTS / f"insights-community-{viewport_name}.png"))
    check_accessibility(page)


def test_a_period_ending_before_it_starts_says_so(transactional_db, staff, page, login, check_accessibility):
    login(staff)
    page.goto("/admin/tableau-de-bord/?date_from=2026-11-30&date_to=2026-11-01")
    assert page.get_by_text("La fin de la période doit suivre son début.").is_visible()
    check_accessibility(page)
