"""Colours, fonts, sizes and axes styling shared by every figure, for the light and the dark palette.
Backgrounds stay transparent: the page supplies them.

Sizes are for the page's content column, measured in Chromium (Material 9, this site's CSS):
688 CSS px wide at a 1280 px window, 343 px at 375 px (the window less 16 px each side, for
every window below 960 px). A figure is drawn twice: WIDE for desktop, shown at its own width
(1 pt = 1 CSS px) wherever the column holds it, and NARROW for windows below NARROW_BELOW_PX,
also shown at 1:1 on a 375 px phone. So a glyph of 11 pt reads as 11 px on both, and every
glyph, a superscript or a prime too (mathtext draws them at 0.7 of the size), stays >= 11 px.
"""

import matplotlib

COLUMN_PX = {1280: 688, 375: 343}  # the content column's width per window width (Chromium)
PHONE_GUTTER_PX = 32  # window minus column below 960 px
WIDE_PT = 576  # 8 in: fits every column from a 608 px window up (the smallest is 686 px at 960)
NARROW_PT = 343  # the 375 px phone's column
NARROW_BELOW_PX = WIDE_PT + PHONE_GUTTER_PX  # windows narrower than this get the narrow variant
MIN_TEXT_PX = 11

# Font sizes in pt (= CSS px at 1:1). Math labels carry primes and superscripts at 0.7 of the
# size, so they are set at TEXT: 0.7 * 16 = 11.2.
TEXT = 16
TICKS = 13

# Math in Computer Modern like the page's KaTeX; other text in DejaVu Sans, a plain sans close
# to the page's system font (and shipped with matplotlib: no font is fetched, builds repeat).
RC = {
    "font.family": "DejaVu Sans",
    "font.size": TEXT,
    "mathtext.fontset": "cm",
    "axes.labelsize": TEXT,
    "axes.titlesize": TEXT,
    "legend.fontsize": TEXT,
    "xtick.labelsize": TICKS,
    "ytick.labelsize": TICKS,
    "svg.fonttype": "path",
}

# Okabe & Ito's colour-blind-safe hues (https://jfly.uni-koeln.de/color/): blue, vermillion,
# bluish green, reddish purple, each at the lightness that keeps every pair apart under
# simulated colour blindness and 3:1 contrast on the page's background (Material's white, and
# its slate hsl(232, 15%, 14%)).
# tests/test_palette.py checks contrast and the pairs' difference under simulated
# deuteranopia, protanopia and tritanopia.
THEMES = {
    "light": {"text": "#1f2328", "grid": "#d0d7de", "background": "#ffffff",
              "colors": ["#0094e7", "#d55e00", "#006f51", "#cc79a7"]},
    "dark": {"text": "#e6edf3", "grid": "#3d444d", "background": "#1e2129",
             "colors": ["#0083cd", "#d55e00", "#00cd96", "#c36198"]},
}


def size(layout, height_pt):
    """(width, height) in inches for the "wide" or "narrow" variant."""
    return ((WIDE_PT if layout == "wide" else NARROW_PT) / 72, height_pt / 72)


def style(fig, axes, theme, labelsize=TICKS, grid_width=0.6):
    text = THEMES[theme]["text"]
    fig.patch.set_alpha(0)
    for ax in axes:
        ax.set_facecolor("none")
        for spine in ax.spines.values():
            spine.set_color(text)
        ax.tick_params(colors=text, labelsize=labelsize)
        ax.xaxis.label.set_color(text)
        ax.yaxis.label.set_color(text)
        ax.title.set_color(text)
        ax.grid(True, color=THEMES[theme]["grid"], linewidth=grid_width)
        ax.set_axisbelow(True)


def legend(ax, theme, fontsize=TEXT, **kw):
    box = ax.legend(frameon=False, fontsize=fontsize, **kw)
    for text in box.get_texts():
        text.set_color(THEMES[theme]["text"])
    return box


matplotlib.rcParams.update(RC)  # every figure module imports this one: one look everywhere
