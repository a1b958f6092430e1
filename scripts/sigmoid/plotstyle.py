"""Colours, fonts, sizes and axes styling shared by every figure, for the light and the dark palette.
Backgrounds stay transparent: the page supplies them.

Sizes are for the page's content column, measured in Chromium (Material 9, this site's CSS):
688 CSS px wide at a 1280 px window, 343 px at 375 px (the window less 16 px each side, for
every window below 960 px). A figure is drawn twice: WIDE for desktop, shown at its own width
(1 pt = 1 CSS px) wherever the column holds it, and NARROW for windows below NARROW_BELOW_PX,
also shown at 1:1 on a 375 px phone. So a glyph of 11 pt reads as 11 px on both, and every
glyph, a superscript or a prime too (mathtext draws them at 0.7 of the size), stays >= 11 px.
"""

import figure_style
import matplotlib

COLUMN_PX = {1280: 688, 375: 343}  # the content column's width per window width (Chromium)
PHONE_GUTTER_PX = 32  # window minus column below 960 px
WIDE_PT = 576  # 8 in: fits every column from a 608 px window up (the smallest is 686 px at 960)
NARROW_PT = 343  # the 375 px phone's column
NARROW_BELOW_PX = WIDE_PT + PHONE_GUTTER_PX  # windows narrower than this get the narrow variant
MIN_TEXT_PX = 11

# Font sizes in pt (= CSS px at 1:1), colours and fonts: docs/code/figure_style.py, which the
# notebooks include too. Math labels carry primes and superscripts at 0.7 of the size, so they
# are set at TEXT: 0.7 * 16 = 11.2.
TEXT, TICKS = figure_style.TEXT_PT, figure_style.TICKS_PT

RC = {**figure_style.FONTS, "svg.fonttype": "path"}

# Colour-blind safe in both palettes: tests/test_palette.py checks contrast and the pairs'
# difference under simulated deuteranopia, protanopia and tritanopia.
THEMES = figure_style.PALETTES


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


def axes(theme, layout, xlabel="$x$", ylabel=None, height=300):
    """A figure with one styled axes, for the "wide" or "narrow" variant."""
    import matplotlib.pyplot as plt  # here: the figure modules choose the backend before pyplot loads

    fig, ax = plt.subplots(figsize=size(layout, height), layout="constrained")
    style(fig, [ax], theme)
    ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return fig, ax


def note(ax, theme, text, at, xytext, size=TICKS, **kw):
    """A label with a thin leader line to the point it names."""
    colour = THEMES[theme]["text"]
    ax.annotate(text, at, xytext=xytext, color=colour, fontsize=size,
                arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.8, "shrinkB": 4}, **kw)


matplotlib.rcParams.update(RC)  # every figure module imports this one: one look everywhere
