"""Material's search (a web worker over the built index) puts the right page first, finds a
formula typed the way people type math, and shows formulas as plain text."""

import re
from urllib.parse import urlsplit

import pytest
from pageread import DESKTOP
from searchbox import COUNT_QUERIES, type_query
from visits import settle

EXPECTED_FIRST = {
    "derivative": "derivative/",
    # The chain rule is stated and discussed (against the product rule) on the questions
    # page; the derivation page applies it. Both should rank, the discussion first.
    "chain rule": "questions/",
    "Wolfram": "forms/",
    "softplus": "softplus/",
    "tanh derivative": "tanh/",   # before Properties, which derives it too
    "swish": "silu/",
    "gelu derivative": "gelu/",
    "softmax jacobian": "softmax/",
}

# Typed math: the section it leads to, and the formula as that result shows it.
MATH_QUERIES = {
    "s(1-s)": ("questions/#the-last-step-to-s1-s", "s(x)(1 − s(x))"),
    "e^-x": ("derivative/#differentiating-with-the-chain-rule", "e⁻ˣ/(1 + e⁻ˣ)²"),
    "e^x/(1+e^x)^2": ("forms/#why-wolfram-alpha-shows-positive-exponents", "eˣ/(1 + eˣ)²"),
    # The floating-point page names the sech form twice; the forms page derives it, second.
    "sech": ("floating-point/#where-each-form-of-s-goes-wrong", "1/4 sech²(x/2)"),
    "1/4": ("properties/#the-maximum-is-one-quarter", "s′(0) = 1/4"),
}

# Text a page shares with its companion notebook: the page comes first. For "large negative"
# the notebook's heading "The largest slope" matches a prefix of "large"; the page has the
# sentence. Where both have the words in a heading, the headings beat the body text.
PAGE_BEFORE_NOTEBOOK = {
    "large negative": ("derivative/#the-sigmoid", "notebooks/derivative/"),
    "symmetry": ("properties/#symmetry", "notebooks/properties/#symmetry"),
    "vanishing gradients": ("properties/#vanishing-gradients", "notebooks/properties/#vanishing-gradients"),
}

# The results in order, per page: each link and the text it shows, code left out.
RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(item =>
  [...item.querySelectorAll('a.md-search-result__link')].map(a => {
    const article = a.querySelector('article').cloneNode(true)
    article.querySelectorAll('code, pre').forEach(code => code.remove())
    return {href: a.href, text: article.textContent}
  }))"""


@pytest.fixture(scope="module")
def search_page(server, new_page):
    page, watch = new_page(viewport=DESKTOP)
    page.add_init_script(COUNT_QUERIES)
    page.goto(server.url, wait_until="load")
    settle(page, watch)
    yield page, watch
    page.context.close()


def where(href, server):
    """"http://host/sigmoid/forms/?h=x#why" -> "forms/#why"."""
    parts = urlsplit(href)
    path = parts.path.removeprefix(urlsplit(server.url).path)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def search(page, query, server, every=False):
    """[[(place, text of the result)] per page], in the order shown, each page's link first: the
    first ten pages, as Material shows them, or with `every` all of them."""
    type_query(page, query)
    if every:
        show_every_result(page)
    return [[(where(link["href"], server), " ".join(link["text"].split())) for link in item]
            for item in page.evaluate(RESULTS)]


def show_every_result(page):
    """Material renders ten results, and four more each time the list comes to be scrolled to its
    end: at each poll (bounded), scroll to the end, or back to the top if there already, until as
    many are shown as its count says it found."""
    meta = page.inner_text(".md-search-result__meta")
    found = int(re.search(r"\d+", meta.replace(",", "")).group()) if re.search(r"\d", meta) else 0
    page.wait_for_function("""n => { const wrap = document.querySelector('.md-search__scrollwrap')
        wrap.scrollTop = wrap.scrollTop >= wrap.scrollHeight - wrap.clientHeight - 1 ? 0 : wrap.scrollHeight
        return document.querySelectorAll('.md-search-result__item').length >= n }""",
                           arg=found, polling=100, timeout=10_000)


@pytest.mark.parametrize("query", EXPECTED_FIRST)
def test_search_puts_the_right_page_first(query, search_page, server):
    page, watch = search_page
    ranked = [item[0][0] for item in search(page, query, server)]  # each page's own link
    assert ranked and ranked[0] == EXPECTED_FIRST[query], f"results for {query!r}: {ranked}"
    assert watch.errors == [] and watch.failed == []


@pytest.mark.parametrize("query", MATH_QUERIES)
def test_typed_math_leads_to_the_section_that_shows_it(query, search_page, server, shots):
    page, watch = search_page
    results = search(page, query, server)
    section, formula = MATH_QUERIES[query]
    assert results, f"no results for {query!r}"
    best = results[0][1] if len(results[0]) > 1 else results[0][0]  # the page's best section
    assert best[0] == section, f"results for {query!r}: {[[p for p, _ in item] for item in results]}"
    assert formula in best[1], f"{section} shows {best[1]!r}"
    shown = " ".join(text for item in results for _, text in item)
    assert not re.search(r"\\[a-zA-Z]+|[\^_]\{", shown), f"TeX in the results: {shown[:300]}"
    if query == "e^x/(1+e^x)^2":
        shots.take(page, "search-math.png")
    assert watch.errors == [] and watch.failed == []


@pytest.mark.parametrize("query", PAGE_BEFORE_NOTEBOOK)
def test_a_page_comes_before_its_notebook(query, search_page, server, shots):
    page, watch = search_page
    results = search(page, query, server, every=True)  # a notebook may rank below the first ten
    first, notebook = PAGE_BEFORE_NOTEBOOK[query]
    places = [place for item in results for place, _ in item]
    ranked = [item[1][0] if len(item) > 1 else item[0][0] for item in results]
    assert ranked[0] == first, f"results for {query!r}: {ranked}"
    assert notebook in places and places.index(notebook) > places.index(first), f"results for {query!r}: {places}"
    if query == "large negative":
        shots.take(page, "search-large-negative.png")
    assert watch.errors == [] and watch.failed == []


def test_the_search_text_of_a_formula_is_neither_shown_nor_read_out(server, new_page):
    """Screen readers read KaTeX's MathML; the plain-text copy for the search is hidden from
    them and from the eye."""
    page, watch = new_page(viewport=DESKTOP)
    page.goto(server.url + "derivative/", wait_until="load")
    settle(page, watch)
    copies = page.evaluate("""() => [...document.querySelectorAll('.math-text')]
        .map(e => ({text: e.textContent, shown: e.checkVisibility()}))""")
    assert copies and not [c for c in copies if c["shown"]]
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    names = {str(node.get("name", {}).get("value", "")) for node in tree}
    distinct = {c["text"] for c in copies if len(c["text"]) > 5 and re.search(r"[⁻ˣ²/]", c["text"])}
    read_out = [text for text in distinct if any(text in name for name in names)]
    assert distinct and not read_out, f"search text in the accessibility tree: {read_out}"
    page.context.close()
