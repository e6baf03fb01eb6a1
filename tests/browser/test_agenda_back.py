"""After a filter and « back », the agenda's controls show the filter of the page's address, not
the one chosen later (htmx's history snapshot keeps the results but not the controls' values)."""

from playwright.sync_api import expect

from events.tests.factories import EventFactory, EventTypeFactory

from .conftest import wait_until


def test_back_after_filtering_shows_the_filter_of_the_address(page, live_server, check_accessibility):
    kinds = [("debat", "Débat"), ("atelier", "Atelier"), ("expo", "Exposition")]
    debate, workshop, show = (EventTypeFactory(slug=slug, name=name) for slug, name in kinds)
    EventFactory(type=debate, title="Débat sur la ville")
    EventFactory(type=workshop, title="Atelier vélo")
    EventFactory(type=show, title="Exposition photo")
    page.goto("/agenda/")
    kind = page.get_by_label("Type")
    kind.select_option("atelier")
    wait_until(page, "location.search.includes('type=atelier')")
    expect(page.get_by_role("link", name="Débat sur la ville")).to_have_count(0)
    kind.select_option("expo")
    wait_until(page, "location.search.includes('type=expo')")
    expect(page.get_by_role("link", name="Atelier vélo")).to_have_count(0)

    page.go_back()
    wait_until(page, "location.search.includes('type=atelier')")
    expect(page.get_by_role("link", name="Atelier vélo")).to_be_visible()
    expect(page.get_by_label("Type")).to_have_value("atelier")

    # Out to an event and back: the same.
    page.get_by_role("link", name="Atelier vélo").click()
    page.wait_for_url("**/agenda/*/")
    page.go_back()
    wait_until(page, "location.search.includes('type=atelier')")
    expect(page.get_by_label("Type")).to_have_value("atelier")
    expect(page.get_by_role("link", name="Atelier vélo")).to_be_visible()
    expect(page.get_by_role("link", name="Exposition photo")).to_have_count(0)

    page.go_back()
    wait_until(page, "location.search === ''")
    expect(page.get_by_label("Type")).to_have_value("")
    expect(page.get_by_role("link", name="Débat sur la ville")).to_be_visible()
    check_accessibility(page)
