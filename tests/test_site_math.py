"""What the reader sees is what is checked: every formula in the built HTML is read back from
KaTeX's own TeX annotation and every claim is checked again, with no cache in between."""

import dataclasses
import re

import pytest
from conftest import SITE
from site_pages import math_page, with_class
from sitebuild.mathcheck import prove


def formulas(soup):
    """(TeX, display, narrow) of every formula the page checked: one its author marked as not
    checked shows the mark instead (tests/test_audit.py), and is not read here."""
    for katex in with_class(soup, "katex"):
        marked = katex.find_parent(class_="math-marked")
        if marked is not None and marked.find(class_="math-mark-unchecked", recursive=False):
            continue
        annotation = katex.select_one('annotation[encoding="application/x-tex"]')
        classes = (katex.parent.get("class") or []) if katex.parent is not None else []
        yield annotation.get_text(), "katex-display" in classes, "math-narrow" in classes


def copy(state):
    """The page's definitions so far, to read one formula from without changing them."""
    return dataclasses.replace(state, **{name: dict(value) for name, value in vars(state).items()
                                         if isinstance(value, dict)})


def test_no_raw_math_left(pages):
    for path, soup in pages.items():
        assert not with_class(soup, "arithmatex"), f"{path}: unrendered math"
        assert not with_class(soup, "katex-error"), f"{path}: KaTeX error"


def test_every_topic_page_has_checked_math(pages):
    for page in ("derivative/index.html", "forms/index.html", "questions/index.html", "properties/index.html"):
        claims = [tex for tex, display, _ in formulas(pages[page]) if prove.is_claim(tex, display)]
        assert len(claims) >= 3, page


@pytest.mark.parametrize("page", sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html")))
def test_rendered_claims_hold(pages, page):
    state = before = math_page()  # read in page order: a definition holds for the formulas after it
    for tex, display, narrow in formulas(pages[page]):
        if narrow:  # the phone layout of the formula just read: read from where its wide twin was
            assert prove.check(tex, copy(before), display) == [], f"{page}: {tex}"
            continue
        before = copy(state)
        assert prove.check(tex, state, display) == [], f"{page}: {tex}"


def test_katex_is_self_hosted(site, pages):
    css = site / "assets" / "katex" / "katex.min.css"
    assert css.exists() and list((site / "assets" / "katex" / "fonts").glob("KaTeX_Main-Regular.woff2"))
    for path, soup in pages.items():
        for tag in soup.find_all(lambda t: t.name in ("script", "link", "img")
                                 and t.has_attr("href" if t.name == "link" else "src")):
            url = tag.get("src") or tag.get("href")
            assert not url.startswith(("http://", "https://", "//")) or tag.name == "link" and \
                tag.get("rel") == ["canonical"], f"{path} loads {url} from another host"


def test_no_line_can_start_with_the_punctuation_after_an_inline_formula(page_sources):
    """A browser may break a line after KaTeX's inline boxes: the formula and the full stop, comma
    or parenthesis after it are kept on one line by a nowrap box around both (page_math.process)."""
    loose = re.compile(r"</katex-formula>(?:<a class=\"math-mark[^\"]*\"[^>]*>.*?</a>)?[.,;:!?)\]]")
    kept = re.compile(r"</katex-formula>[.,;:!?)\]]+</span>")
    found = 0
    for path, text in page_sources.items():
        for m in loose.finditer(text):
            found += 1
            formula = text.rfind('<span class="math-text" hidden>', 0, m.start())  # its search copy first
            opened = text[:formula].endswith('<span class="math-nowrap">')
            assert opened and kept.match(text, m.start()), \
                f"{path}: punctuation after an inline formula can start a line: {text[formula - 30:formula + 60]!r}"
    assert found > 100  # the site has many sentences that end in a formula
