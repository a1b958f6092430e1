"""What the reader sees is what is checked: every formula in the built HTML is read back from
KaTeX's own TeX annotation and every claim is checked again, with no cache in between."""

import dataclasses

import pytest
from conftest import SITE
from site_pages import math_page
from sitebuild.mathcheck import prove


def formulas(soup):
    for katex in soup.select(".katex"):
        annotation = katex.select_one('annotation[encoding="application/x-tex"]')
        classes = (katex.parent.get("class") or []) if katex.parent is not None else []
        yield annotation.get_text(), "katex-display" in classes, "math-narrow" in classes


def copy(state):
    """The page's definitions so far, to read one formula from without changing them."""
    return dataclasses.replace(state, **{name: dict(value) for name, value in vars(state).items()
                                         if isinstance(value, dict)})


def test_no_raw_math_left(pages):
    for path, soup in pages.items():
        assert not soup.select(".arithmatex"), f"{path}: unrendered math"
        assert not soup.select(".katex-error"), f"{path}: KaTeX error"


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
        for tag in soup.select("script[src], link[href], img[src]"):
            url = tag.get("src") or tag.get("href")
            assert not url.startswith(("http://", "https://", "//")) or tag.name == "link" and \
                tag.get("rel") == ["canonical"], f"{path} loads {url} from another host"
