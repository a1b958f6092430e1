"""Figures for the floating-point page: each a function of theme ("light" or "dark") returning a Figure.

Both are float64 and deterministic. Every data line has a gid saying what it plots
("log10_ds", "log10_value:FORM", "zero_lane:FORM", "nan_lane:FORM", "ulp_bins:FORM"), so tests
can check the data against an independent evaluation.
"""

import functools

import matplotlib.ticker
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sigmoid import plotstyle
from sigmoid.floating_point import FORMS, RECOMMENDED, reference, ulp_error

THEMES = {
    "light": {
        **plotstyle.THEMES["light"], "exact": "#8c959f", "nan": "#d1242f", "band": "#eaeef2",
        "forms": {"quotient": "#0b5cad", "positive": "#b35c00", "product": "#d55e00",
                  "symmetric": "#8250df", "abs": "#0e7c86", "sech": "#bf3989", "recommended": "#1f2328"},
    },
    "dark": {
        **plotstyle.THEMES["dark"], "exact": "#8b949e", "nan": "#ff7b72", "band": "#2d333b",
        "forms": {"quotient": "#79b8ff", "positive": "#ffa657", "product": "#d55e00",
                  "symmetric": "#d2a8ff", "abs": "#56d4dd", "sech": "#ff9bce", "recommended": "#e6edf3"},
    },
}

STYLES = {"quotient": "-", "positive": (0, (5, 2)), "product": "-", "symmetric": (0, (1, 1.5)),
          "abs": (0, (3, 1, 1, 1)), "sech": (0, (6, 2, 1, 2)), "recommended": "-"}


def _forms():
    return {**{k: (lab, f) for k, (lab, _, f) in FORMS.items()}, "recommended": (RECOMMENDED[0], RECOMMENDED[2])}


def _style(fig, axes, theme):
    plotstyle.style(fig, axes, theme, grid_width=0.5)


def _legend(owner, theme, **kw):
    """A legend on an axes or, placed "outside ...", on the figure."""
    return plotstyle.legend(owner, theme, fontsize=plotstyle.TICKS, **kw)


# --- (a) ULP error against x ---

BIN, XMAX, PER_BIN = 1.0, 40.0, 48
ZERO_AT = 0.01  # where an exact bin (error 0) is drawn on the log axis, apart from 1

ULP_ERROR_ALT = (
    "Log-scale plot of the largest error in units in the last place (ULP) of each float64 form of "
    f"s'(x), in bins of width {BIN:g} for x from {-XMAX:g} to {XMAX:g}. The recommended form and "
    "the quotient, positive-exponent, symmetric, absolute-value and sech forms stay within a few "
    "ULP everywhere, while the product s(1-s) climbs steadily for positive x, by a factor of "
    "about e per unit of x, until it returns 0 and its error is the whole value."
)


@functools.cache
def _binned_errors():
    xs = np.linspace(-XMAX, XMAX, int(2 * XMAX / BIN) * PER_BIN + 1)
    centers = np.arange(-XMAX + BIN / 2, XMAX, BIN)
    which = np.minimum(((xs + XMAX) // BIN).astype(int), len(centers) - 1)
    out = {}
    for key, (_, fn) in _forms().items():
        err = ulp_error(fn, xs, np.float64)
        out[key] = np.array([err[which == i].max() for i in range(len(centers))])
    return centers, out


def ulp_error_figure(theme, layout="wide"):
    c = THEMES[theme]
    narrow = layout == "narrow"
    centers, errs = _binned_errors()
    fig = Figure(figsize=plotstyle.size(layout, 430 if not narrow else 560), layout="constrained")
    ax = fig.add_subplot()
    for key, (label, _) in _forms().items():
        top = key == "recommended"
        ax.plot(centers, np.maximum(errs[key], ZERO_AT), drawstyle="steps-mid", label=label, gid=f"ulp_bins:{key}",
                color=c["forms"][key], linestyle=STYLES[key], linewidth=2.6 if top else 1.8,
                zorder=3 if top else 2)
    ax.set_yscale("log")
    ax.set_ylim(ZERO_AT / 1.5, 1e17)
    exponents = [3, 6, 9, 12, 15] if not narrow else [4, 8, 12, 16]
    ticks = [ZERO_AT, 1, *(10.0 ** k for k in exponents)]
    ax.set_yticks(ticks, ["0", "1", *(f"$10^{{{k}}}$" for k in exponents)])
    ax.minorticks_off()
    ax.set_xlim(-XMAX, XMAX)
    ax.set_xticks([-40, -20, 0, 20, 40])
    ax.set_xlabel("$x$")
    ax.set_ylabel("max error of $s'$ (ULP)")
    _style(fig, [ax], theme)
    ax.tick_params(axis="y", labelsize=plotstyle.TEXT)  # superscripts at 0.7 of this
    _legend(fig, theme, loc="outside lower center", ncols=2, handlelength=2.2, columnspacing=1.0,
            labelspacing=0.25)
    return fig


# --- (b) where each form fails: one strip per form over x, log |x| ---

XWIDE = 1000.0
FAILURES = {  # kind: (legend, palette colour index)
    "zero": ("returns 0", 0),
    "nan": ("returns NaN", 1),
    "inaccurate": ("off by more than 1 %", 3),
}
INACCURATE = 0.01  # relative error beyond which a nonzero value counts as lost

COLLAPSE_ALT = (
    f"One strip per float64 form of s'(x), for x from {-XWIDE:g} to {XWIDE:g} on an axis that is "
    "logarithmic in |x| on both sides of 0. Each strip is coloured where the form fails: where it "
    "returns 0 although s'(x) is not 0 in float64, where it returns NaN, and where it is off by "
    "more than 1 percent. The quotient form returns 0 and then NaN for large negative x, the "
    "positive-exponent form for large positive x; the product s(1-s) drifts and then returns 0 "
    "once s rounds to 1, from about x = 37; the symmetric and sech forms return 0 once exp "
    "overflows, in both directions; the absolute-value and recommended forms never fail. Dotted "
    "lines mark where the exact s'(x) itself rounds to 0. The table above gives each threshold "
    "exactly."
)


@functools.cache
def _collapse_data():
    """x (symmetric, dense in log |x|), the correctly rounded s', and each form's failures."""
    half = np.geomspace(1.0, XWIDE, 1200)
    xs = np.concatenate([-half[::-1], half])
    exact = reference("ds", xs, np.float64)
    failures = {}
    with np.errstate(all="ignore"):
        for key, (_, fn) in _forms().items():
            y = np.asarray(fn(xs), dtype=np.float64)
            failures[key] = {
                "nan": np.isnan(y),
                "zero": (y == 0) & (exact != 0),
                "inaccurate": (y != 0) & ~np.isnan(y) & (np.abs(y - exact) > INACCURATE * exact),
            }
    return xs, exact, failures


def _signed_log_ticks(ax, layout):
    ticks = [-1000, -100, -10, 10, 100, 1000] if layout == "wide" else [-1000, -100, 100, 1000]
    ax.set_xticks(ticks, [f"{t:g}".replace("-", "−") for t in ticks])
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())


def collapse_figure(theme, layout="wide"):
    c = THEMES[theme]
    xs, exact, failures = _collapse_data()
    forms = _forms()
    narrow = layout == "narrow"
    fig = Figure(figsize=plotstyle.size(layout, 380 if not narrow else 470), layout="constrained")
    ax = fig.add_subplot()
    _style(fig, [ax], theme)
    ax.grid(False)
    ax.grid(True, axis="x", color=c["grid"], linewidth=0.5)
    rows = list(forms)
    for row, key in enumerate(rows):
        y = len(rows) - 1 - row
        ax.plot(xs, np.full_like(xs, y), color=c["grid"], linewidth=2, solid_capstyle="butt", zorder=1)
        for kind, (_, colour) in FAILURES.items():
            mask = failures[key][kind]
            if mask.any():  # a thick line broken by NaN: one path per run, small SVGs
                ax.plot(xs, np.where(mask, y, np.nan), color=c["colors"][colour], linewidth=11 if narrow else 13,
                        solid_capstyle="butt", zorder=2, gid=f"{kind}:{key}")
    gone = np.abs(xs[exact == 0]).min()  # where the exact s' itself rounds to 0
    for sign in (-1, 1):
        ax.axvline(sign * gone, color=c["text"], linewidth=1, linestyle=":", zorder=3, gid="exact_zero")
    ax.set_xscale("symlog", linthresh=10, linscale=0.25)
    ax.set_xlim(-XWIDE, XWIDE)
    _signed_log_ticks(ax, layout)
    names = {key: (key if narrow else label) for key, (label, _) in forms.items()}
    names["abs"] = "|x|" if narrow else names["abs"]
    ax.set_yticks(range(len(rows)), [names[k] for k in reversed(rows)])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlabel("$x$ (log scale of $|x|$)")
    handles = [Line2D([], [], color=c["colors"][colour], linewidth=8, label=label)
               for label, colour in FAILURES.values()]
    handles.append(Line2D([], [], color=c["text"], linewidth=1, linestyle=":", label="exact s′ rounds to 0"))
    _legend(fig, theme, handles=handles, loc="outside upper center", ncols=1 if narrow else 2,
            handlelength=1.5, columnspacing=1.2, labelspacing=0.25)
    return fig
