"""Every glyph of every figure reads at 11 CSS px or more, on a 375 px phone and at 1280 px.

Matplotlib draws text as paths: a text group carries `scale(k -k)` with k = font size / 100 pt
(matplotlib's text-to-path unit), and a mathtext superscript or prime inside it a further
`scale(f)`. A glyph's size on screen is that size in pt times the figure's rendered width over
its SVG width (the SVG's user unit is 1 pt). The SVGs read are the ones the built site publishes
(a clean build's are the code's: test_build_errors.py), not drawn again here.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from sigmoid import figures, plotstyle
from sitebuild import ROOT, generate

MIN_PX = 11
# The content column in CSS px, measured in Chromium on the built site (the width of
# `.md-content .md-typeset` on the derivative page): 688 at a 1280 px window, 343 at 375 px,
# the window less 32 px below 960 px (e.g. 576 at 608), and never narrower than 686 from 960 up.
COLUMN_PX = {1280: 688, 375: 343}
GUTTER_BELOW_960_PX = 32
# The explorer's box is the column's full width on every screen (site.css:
# `.md-typeset .explorer figure > img { width: 100% }`); other images keep their width attribute
# (Material's `max-width: 100%` shrinks them to the column when it is narrower).
FULL_WIDTH = {"explorer"}

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
TEXT_SCALE = re.compile(r"scale\(([\d.]+) -\1\)")
USE_SCALE = re.compile(r"scale\(([\d.]+)\)")


def glyph_sizes_pt(svg):
    """(svg width in pt, [size in pt of every glyph drawn])."""
    root = ET.fromstring(svg)
    assert next(root.iter(f"{SVG}text"), None) is None, "text drawn as <text>, not paths: sizes unknown"
    width = float(root.get("width").removesuffix("pt"))
    sizes = []
    for group in root.iter(f"{SVG}g"):
        m = TEXT_SCALE.search(group.get("transform", ""))
        if not m:
            continue
        for use in group.iter(f"{SVG}use"):
            inner = USE_SCALE.search(use.get("transform", ""))
            sizes.append(float(m[1]) * 100 * (float(inner[1]) if inner else 1.0))
    return width, sizes


def rendered_width(figure, layout, svg_width, window):
    column = COLUMN_PX[window]
    return column if figure.name in FULL_WIDTH else min(svg_width, column)


def variant_at(figure, window):
    return "narrow" if figure.narrow and window < plotstyle.NARROW_BELOW_PX else "wide"


def published(site, figure, theme, layout):
    """The SVG the site shows for that variant."""
    return (site / "figures" / generate.figure_file(figure.name, layout, theme)).read_text()


def smallest_px(site, figure, theme, window):
    layout = variant_at(figure, window)
    width, sizes = glyph_sizes_pt(published(site, figure, theme, layout))
    assert sizes, f"{figure.name}: no text found"
    return min(sizes) * rendered_width(figure, layout, width, window) / width


@pytest.mark.parametrize("window", sorted(COLUMN_PX))
@pytest.mark.parametrize("figure", generate.all_figures(), ids=lambda f: f.name)
def test_every_glyph_reads_at_11_px(site, figure, window):
    px = smallest_px(site, figure, "light", window)
    assert px >= MIN_PX, f"{figure.name} at a {window} px window: smallest glyph {px:.1f} px"


def test_the_wide_variant_fits_every_window_that_gets_it():
    """From NARROW_BELOW_PX up the wide variant shows at 1:1: the narrowest column there is the
    window less the gutter at NARROW_BELOW_PX, or 686 px at 960 px (measured)."""
    narrowest = min(plotstyle.NARROW_BELOW_PX - GUTTER_BELOW_960_PX, 686)
    assert plotstyle.WIDE_PT <= narrowest
    assert plotstyle.NARROW_PT <= COLUMN_PX[375] < plotstyle.NARROW_BELOW_PX <= 1280


def test_the_measure_sees_superscripts():
    """The measure counts a prime at 0.7 of its label's size (so it can fail)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.set_axis_off()
    ax.text(0, 0, "$s'(x)$", fontsize=10)
    _, sizes = glyph_sizes_pt(generate.render_svg(fig))
    assert min(sizes) == pytest.approx(7.0) and max(sizes) == pytest.approx(10.0)


def test_snippet_and_stylesheet_serve_the_narrow_variant_below_the_breakpoint_only():
    figure = next(f for f in figures.FIGURES if f.narrow)
    text = generate.figure_snippet(figure, {"wide": (576, 300), "narrow": (343, 360)})
    assert text.count("loading=lazy") == 4
    assert f"figures/{figure.name}-narrow-light.svg#only-light)" in text
    assert f'figures/{figure.name}-dark.svg#only-dark){{ width="576" height="300" loading=lazy .figure-wide }}' in text
    css = (ROOT / "docs" / "stylesheets" / "site.css").read_text()
    below, at = plotstyle.NARROW_BELOW_PX - 0.02, plotstyle.NARROW_BELOW_PX
    hide = r"{{\s*\.md-typeset \.figure-{} {{ display: none; }}"
    assert re.search(rf"@media screen and \(max-width: {below:g}px\) " + hide.format("wide"), css)
    assert re.search(rf"@media screen and \(min-width: {at}px\) " + hide.format("narrow"), css)
