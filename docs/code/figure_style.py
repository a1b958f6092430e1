"""The site's figure style in plain matplotlib: colours for the light and the dark palette,
fonts and sizes. The site's figures (scripts/sigmoid/plotstyle.py) take it from here, and the
companion notebooks include the section between the markers, so a downloaded notebook draws
like the site with nothing but NumPy and matplotlib.
"""

# --8<-- [start:notebook]
import matplotlib as mpl

# Okabe & Ito's colour-blind-safe hues (https://jfly.uni-koeln.de/color/): blue, vermillion,
# bluish green, reddish purple, at lightnesses that keep every pair apart for colour-blind
# readers and stand out from the page (white, or Material's dark slate).
PALETTES = {
    "light": {"text": "#1f2328", "grid": "#d0d7de", "background": "#ffffff",
              "colors": ["#0094e7", "#d55e00", "#006f51", "#cc79a7"]},
    "dark": {"text": "#e6edf3", "grid": "#3d444d", "background": "#1e2129",
             "colors": ["#0083cd", "#d55e00", "#00cd96", "#c36198"]},
}
TEXT_PT, TICKS_PT = 16, 13  # labels with math (primes at 0.7 of the size), and tick numbers
# Math like the page's KaTeX (Computer Modern); text in DejaVu Sans, a plain sans close to the
# page's system font, shipped with matplotlib.
FONTS = {
    "font.family": "DejaVu Sans", "mathtext.fontset": "cm", "font.size": TEXT_PT,
    "axes.labelsize": TEXT_PT, "axes.titlesize": TEXT_PT, "legend.fontsize": TEXT_PT,
    "xtick.labelsize": TICKS_PT, "ytick.labelsize": TICKS_PT,
}
NOTEBOOK_FIGSIZE = (4.0, 3.3)  # inches: a notebook output is 300 px wide on a 375 px phone


def use_site_style(theme="light"):
    """The site's fonts, transparent backgrounds, and the palette's colours."""
    palette = PALETTES[theme]
    mpl.rcParams.update({
        **FONTS, "legend.frameon": False, "figure.figsize": NOTEBOOK_FIGSIZE,
        "figure.dpi": 144,  # sharp on high-density screens (the site shows it at 72 per inch)
        "figure.facecolor": "none", "axes.facecolor": "none", "savefig.transparent": True,
        "text.color": palette["text"], "axes.labelcolor": palette["text"],
        "axes.edgecolor": palette["text"], "xtick.color": palette["text"],
        "ytick.color": palette["text"], "axes.grid": True, "grid.color": palette["grid"],
        "axes.axisbelow": True, "lines.linewidth": 2.5,
        "axes.prop_cycle": mpl.cycler(color=palette["colors"]),
    })

# --8<-- [end:notebook]
