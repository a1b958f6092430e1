"""Every page on a 375 px wide phone: nothing widens the page (display formulas fit the column:
tests/browser/test_formulas_fit.py)."""

from types import SimpleNamespace

import pytest
from pageread import MOBILE, page_id, read_page


@pytest.fixture(scope="module")
def phone(page_path, server, new_page, shots):
    page, watch = new_page(palette="light", viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto(server.url + page_path, wait_until="networkidle")
    read_page(page)  # waits for images and fonts, which set the final widths
    page.screenshot(path=shots / f"{page_id(page_path)}-mobile.png", full_page=True)
    yield SimpleNamespace(page=page, watch=watch, path=page_path)
    page.context.close()


def page_width(page):
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def test_no_horizontal_overflow(phone):
    # Compared with the set width: a mobile browser may zoom out to fit a too-wide page.
    assert page_width(phone.page) <= MOBILE["width"]
    assert (phone.watch.errors, phone.watch.failed) == ([], [])
