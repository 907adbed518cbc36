"""A visitor finds a resource by its facets, downloads it, reads it in French, searches for it."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_visitor_filters_opens_downloads_switches_language_and_searches(
    page: Page, live_server, demo_site
):
    page.goto(f"{live_server.url}/en/resources/")
    filters = page.get_by_role("search", name="Filter resources")
    filters.get_by_label("Comprehensive and inclusive mapping").check()
    filters.get_by_label("French").check()
    filters.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"theme=mapping.*language=fr|language=fr.*theme=mapping"))
    results = page.get_by_role("region", name=re.compile("resource"))
    expect(results.get_by_role("heading", level=2)).to_have_text(re.compile(r"^\s*1 resource\s*$"))
    results.get_by_role("link", name="Comprehensive and inclusive mapping").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Comprehensive and inclusive mapping")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Comprehensive and inclusive mapping").last.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(f"{live_server.url}/fr/ressources/cartographie-globale-et-inclusive/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cartographie globale et inclusive")

    search = page.get_by_role("search").filter(has=page.locator("#site-search-q"))
    search.get_by_label("Rechercher dans le site").fill("cartographie inclusive")
    search.get_by_label("Rechercher dans le site").press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/search/\?q=cartographie"))
    expect(page.get_by_role("link", name="Cartographie globale et inclusive")).to_be_visible()


def test_filters_work_by_keyboard_and_empty_results_offer_a_way_back(
    page: Page, live_server, demo_site
):
    page.goto(f"{live_server.url}/fr/ressources/?q=zzzz-rien")
    expect(page.get_by_role("status")).to_contain_text("Aucune ressource")
    page.get_by_role("link", name=re.compile("Effacer")).first.click()
    expect(page).to_have_url(f"{live_server.url}/fr/ressources/")

    page.get_by_label("Rechercher dans le centre de ressources").focus()
    page.keyboard.type("trousse")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=trousse"))
    expect(page.get_by_role("heading", level=2, name=re.compile("ressource"))).to_be_visible()
