"""What the site search holds (site/search/search_index.json): each formula once, as plain text a
reader recognises, no TeX, the published numbers as the page shows them, and a small index;
and how a typed query is rewritten to meet it (the worker shim, run in Node)."""

import html
import json
import re
import subprocess
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from material.plugins.search.plugin import SearchIndex
from site_pages import numbers_in, with_class
from sitebuild import search_text
from sitebuild.mathcheck import page_math

SHIM = ROOT / "overrides" / "assets" / "javascripts" / "workers" / "search-math.js"
# The index was limited to 58 000 bytes (58 855 before formulas were indexed once); it was then
# 56 106 bytes, 1.87 per byte of the pages' Markdown (docs/*.md; the notebooks' entries count on the
# index side). Measured per byte of Markdown so that new prose does not break the limit, while a
# formula indexed twice or raw HTML in the index does.
INDEX_BYTES_PER_MARKDOWN_BYTE = 1.93
# TeX commands, \( \) delimiters and TeX scripts: \frac, \bigl(, e^{-x}, x_{0}.
TEX = re.compile(r"\\[a-zA-Z]+|\\[()\[\]{},;!]|[\^_]\{")


@pytest.fixture(scope="module")
def index(site):
    return json.loads((site / "search" / "search_index.json").read_text())


def page_entries(index, page):
    """The index entries of a page ("derivative/index.html" -> derivative/ and its sections)."""
    location = page.removesuffix("index.html")
    return [e for e in index["docs"] if e["location"].split("#")[0] == location]


def read(text, code=True):
    """Index text as a reader sees it in a result: markup stripped, whitespace collapsed."""
    if not code:
        text = re.sub(r"<(pre|code)>.*?</\1>", " ", text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def squash(text):
    return re.sub(r"\s+", "", text)


def topic_pages(pages):
    return {path: soup for path, soup in pages.items() if path.endswith("index.html")}


def test_no_tex_in_the_index(index):
    found = {e["location"]: TEX.findall(read(e["title"] + " " + e["text"], code=False)) for e in index["docs"]}
    found = {location: tex[:5] for location, tex in found.items() if tex}
    assert not found, f"raw TeX in the search index: {found}"


def test_no_formula_is_indexed_twice_or_three_times(index, pages):
    """KaTeX's three copies of a formula (MathML text, TeX annotation, HTML text) must not reach
    the index, whole or in pairs."""
    repeated = []
    for page, soup in topic_pages(pages).items():
        text = squash(read(" ".join(e["title"] + " " + e["text"] for e in page_entries(index, page))))
        for katex in with_class(soup, "katex"):
            annotation = katex.select_one("annotation")
            mathml = squash("".join(s for s in katex.select_one(".katex-mathml").find_all(string=True)
                                    if s.parent is not annotation))
            tex, shown = squash(annotation.get_text()), squash(katex.select_one(".katex-html").get_text())
            if len(mathml) >= 3 and any(pair in text for pair in (mathml + tex, tex + shown, mathml + shown)):
                repeated.append(f"{page}: {annotation.get_text().strip()}")
    assert not repeated, f"{len(repeated)} formulas indexed more than once, e.g. {repeated[:3]}"


def test_each_formula_is_indexed_once_as_plain_text(index, pages):
    for page, soup in topic_pages(pages).items():
        text = read(" ".join(e["title"] + " " + e["text"] for e in page_entries(index, page)))
        for katex in with_class(soup, "katex"):
            excluded = katex.find_parent(attrs={"data-search-exclude": True})
            assert excluded is not None, f"{page}: KaTeX markup left in the search index"
            # Material's search tracks excluded elements by tag name: an excluded <span> would be
            # let back in at its first nested </span>.
            assert excluded.find(excluded.name) is None, f"{page}: <{excluded.name}> excluded around its own tag"
            copy = excluded.find_previous_sibling()
            assert copy is not None and copy.get("class") == ["math-text"], f"{page}: a formula without search text"
            assert copy.has_attr("hidden"), f"{page}: the search text {copy.get_text()!r} is shown"
            assert copy.get_text() == search_text.plain(str(katex)), page
            assert copy.get_text() in text, f"{page}: {copy.get_text()!r} is not in the index"


def test_every_published_number_is_in_the_index_as_displayed(index, pages):
    values = 0
    for page, soup in topic_pages(pages).items():
        text = read(" ".join(e["text"] for e in page_entries(index, page)))
        for value in numbers_in(soup):
            shown = " ".join(value.get_text().split())
            assert shown in text, f"{page}: {value['data-value']} shows {shown!r}, the index has not"
            values += 1
    assert values >= 15


def test_the_index_stays_small(site):
    size = (site / "search" / "search_index.json").stat().st_size
    markdown = sum(len(page.read_bytes()) for page in (ROOT / "docs").glob("*.md"))
    assert size <= INDEX_BYTES_PER_MARKDOWN_BYTE * markdown, \
        f"the search index is {size} bytes, {size / markdown:.2f} per byte of the pages' Markdown"


def test_a_notebook_heading_weighs_no_more_than_its_page_text(index):
    """Material's search multiplies a heading's words by the title boost and a whole entry by the
    entry's boost: with notebooks at 1/1000, any page text outranks a notebook heading."""
    fields = index["config"]["fields"]
    notebooks = [e for e in index["docs"] if e["location"].startswith("notebooks/")]
    pages = [e for e in index["docs"] if not e["location"].startswith("notebooks/")]
    assert notebooks and all(e["boost"] * fields["title"]["boost"] <= fields["text"]["boost"] for e in notebooks)
    assert all(e.get("boost", 1) >= 1 for e in pages)


def index_entries(page_html):
    """The entries Material's search plugin makes of a page's HTML (its own code, as in the build)."""
    index = SearchIndex()
    index.add_entry_from_context(SimpleNamespace(content=page_html, toc=[], url="page/", meta={}, title="Page"))
    return index.entries


def test_the_light_view_makes_the_same_index_as_the_page(page_sources):
    """The build hands the search plugin search_text.light(page), without the KaTeX markup the
    index leaves out: the plugin must make the same entries of it as of the whole page, on every
    page (here the built pages, with the theme around the content)."""
    dropped = 0
    for path, page_html in page_sources.items():
        light = search_text.light(page_html)
        assert index_entries(light) == index_entries(page_html), path
        dropped += len(page_html) - len(light)
    assert dropped > 0.5 * sum(map(len, page_sources.values())), "the light view no longer drops the KaTeX markup"


def test_the_light_view_keeps_a_box_whose_content_would_reach_the_index():
    box = '<div class="math-display" data-search-exclude>{}</div>'
    for content in ("<div>a</div>", "<h2 id='x'>a</h2>", "<span>a", "<!-- a -->", "<b data-search-exclude>a</b>"):
        page_html = "<p>before</p>" + box.format(content) + "<p>after</p>"
        assert search_text.light(page_html) == page_html, content
    katex = '<span class="katex"><span class="katex-html">x</span></span>'
    assert search_text.light(box.format(katex)) == box.format("")


# -- from TeX to search text ------------------------------------------------------------------

PLAIN = {
    r"s(x) = \frac{1}{1+e^{-x}}": "s(x) = 1/(1 + e⁻ˣ)",
    r"s'(x) = \frac{e^{x}}{\left(1+e^{x}\right)^{2}}": "s′(x) = eˣ/(1 + eˣ)²",
    r"s'(x) = s(x)\bigl(1-s(x)\bigr) = s(x)\,s(-x)": "s′(x) = s(x)(1 − s(x)) = s(x) s(−x)",
    r"s'''(x)": "s′′′(x)",
    r"\frac{1}{4}\operatorname{sech}^{2}(x/2)": "1/4 sech²(x/2)",
    r"\frac{1}{4\cosh^{2}\left(\frac{x}{2}\right)}": "1/(4 cosh²(x/2))",
    r"\frac{s(x+h) - s(x-h)}{2h}": "(s(x + h) − s(x − h))/(2h)",
    r"\operatorname{logit}(p) = \ln\frac{p}{1-p}": "logit(p) = ln(p/(1 − p))",
    r"-y\ln s(z)": "−y ln s(z)",
    r"x = \pm\ln\bigl(2+\sqrt{3}\bigr)": "x = ±ln(2 + √3)",
    r"e^{-|x|} + e^{x/2}": "e⁻|ˣ| + eˣ/²",
    r"e^{\sigma}": "e^σ",
    r"x_{0} + x_{\sigma}": "x₀ + x_σ",
    r"x = -": "x = −",
    r"y \in \{0, 1\}": "y ∈ {0, 1}",
    r"t(x) := 2\,s(2x) - 1": "t(x) := 2 s(2x) − 1",
    r"\underbrace{-u^{-2}}_{\text{outer}}\cdot u'": "−u⁻² (outer) ⋅ u′",
    r"\begin{aligned} s'(x) &= \frac{d}{dx}\left(1+e^{-x}\right)^{-1} && \text{chain rule} \\ &= 0 \end{aligned}":
        "s′(x) = d/dx (1 + e⁻ˣ)⁻¹ chain rule = 0",
}


@pytest.fixture(scope="module")
def rendered():
    batch = [{"tex": tex, "display": "aligned" in tex} for tex in PLAIN]
    result = subprocess.run(["node", str(page_math.RENDERER)], input=json.dumps(batch), capture_output=True,
                            text=True, cwd=ROOT, check=True, timeout=60)
    return dict(zip(PLAIN, (out["html"] for out in json.loads(result.stdout))))


@pytest.mark.parametrize("tex", PLAIN)
def test_a_formula_reads_as_a_reader_would_type_it(tex, rendered):
    assert search_text.plain(rendered[tex]) == PLAIN[tex]


def test_a_formula_goes_into_the_page_with_its_hidden_search_text(rendered):
    tex = r"s(x) = \frac{1}{1+e^{-x}}"
    for display in (False, True):
        soup = BeautifulSoup(search_text.place(rendered[tex], display), "html.parser")
        copy, math = soup.find_all(recursive=False)
        assert copy.get_text() == "s(x) = 1/(1 + e⁻ˣ)" and copy.has_attr("hidden")
        assert math.has_attr("data-search-exclude") and math.find(math.name) is None
        assert math.select_one(".katex") and (display == ("math-display" in (math.get("class") or [])))


# -- the query side -----------------------------------------------------------------------------

QUERIES = {
    "e^-x": "e⁻ˣ",
    "e^x/(1+e^x)^2": "eˣ/(1+eˣ)²",
    "e^{-x}": "e⁻ˣ",
    "e^(-x/2)": "e⁻ˣ/²",
    "e^-|x|": "e⁻|ˣ|",
    "x^q": "x q",  # no superscript q: the ^ goes, the search separator splits there too
    "s(1-s)": "s(1−s)",
    "s'(x) = s(x)(1 - s(x))": "s′(x) = s(x)(1 - s(x))",
    "σ'(z) s''": "σ′(z) s′′",
    "-709.78": "−709.78",
    "sigmoid -notebook": "sigmoid -notebook",
    "float-point": "float−point",
    "the post's grid": "the post's grid",
    "1/4": "1/4",
}


def run_shim(queries):
    """mathQuery() of the shim for each query, in Node, with the build's table and Material's worker
    stubbed in."""
    script = f"""
      const vm = require("vm"), fs = require("fs")
      const table = {json.dumps(search_text.worker_table())}
      const context = {{ addEventListener() {{}}, URL,
                         importScripts(name) {{ if (name === "search-math-table.js") vm.runInContext(table, context) }},
                         self: {{ location: {{ href: "http://localhost/search-math.js?worker=search.0.min.js" }} }} }}
      vm.createContext(context)
      vm.runInContext(fs.readFileSync({json.dumps(str(SHIM))}, "utf8"), context)
      const out = vm.runInContext("({{ rewritten: QUERIES.map(mathQuery), table: SUPERSCRIPT, keep: KEEP }})",
                                  Object.assign(context, {{ QUERIES: {json.dumps(queries)} }}))
      process.stdout.write(JSON.stringify(out))
    """
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def test_typed_math_is_rewritten_as_the_index_writes_it():
    out = run_shim(list(QUERIES))
    assert dict(zip(QUERIES, out["rewritten"])) == QUERIES


def test_the_shim_reads_the_table_the_build_publishes(site):
    out = run_shim([])
    assert out["table"] == search_text.SUPERSCRIPT and set(out["keep"]) == search_text.KEEP
    assert (site / search_text.WORKER_TABLE).read_text() == search_text.worker_table()


def test_the_pages_load_the_search_through_the_shim(pages):
    config = json.loads(pages["index.html"].select_one("#__config").get_text())
    assert re.fullmatch(r"assets/javascripts/workers/search-math\.js\?worker=search\.[0-9a-f]+\.min\.js",
                        config["search"]), config["search"]
