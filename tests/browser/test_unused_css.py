"""The build cuts Material's stylesheet down to the rules the site can use (sitebuild/unused_css.py,
PurgeCSS). The oracle is the browser's own selector matching: no rule that the cut removed may
match an element of any page, as loaded (light at 1280 px, dark at 375 px, the bundle's run-time
elements included) and with search results open; and no custom property the cut removed may be
read by any rule or inline style the page has then (the browser's CSSOM). What was removed is
found from the installed stylesheet and the built one (stylesheets.removed_by_the_cut); the pages
as loaded are read on their visits (visits.py)."""

import pytest
from pageread import DESKTOP
from searchbox import COUNT_QUERIES, type_query
from visits import MATCHES, READ_PROPERTIES, settle


@pytest.fixture(scope="module")
def removed(removed_css):
    return removed_css[0]


@pytest.fixture(scope="module")
def removed_properties(removed_css):
    return removed_css[1]


def removed_that_match(page, removed):
    """The removed selectors that match an element of the page (loosened: see MATCHES)."""
    result = page.evaluate(MATCHES, removed)
    assert result["invalid"] == [], "selectors the test cannot loosen into valid ones"
    return result["found"]


def read_but_removed(page, removed_properties):
    return sorted(set(page.evaluate(READ_PROPERTIES)) & removed_properties)


@pytest.mark.parametrize("view", ["desktop-light", "phone-dark"], ids=["light-1280", "dark-375"])
def test_nothing_removed_applies_to_the_page(page_path, view, removed_properties, visits):
    loaded = visits(page_path, view)  # the visit waits for the bundle to run and add its elements
    assert loaded.removed_matches["invalid"] == [], "selectors the test cannot loosen into valid ones"
    assert loaded.removed_matches["found"] == []
    assert sorted(loaded.properties_read & removed_properties) == []


def test_no_removed_rule_matches_search_results(removed, server, new_page):
    page, watch = new_page(viewport=DESKTOP)
    page.add_init_script(COUNT_QUERIES)
    page.goto(server.url + "derivative/", wait_until="load", timeout=30_000)
    settle(page, watch)
    type_query(page, "sigmoid derivative")
    assert page.locator(".md-search-result__item").count() > 0
    assert removed_that_match(page, removed) == []
    page.context.close()


def test_the_checks_find_what_applies(server, new_page):
    """The loosening works: rules with states and pseudo-elements that the page uses are found; so
    are properties that the page reads (from a stylesheet, and from an inline style)."""
    page, watch = new_page(viewport=DESKTOP)
    page.goto(server.url + "derivative/", wait_until="load", timeout=30_000)
    settle(page, watch)
    applying = [".md-typeset h2:hover", ".md-nav__link::before", ":hover>.md-nav__link",
                ".md-typeset .headerlink:focus-visible", "[dir=ltr] .md-nav__link:not(.x):hover .md-ellipsis"]
    result = page.evaluate(MATCHES, applying)
    assert result["invalid"] == [] and len(result["found"]) == len(applying), result
    page.evaluate("document.body.style.setProperty('outline-color', 'var(--planted-inline)')")
    read = {"--md-default-fg-color", "--md-typeset-a-color", "--planted-inline", "--never-read"}
    assert read_but_removed(page, read) == ["--md-default-fg-color", "--md-typeset-a-color", "--planted-inline"]
    page.context.close()
