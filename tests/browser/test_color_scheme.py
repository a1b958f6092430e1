"""The page's root follows the palette's colour scheme (scrollbars and the canvas are dark in
the dark palette) from the site's stylesheet, not from a <meta name="color-scheme">, which the
build keeps out of the page (sitebuild/theme_patches.py): adding one restyles every element."""

import pytest
from pageread import MOBILE
from visits import settle

ROOT_SCHEME = "getComputedStyle(document.documentElement).colorScheme"
METAS = "document.querySelectorAll('meta[name=color-scheme]').length"


@pytest.mark.parametrize("palette, scheme", [("light", "normal"), ("dark", "dark")])
def test_the_root_follows_the_palette_and_no_meta_is_added(server, new_page, palette, scheme):
    page, watch = new_page(palette=palette, viewport=MOBILE)
    page.goto(server.url + "derivative/", wait_until="load")
    settle(page, watch)
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=10_000)
    assert (page.evaluate(ROOT_SCHEME), page.evaluate(METAS)) == (scheme, 0)
    # The toggle switches it, both ways.
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    page.wait_for_function(f"{ROOT_SCHEME} !== '{scheme}'", timeout=10_000)
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    page.wait_for_function(f"{ROOT_SCHEME} === '{scheme}'", timeout=10_000)
    assert page.evaluate(METAS) == 0 and watch.errors == []
    page.context.close()
