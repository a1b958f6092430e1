"""Every page on a 375 px wide phone, in both palettes: nothing widens the page (display formulas
fit the column: tests/browser/test_formulas_fit.py). Screenshots: screenshots/PAGE-mobile-PALETTE.png."""

from types import SimpleNamespace

import pytest
from pageread import MOBILE, SCHEMES, page_id, read_page


@pytest.fixture(scope="module", params=["light", "dark"])
def phone(request, page_path, server, new_page, shots):
    page, watch = new_page(palette=request.param, viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto(server.url + page_path, wait_until="networkidle")
    read_page(page)  # waits for images and fonts, which set the final widths
    page.screenshot(path=shots / f"{page_id(page_path)}-mobile-{request.param}.png", full_page=True)
    yield SimpleNamespace(page=page, watch=watch, path=page_path, palette=request.param)
    page.context.close()


def page_width(page):
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def test_no_horizontal_overflow(phone):
    assert phone.page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[phone.palette]
    # Compared with the set width: a mobile browser may zoom out to fit a too-wide page.
    assert page_width(phone.page) <= MOBILE["width"]
    assert (phone.watch.errors, phone.watch.failed) == ([], [])
