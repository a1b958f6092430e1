"""The build cuts Material's stylesheet down to the rules the site can use (sitebuild/unused_css.py,
PurgeCSS). The oracle is the browser's own selector matching: no rule that the cut removed may
match an element of any page, as loaded (light at 1280 px, dark at 375 px, the bundle's run-time
elements included) and with search results open; and no custom property the cut removed may be
read by any rule or inline style the page has then (the browser's CSSOM). What was removed is
found here from the installed stylesheet and the built one."""

from collections import Counter

import pytest
from conftest import SITE
from pageread import DESKTOP, MOBILE
from searchbox import COUNT_QUERIES, type_query
from stylesheets import installed_and_built, style_rules

# Pseudo-classes of a reader's actions and states, and pseudo-elements, are taken out before
# matching, so `.x:hover::after` counts as matching wherever `.x` does. (An emptied compound,
# as in `:hover>.x`, becomes `*`.) Structural ones (:not, :nth-child, ...) stay.
MATCHES = r"""(selectors) => {
  const state = /^(-[a-z]+-.*|hover|focus|focus-visible|focus-within|active|visited|target|checked|
    before|after|marker|selection|placeholder|first-letter|first-line|backdrop)$/
  const loosen = s => s.replace(/(::?)([-\w]+)(?![-\w(])/g, (m, colons, name) => state.test(name) ? "" : m)
    .replace(/(^|[\s>+~(,])(?=\s*([>+~),]|$))/g, "$1*").trim()
  const found = [], invalid = []
  for (const selector of selectors) {
    try {
      const element = document.querySelector(loosen(selector))
      if (element) found.push(`${selector}  (${element.outerHTML.slice(0, 120)})`)
    } catch (error) { invalid.push(`${selector} -> ${loosen(selector)}`) }
  }
  return {found, invalid}
}""".replace("|\n    ", "|")


# Every var(--name) that the page's stylesheets (all rules, nested ones too) and inline styles read.
READ_PROPERTIES = r"""() => {
  const texts = [...document.querySelectorAll('[style]')].map(e => e.getAttribute('style'))
  const walk = rules => {
    for (const rule of rules) { texts.push(rule.cssText); if (rule.cssRules) walk(rule.cssRules) }
  }
  for (const sheet of document.styleSheets) walk(sheet.cssRules)
  return [...new Set(texts.join('\n').match(/var\(\s*--[\w-]+/g) || [])].map(v => v.replace(/var\(\s*/, ''))
}"""


def custom_properties(css):
    """The custom properties a stylesheet declares."""
    return {name for _, _, declarations in style_rules(css) for name, _ in declarations if name.startswith("--")}


def selectors(css):
    """Counter of (at-rule context, selector) for every selector of every style rule."""
    return Counter((context, selector) for context, selectors, _ in style_rules(css) for selector in selectors)


@pytest.fixture(scope="module")
def stylesheets():
    """Material's main stylesheet: (as installed, as built), read once for the module."""
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run make site first")
    _, installed, built = installed_and_built("stylesheets", "main.*.min.css")
    return installed, built


@pytest.fixture(scope="module")
def removed(stylesheets):
    installed, built = stylesheets
    gone = selectors(installed) - selectors(built)
    assert gone, "the build removed no rule from Material's stylesheet"
    return sorted({selector for _, selector in gone})


@pytest.fixture(scope="module")
def removed_properties(stylesheets):
    installed, built = stylesheets
    return custom_properties(installed) - custom_properties(built)


def removed_that_match(page, removed):
    """The removed selectors that match an element of the page (loosened: see MATCHES)."""
    result = page.evaluate(MATCHES, removed)
    assert result["invalid"] == [], "selectors the test cannot loosen into valid ones"
    return result["found"]


def read_but_removed(page, removed_properties):
    return sorted(set(page.evaluate(READ_PROPERTIES)) & removed_properties)


@pytest.mark.parametrize("palette, viewport", [("light", DESKTOP), ("dark", MOBILE)], ids=["light-1280", "dark-375"])
def test_nothing_removed_applies_to_the_page(page_path, palette, viewport, removed, removed_properties, server,
                                            new_page):
    page, _ = new_page(palette=palette, viewport=viewport)
    page.goto(server.url + page_path, wait_until="networkidle", timeout=30_000)
    page.wait_for_function("window.component$", timeout=10_000)  # the bundle has run and added its elements
    assert removed_that_match(page, removed) == []
    assert read_but_removed(page, removed_properties) == []
    page.context.close()


def test_no_removed_rule_matches_search_results(removed, server, new_page):
    page, _ = new_page(viewport=DESKTOP)
    page.add_init_script(COUNT_QUERIES)
    page.goto(server.url + "derivative/", wait_until="networkidle", timeout=30_000)
    type_query(page, "sigmoid derivative")
    assert page.locator(".md-search-result__item").count() > 0
    assert removed_that_match(page, removed) == []
    page.context.close()


def test_the_checks_find_what_applies(server, new_page):
    """The loosening works: rules with states and pseudo-elements that the page uses are found; so
    are properties that the page reads (from a stylesheet, and from an inline style)."""
    page, _ = new_page(viewport=DESKTOP)
    page.goto(server.url + "derivative/", wait_until="networkidle", timeout=30_000)
    applying = [".md-typeset h2:hover", ".md-nav__link::before", ":hover>.md-nav__link",
                ".md-typeset .headerlink:focus-visible", "[dir=ltr] .md-nav__link:not(.x):hover .md-ellipsis"]
    result = page.evaluate(MATCHES, applying)
    assert result["invalid"] == [] and len(result["found"]) == len(applying), result
    page.evaluate("document.body.style.setProperty('outline-color', 'var(--planted-inline)')")
    read = {"--md-default-fg-color", "--md-typeset-a-color", "--planted-inline", "--never-read"}
    assert read_but_removed(page, read) == ["--md-default-fg-color", "--md-typeset-a-color", "--planted-inline"]
    page.context.close()
