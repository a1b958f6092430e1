"""Instant navigation (navigation.instant): pages are swapped in without a reload, and the
swapped-in math and figures must render just as on a fresh load."""

import re

from pageread import DESKTOP, image_problems, math_problems, read_page
from playwright.sync_api import expect


def test_instant_navigation_there_and_back(server, new_page):
    page, watch = new_page(palette="light", viewport=DESKTOP)
    page.goto(server.url, wait_until="networkidle")
    page.evaluate("window.notReloaded = true")  # survives only if no full page load happens

    # Material turns hrefs absolute at runtime, so match the end.
    page.locator('.md-content a[href$="/derivative/"]').first.click()
    page.wait_for_url(server.url + "derivative/")  # the URL may change before the content
    expect(page.locator(".md-content h1")).to_have_text(re.compile("^Derivative of the sigmoid"))
    page.wait_for_load_state("networkidle")
    state = read_page(page)
    assert page.evaluate("window.notReloaded === true"), "the link caused a full page load"
    assert state["katexCount"] > 0 and math_problems(state) == []
    assert state["images"] and image_problems(state) == []
    light = [i for i in state["images"] if "#only-light" in i["src"]]
    wide = [i["src"] for i in light if "-narrow-" not in i["src"]]  # a desktop shows the wide figures
    assert wide and [i["src"] for i in light if (i["src"] in wide) != i["shown"]] == []

    page.locator("a.md-header__button.md-logo").click()  # the header's logo links back home
    page.wait_for_url(server.url)
    expect(page.locator(".md-content h1")).to_have_text(re.compile("^The derivative of the sigmoid"))
    page.wait_for_load_state("networkidle")
    state = read_page(page)
    assert page.evaluate("window.notReloaded === true"), "the link caused a full page load"
    assert state["katexCount"] > 0 and math_problems(state) == []
    assert image_problems(state) == []
    assert (watch.errors, watch.failed, watch.foreign) == ([], [], [])
    page.context.close()
