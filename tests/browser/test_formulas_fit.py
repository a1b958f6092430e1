"""Every display formula fits its page's column, with no sideways scrolling: on a 375 px phone
(where a derivation too wide shows its narrow layout, sitebuild/mathcheck/narrow.py), on the
narrowest screen that shows the wide layout, and where the table of contents takes room."""

from types import SimpleNamespace

import pytest
from pageread import MOBILE, read_page

# A phone; the narrowest screen with the wide layout (site.css, Material's 45em breakpoint);
# the narrowest with the table of contents beside the text (60em).
WIDTHS = [MOBILE["width"], 720, 960]
NARROW = 719  # the widest screen with the narrow layout

# Per visible display formula: how many of its layouts show, which, its TeX, and whether it
# scrolls sideways (its box narrower than its formula) or reaches out of the text column.
FORMULAS = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  return [...document.querySelectorAll('.math-display')].filter(box => box.checkVisibility()).map(box => {
    const shown = [...box.querySelectorAll(':scope > .katex-display')]
      .filter(k => getComputedStyle(k).display !== 'none');
    const formula = (shown[0] || box).querySelector('.katex-html').getBoundingClientRect();
    const boxRect = box.getBoundingClientRect();
    return {
      shown: shown.length,
      variant: shown.length ? (shown[0].className.match(/math-(wide|narrow)/) || [, 'only'])[1] : null,
      layouts: box.querySelectorAll(':scope > .katex-display').length,
      tex: (box.querySelector('annotation') || {}).textContent.replace(/\\s+/g, ' ').slice(0, 80),
      scrolls: box.scrollWidth > box.clientWidth,
      outside: Math.min(boxRect.left, formula.left) < column.left - 0.5 ||
               Math.max(boxRect.right, formula.right) > column.right + 0.5,
    };
  });
}"""
WIDE_EVERYWHERE = ".katex-display.math-wide { display: block !important }" \
                  ".katex-display.math-narrow { display: none !important }"


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def screen(request, page_path, server, new_page):
    width = request.param
    page, _ = new_page(viewport={"width": width, "height": MOBILE["height"]}, is_mobile=width == MOBILE["width"],
                       has_touch=width == MOBILE["width"])
    page.goto(server.url + page_path, wait_until="networkidle")
    read_page(page)  # waits (bounded) for fonts and images, which set the final widths
    yield SimpleNamespace(page=page, width=width, formulas=page.evaluate(FORMULAS))
    page.context.close()


def test_every_display_formula_fits_the_column(screen):
    assert [f["tex"] for f in screen.formulas if f["scrolls"] or f["outside"]] == []


def test_one_layout_shows_and_the_right_one(screen):
    assert [f["tex"] for f in screen.formulas if f["shown"] != 1] == []  # the other is display: none
    expected = "narrow" if screen.width <= NARROW else "wide"
    assert [f["tex"] for f in screen.formulas if f["layouts"] == 2 and f["variant"] != expected] == []


def test_the_wide_layout_would_not_fit_a_phone(server, new_page):
    """Guards the test above: on a phone, the derivations' wide layout would scroll sideways."""
    page, _ = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto(server.url + "derivative/", wait_until="networkidle")
    read_page(page)
    assert all(not f["scrolls"] for f in page.evaluate(FORMULAS))
    page.add_style_tag(content=WIDE_EVERYWHERE)
    assert sum(f["scrolls"] for f in page.evaluate(FORMULAS)) >= 2
    page.context.close()
