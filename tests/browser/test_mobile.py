"""Every page on a 375 px wide phone: nothing widens the page; long equations scroll inside
their own box."""

from types import SimpleNamespace

import pytest
from pageread import MOBILE, page_id, read_page

# Per display equation: its overflow-x style and whether it is wider than its box.
EQUATIONS = """() => [...document.querySelectorAll('.math-display')].map((box, index) => ({
  index, overflowX: getComputedStyle(box).overflowX, wide: box.scrollWidth > box.clientWidth + 1}))"""


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


def test_long_equations_scroll_in_their_box(phone):
    # Exercises and solutions are collapsed (<details>): open them, their equations count too.
    phone.page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")
    equations = phone.page.evaluate(EQUATIONS)
    assert [e for e in equations if e["overflowX"] not in ("auto", "scroll")] == []
    for equation in (e for e in equations if e["wide"]):
        box = phone.page.locator(".math-display").nth(equation["index"])
        box.scroll_into_view_if_needed()
        box.hover()
        phone.page.mouse.wheel(200, 0)  # a reader's horizontal scroll, not a scripted one
        phone.page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle(), timeout=3000)
        assert phone.page.evaluate("window.scrollX") == 0
        assert page_width(phone.page) <= MOBILE["width"]


def test_derivation_has_an_equation_wider_than_a_phone(server, new_page):
    """Guards the test above: the aligned derivation must really be wider than 375 px, or
    the scrolling would be checked on nothing."""
    page, _ = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    page.goto(server.url + "derivative/", wait_until="networkidle")
    read_page(page)
    assert any(e["wide"] for e in page.evaluate(EQUATIONS))
    page.context.close()
