"""The figures as Chromium lays them out: the column is as wide as tests/test_figure_text.py
assumes, each figure shows exactly one variant (its palette's, its width's) at the width the
glyph-size test computes with, and the browser fetched no other variant. Read on the pages'
first visits at 1280 px and on a 375 px phone (visits.py)."""

import re

import pytest
from pageread import DESKTOP, MOBILE
from sigmoid import plotstyle
from site_pages import page_id
from sitebuild import generate
from test_figure_text import COLUMN_PX, rendered_width, variant_at

PAGES = ["derivative/", "properties/", "floating-point/", "tanh/"]
STATIC = [f for f in generate.all_figures() if f.name != "explorer"]  # the explorer's script replaces its image
NARROWED = {f.name for f in generate.all_figures() if f.narrow}

@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280", "375"])
@pytest.mark.parametrize("figure_page", PAGES, ids=[page_id(p) for p in PAGES])
def test_each_figure_shows_one_variant_at_the_width_the_text_test_assumes(figure_page, viewport, palette,
                                                                          visits):
    # The visit's read_page scrolls nothing, but makes every shown image load, as a reader's scrolling would.
    loaded = visits(figure_page, f"{'desktop' if viewport == DESKTOP else 'phone'}-{palette}")
    state, fetched, watch = loaded.figures, loaded.figure_requests, loaded.watch
    window = viewport["width"]
    assert state["column"] == pytest.approx(COLUMN_PX[window], abs=0.5)
    expected = []
    for found in state["figures"]:
        figure = next((f for f in STATIC if f"figure-{f.name}" == found["id"]), None)
        if figure is None:
            continue
        layout = variant_at(figure, window)
        name = generate.figure_file(figure.name, layout, palette)
        (shown,) = found["shown"]  # one image per figure
        assert shown["src"].endswith(f"/figures/{name}#only-{palette}")
        width = rendered_width(figure, layout, shown["svgWidth"], window)
        assert shown["width"] == pytest.approx(width, abs=0.5), figure.name
        expected.append(name)
    assert expected, "no figure on the page"
    assert set(expected) <= set(fetched)
    # Never the other width's variant. (The first screen's images of the other palette may come
    # on a first visit: Material sets the palette from the OS preference in a script, which
    # can lose a race with the first layout; so it is on main, and not checked here.)
    narrow = window < plotstyle.NARROW_BELOW_PX
    names = {f: re.sub(r"(-narrow)?-(light|dark)\.svg$", "", f) for f in fetched}
    assert [f for f in fetched if names[f] in NARROWED and ("-narrow-" in f) != narrow] == []
    assert (watch.errors, watch.failed) == ([], [])
