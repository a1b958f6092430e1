"""Every display formula fits its page's column, with no sideways scrolling: on a 375 px phone
(where a derivation too wide shows its narrow layout, sitebuild/mathcheck/narrow.py), on the
narrowest screen that shows the wide layout, and where the table of contents takes room."""

import pytest
from pageread import MOBILE, read_page
from visits import FORMULAS, settle

# A phone; the narrowest screen with the wide layout (site.css, Material's 45em breakpoint);
# the narrowest with the table of contents beside the text (60em).
WIDTHS = [MOBILE["width"], 720, 960]
NARROW = 719  # the widest screen with the narrow layout

WIDE_EVERYWHERE = ".katex-display.math-wide { display: block !important }" \
                  ".katex-display.math-narrow { display: none !important }"
VIEW = {MOBILE["width"]: "phone-light", 720: "720-light", 960: "960-light"}  # visits.py


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def screen(request, page_path, visits):
    return visits(page_path, VIEW[request.param])


def test_the_page_is_laid_out_at_the_screen_width(screen):
    """The 720 and 960 px views are the desktop visit narrowed (visits.py): the page must have been
    laid out anew at that width, or the tests below would read the 1280 px layout."""
    assert screen.page_width == screen.width


def test_every_display_formula_fits_the_column(screen):
    assert [f["tex"] for f in screen.formulas if f["scrolls"] or f["outside"]] == []


def test_one_layout_shows_and_the_right_one(screen):
    assert [f["tex"] for f in screen.formulas if f["shown"] != 1] == []  # the other is display: none
    expected = "narrow" if screen.width <= NARROW else "wide"
    assert [f["tex"] for f in screen.formulas if f["layouts"] == 2 and f["variant"] != expected] == []


def test_the_wide_layout_would_not_fit_a_phone(server, new_page):
    """Guards the test above: on a phone, the derivations' wide layout would scroll sideways."""
    page, watch = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto(server.url + "derivative/", wait_until="load")
    settle(page, watch)
    read_page(page)
    assert all(not f["scrolls"] for f in page.evaluate(FORMULAS))
    page.add_style_tag(content=WIDE_EVERYWHERE)
    assert sum(f["scrolls"] for f in page.evaluate(FORMULAS)) >= 2
    page.context.close()
