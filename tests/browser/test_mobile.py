"""Every page on a 375 px wide phone, in both palettes: nothing widens the page (display formulas
fit the column: tests/browser/test_formulas_fit.py). Screenshots (make screenshots): screenshots/PAGE-mobile-PALETTE.png
(taken on the visit, visits.py)."""

import pytest
from pageread import MOBILE, SCHEMES


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_horizontal_overflow(page_path, palette, visits):
    phone = visits(page_path, f"phone-{palette}")
    assert phone.scheme == SCHEMES[palette]
    # Compared with the set width: a mobile browser may zoom out to fit a too-wide page.
    assert phone.page_width <= MOBILE["width"]
    assert (phone.watch.errors, phone.watch.failed) == ([], [])
