"""Figures for the floating-point page: each a function of theme ("light" or "dark") returning a Figure.

Both are float64 and deterministic. Every data line has a gid saying what it plots
("log10_ds", "log10_value:FORM", "zero_lane:FORM", "nan_lane:FORM", "ulp_bins:FORM"), so tests
can check the data against an independent evaluation.
"""

import functools

import mpmath
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sigmoid import plotstyle
from sigmoid.floating_point import FORMS, RECOMMENDED, reference, ulp_error

THEMES = {
    "light": {
        **plotstyle.THEMES["light"], "exact": "#8c959f", "nan": "#d1242f", "band": "#eaeef2",
        "forms": {"quotient": "#0b5cad", "positive": "#b35c00", "product": "#1a7f37",
                  "symmetric": "#8250df", "abs": "#0e7c86", "sech": "#bf3989", "recommended": "#1f2328"},
    },
    "dark": {
        **plotstyle.THEMES["dark"], "exact": "#8b949e", "nan": "#ff7b72", "band": "#2d333b",
        "forms": {"quotient": "#79b8ff", "positive": "#ffa657", "product": "#56d364",
                  "symmetric": "#d2a8ff", "abs": "#56d4dd", "sech": "#ff9bce", "recommended": "#e6edf3"},
    },
}

STYLES = {"quotient": "-", "positive": (0, (5, 2)), "product": "-", "symmetric": (0, (1, 1.5)),
          "abs": (0, (3, 1, 1, 1)), "sech": (0, (6, 2, 1, 2)), "recommended": "-"}


def _forms():
    return {**{k: (lab, f) for k, (lab, _, f) in FORMS.items()}, "recommended": (RECOMMENDED[0], RECOMMENDED[2])}


def _style(fig, axes, theme):
    plotstyle.style(fig, axes, theme, labelsize=9, grid_width=0.5)


def _legend(ax, theme, **kw):
    return plotstyle.legend(ax, theme, fontsize=8.5, **kw)


# --- (a) ULP error against x ---

BIN, XMAX, PER_BIN = 1.0, 40.0, 48
ZERO_AT = 0.2  # where an exact bin (error 0) is drawn on the log axis

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


def ulp_error_figure(theme):
    c = THEMES[theme]
    centers, errs = _binned_errors()
    fig = Figure(figsize=(7.5, 4.2), layout="constrained")
    ax = fig.add_subplot()
    for key, (label, _) in _forms().items():
        top = key == "recommended"
        ax.plot(centers, np.maximum(errs[key], ZERO_AT), drawstyle="steps-mid", label=label, gid=f"ulp_bins:{key}",
                color=c["forms"][key], linestyle=STYLES[key], linewidth=2.2 if top else 1.4,
                zorder=3 if top else 2)
    ax.set_yscale("log")
    ax.set_ylim(ZERO_AT / 1.5, 1e17)
    ticks = [ZERO_AT, 1, 10, 1e3, 1e6, 1e9, 1e12, 1e15]
    ax.set_yticks(ticks, ["0", "1", "10", "$10^3$", "$10^6$", "$10^9$", "$10^{12}$", "$10^{15}$"])
    ax.minorticks_off()
    ax.set_xlim(-XMAX, XMAX)
    ax.set_xlabel("x")
    ax.set_ylabel(f"max ULP error of s′ per bin of {BIN:g} (float64)")
    _style(fig, [ax], theme)
    _legend(ax, theme, loc="upper left", ncols=2)
    return fig


# --- (b) s'(x) on a log scale, and where each form collapses ---

XWIDE = 800.0
ZERO_LANE, NAN_LANE = -370.0, 50.0  # y positions (in log10 units) of the "returns 0" and "NaN" lanes

COLLAPSE_ALT = (
    f"Seven small panels, one per float64 form of s'(x), for x from {-XWIDE:g} to {XWIDE:g} with "
    "s'(x) on a log scale down past the smallest float. Each panel shows the exact s'(x) in grey, "
    "a straight tent, and the form's values on top of it; a bottom lane marks where the form "
    "returns 0 and a top lane where it returns NaN. The quotient form returns 0 and then NaN for "
    "large negative x, the positive-exponent form for large positive x; the product s(1-s) "
    "returns 0 once s rounds to 1; the symmetric and sech forms return 0 once exp overflows "
    "in either direction; the absolute-value and recommended forms follow the exact curve into "
    "the subnormal range and return 0 only where the exact value rounds to 0. The table above "
    "gives each threshold exactly."
)


@functools.cache
def _collapse_data():
    xs = np.linspace(-XWIDE, XWIDE, 3201)
    with mpmath.workprec(64):  # exact log10 s'(x), below the float range too
        exact = []
        for x in xs:
            e = mpmath.exp(-abs(mpmath.mpf(float(x))))
            exact.append(float(mpmath.log10(e / (1 + e) ** 2)))
    values = {key: np.asarray(fn(xs)) for key, (_, fn) in _forms().items()}
    exact_zero = reference("ds", xs, np.float64) == 0
    return xs, np.array(exact), values, exact_zero


def _logticks(ax, theme):
    ticks = [NAN_LANE, 0, -100, -200, -300, ZERO_LANE]
    labels = ["NaN", "$10^0$", "$10^{-100}$", "$10^{-200}$", "$10^{-300}$", "0"]
    ax.set_yticks(ticks, labels)
    for tick, label in zip(ax.get_yticklabels(), labels):
        if label == "NaN":
            tick.set_color(THEMES[theme]["nan"])


def collapse_figure(theme):
    c = THEMES[theme]
    xs, exact, values, exact_zero = _collapse_data()
    tiny = np.log10(np.finfo(np.float64).tiny)
    sub = np.log10(np.finfo(np.float64).smallest_subnormal)
    fig = Figure(figsize=(10, 5.6), layout="constrained")
    axes = fig.subplots(2, 4, sharex=True, sharey=True).ravel()
    forms = _forms()
    for ax, (key, (label, _)) in zip(axes, forms.items()):
        y = values[key]
        with np.errstate(divide="ignore", invalid="ignore"):
            logy = np.where(y > 0, np.log10(y), np.nan)  # NaN breaks the line where it collapses
        ax.axhspan(sub, tiny, color=c["band"], linewidth=0, zorder=0)
        ax.plot(xs, exact, color=c["exact"], linewidth=3.5, label="exact s′(x)", zorder=1, gid="log10_ds")
        ax.plot(xs, logy, color=c["forms"][key], linewidth=1.4, label=f"{label}: value", zorder=2,
                gid=f"log10_value:{key}")
        under = np.where(exact_zero, ZERO_LANE, np.nan)  # where returning 0 is correct
        ax.plot(xs, under, gid="exact_zero_lane", color=c["exact"], linewidth=6, solid_capstyle="butt",
                label="exact s′(x) rounds to 0", zorder=1)
        # Lanes drawn as thick lines broken by NaN (not one marker per point): small SVGs.
        if (y == 0).any():
            ax.plot(xs, np.where(y == 0, ZERO_LANE, np.nan), color=c["forms"][key], linewidth=3,
                    solid_capstyle="butt", label=f"{label}: returns 0", zorder=2, gid=f"zero_lane:{key}")
        if np.isnan(y).any():
            ax.plot(xs, np.where(np.isnan(y), NAN_LANE, np.nan), color=c["nan"], linewidth=3,
                    solid_capstyle="butt", label=f"{label}: returns NaN", zorder=2, gid=f"nan_lane:{key}")
        ax.set_title(label, fontsize=9.5)
    for ax in axes:
        ax.set_xlim(-XWIDE, XWIDE)
        ax.set_xticks([-600, -300, 0, 300, 600])
        ax.set_ylim(ZERO_LANE - 25, NAN_LANE + 25)
        _logticks(ax, theme)
    for ax in axes[4:]:
        ax.set_xlabel("x")
    for ax in axes[::4]:
        ax.set_ylabel("s′(x), log scale")
    _style(fig, axes, theme)
    # The eighth panel is the key.
    key_ax = axes[-1]
    key_ax.set_axis_off()
    handles = [
        Line2D([], [], color=c["exact"], linewidth=3.5, label="exact s′(x)"),
        Line2D([], [], color=c["exact"], linewidth=6, label="exact s′(x) rounds to 0"),
        Line2D([], [], color=c["text"], linewidth=1.4, label="the form's float64 value"),
        Line2D([], [], color=c["text"], linewidth=3, label="returns 0 (bottom lane)"),
        Line2D([], [], color=c["nan"], linewidth=3, label="returns NaN (top lane)"),
        Line2D([], [], color=c["band"], linewidth=8, label="subnormal range"),
    ]
    _legend(key_ax, theme, handles=handles, loc="center")
    return fig
