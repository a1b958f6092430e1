"""Material's search (a web worker over the built index) puts the right page first."""

from urllib.parse import quote_plus, urlsplit

import pytest
from pageread import DESKTOP

EXPECTED_FIRST = {
    "derivative": "derivative/",
    # The chain rule is stated and discussed (against the product rule) on the questions
    # page; the derivation page applies it. Both should rank, the discussion first.
    "chain rule": "questions/",
    "Wolfram": "forms/",
    "softplus": "properties/",
}


@pytest.fixture(scope="module")
def search_page(server, new_page):
    page, watch = new_page(viewport=DESKTOP)
    page.goto(server.url, wait_until="networkidle")
    yield page, watch
    page.context.close()


@pytest.mark.parametrize("query", EXPECTED_FIRST)
def test_search_puts_the_right_page_first(query, search_page, server):
    page, watch = search_page
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query)  # Material reacts to key events, not to a pasted value
    # Results for this query (not an earlier one) carry it in their highlight parameter.
    page.wait_for_function(
        """h => [...document.querySelectorAll('.md-search-result__link')]
                 .some(a => a.href.includes(h))""", arg="h=" + quote_plus(query.lower()), timeout=10_000)
    links = page.locator(".md-search-result__item > .md-search-result__link")
    ranked = [urlsplit(href).path.removeprefix(urlsplit(server.url).path)
              for href in links.evaluate_all("as => as.map(a => a.href)")]
    assert ranked[0] == EXPECTED_FIRST[query], f"results for {query!r}: {ranked}"
    assert watch.errors == [] and watch.failed == []
