"""The site's figures: each one a function that draws it for a theme ("light" or "dark").

Every plotted line carries a gid naming the function it draws ("s", "ds_quotient", ...), so
tests can check each line's data against an independent high-precision evaluation.
"""

from dataclasses import dataclass
from typing import Callable

import matplotlib

matplotlib.use("svg")  # before pyplot: figures are drawn without a display
import blog_post  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import stable_sigmoid  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from sigmoid import floating_point_figures, plotstyle, values  # noqa: E402

THEMES = {
    "light": {**plotstyle.THEMES["light"], "colors": ["#0b5cad", "#b3261e", "#1a7f37", "#8250df"]},
    "dark": {**plotstyle.THEMES["dark"], "colors": ["#79b8ff", "#ff938a", "#56d364", "#d2a8ff"]},
}


@dataclass(frozen=True)
class Figure:
    name: str
    draw: Callable
    alt: str
    caption: str


def _axes(theme, xlabel="x", ylabel=None):
    fig, ax = plt.subplots(figsize=(7, 3.6), layout="constrained")
    plotstyle.style(fig, [ax], theme)
    ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return fig, ax


def _legend(ax, theme):
    plotstyle.legend(ax, theme)


def draw_sigmoid(theme):
    x, s, _, _, _ = blog_post.post_computation()
    fig, ax = _axes(theme, ylabel="s(x)")
    ax.plot(x, s, color=THEMES[theme]["colors"][0], linewidth=2, gid="s", label="s(x) = 1/(1+e^(−x))")
    _legend(ax, theme)
    return fig


def draw_sigmoid_and_derivative(theme):
    x, s, _, ds, _ = blog_post.post_computation()
    c = THEMES[theme]["colors"]
    fig, ax = _axes(theme)
    ax.plot(x, s, color=c[0], linewidth=2, gid="s", label="s(x)")
    ax.plot(x, ds, color=c[1], linewidth=2, gid="ds_product", label="s′(x)")
    _legend(ax, theme)
    return fig


def draw_both_forms(theme):
    x, _, ds_quotient, ds_product, _ = blog_post.post_computation()
    c = THEMES[theme]["colors"]
    fig, ax = _axes(theme, ylabel="s′(x)")
    ax.plot(x, ds_quotient, color=c[1], linewidth=5, alpha=0.45, gid="ds_quotient",
            label="e^(−x) / (1+e^(−x))²")
    ax.plot(x, ds_product, color=c[2], linewidth=1.5, linestyle=(0, (4, 3)), gid="ds_product",
            label="s(x)(1 − s(x))")
    _legend(ax, theme)
    return fig


def draw_higher_derivatives(theme):
    x = np.linspace(-6, 6, 241)
    s = 1 / (1 + np.exp(-x))
    c = THEMES[theme]["colors"]
    fig, ax = _axes(theme)
    ax.plot(x, s * (1 - s), color=c[1], linewidth=2, gid="ds_product", label="s′(x)")
    ax.plot(x, s * (1 - s) * (1 - 2 * s), color=c[2], linewidth=2, gid="d2s", label="s″(x)")
    ax.plot(x, s * (1 - s) * (1 - 6 * s + 6 * s**2), color=c[3], linewidth=2, gid="d3s",
            label="s‴(x)")
    peak = values.number("inflection_of_derivative")
    for where in (-peak, peak):
        ax.axvline(where, color=THEMES[theme]["text"], linewidth=0.8, linestyle=":")
    _legend(ax, theme)
    return fig


def draw_vanishing(theme):
    layers = np.arange(1, 11)
    fig, ax = _axes(theme, xlabel="layers n", ylabel="largest product of n factors s′")
    ax.semilogy(layers, 0.25 ** layers, "o-", color=THEMES[theme]["colors"][0], gid="quarter_power",
                label="(1/4)ⁿ")
    _legend(ax, theme)
    return fig


EXPLORER_SIZE = (7.5, 250 / 72)  # 540 × 250 pt: the box the interactive explorer keeps (site.css)


def draw_explorer(theme, x0=0.0):
    """The explorer's picture at one x (the page shows it at 0 without JavaScript): s with its
    tangent at x0, s′ with the point (x0, s′(x0)), and the unit square split into s(x0) and
    1 − s(x0), whose rectangle has area s′(x0)."""
    c, text = THEMES[theme]["colors"], THEMES[theme]["text"]
    x = np.linspace(-10, 10, 401)
    # The floating-point page's stable sigmoid (docs/code); 1 − s(x) is s(−x), never 1 minus s.
    s, one_minus_s = stable_sigmoid.sigmoid(x), stable_sigmoid.sigmoid(-x)
    s0, rest0 = float(stable_sigmoid.sigmoid(x0)), float(stable_sigmoid.sigmoid(-x0))
    slope = s0 * rest0
    fig, (ax, square) = plt.subplots(1, 2, figsize=EXPLORER_SIZE, layout="constrained",
                                     gridspec_kw={"width_ratios": [2.3, 1]})
    plotstyle.style(fig, [ax, square], theme)
    ax.set_xlim(-10, 10)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xticks([-10, -5, 0, 5, 10])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xlabel("x")
    ax.plot(x, s, color=c[0], linewidth=2, gid="s", label="s(x)")
    ax.plot(x, s * one_minus_s, color=c[1], linewidth=2, gid="ds_product", label="s′(x)")
    half = 1.8  # the tangent segment spans x0 ± 1.8
    ends = np.linspace(x0 - half, x0 + half, 9)
    ax.plot(ends, s0 + slope * (ends - x0), color=c[1], linewidth=1.5, linestyle=(0, (5, 3)),
            gid=f"tangent_at_{x0:g}", label="tangent, slope s′(x)")
    ax.axvline(x0, color=text, linewidth=0.8, linestyle=":")
    ax.plot([x0], [s0], "o", color=c[0], markersize=6, gid="s")
    ax.plot([x0], [slope], "o", color=c[1], markersize=6, gid="ds_product")
    plotstyle.legend(ax, theme, fontsize=9, loc="upper left")

    square.set_xlim(0, 1)  # the axes' frame is the unit square
    square.set_ylim(0, 1)
    square.set_aspect("equal")
    square.grid(False)
    square.set_xticks([0, s0, 1], ["0", "s", "1"])
    square.set_yticks([0, rest0, 1], ["0", "1 − s", "1"])
    square.add_patch(Rectangle((0, 0), s0, rest0, facecolor=c[1], alpha=0.35, edgecolor=c[1], linewidth=1.5,
                               gid="area_ds"))
    square.set_title("area s(1 − s) = s′(x)", fontsize=10)
    return fig


FIGURES = [
    Figure("sigmoid", draw_sigmoid,
           "The sigmoid s(x) rises from 0 at x = −10 through 1/2 at x = 0 to 1 at x = 10 in an S shape.",
           "The sigmoid on the post's grid x = −10:0.1:10."),
    Figure("sigmoid-and-derivative", draw_sigmoid_and_derivative,
           "The sigmoid and its derivative: s′(x) is a bell curve peaking at 1/4 where s crosses 1/2.",
           "s and s′ together: s′ is largest where s is steepest."),
    Figure("both-forms", draw_both_forms,
           "Both forms of the derivative drawn on top of each other: the dashed curve s(x)(1 − s(x)) "
           "runs exactly along the wide curve e^(−x)/(1+e^(−x))².",
           "The two forms of s′ overlaid: no visible difference anywhere on the grid."),
    Figure("higher-derivatives", draw_higher_derivatives,
           "s′, s″ and s‴ for x from −6 to 6; dotted lines mark where s‴ is zero, the steepest "
           "points of s′.",
           "s′, s″ and s‴; the dotted lines mark the zeros of s‴."),
    Figure("vanishing", draw_vanishing,
           "A log-scale plot of (1/4) to the power n for n from 1 to 10, falling by a factor of four "
           "per layer.",
           "The largest possible product of n sigmoid derivatives."),
    Figure("explorer", draw_explorer,
           "At x = 0: the sigmoid with its tangent of slope 1/4 through (0, 1/2), the bell curve s′ with "
           "its peak (0, 1/4) marked, and a unit square whose shaded corner rectangle, 1/2 wide and 1/2 "
           "high, has area 1/4.",
           "The tangent to s at x has slope s′(x), and the shaded rectangle in the unit square, with "
           "sides s(x) and 1 − s(x), has area s′(x) = s(x)(1 − s(x))."),
    Figure("fp-ulp-error", floating_point_figures.ulp_error_figure, floating_point_figures.ULP_ERROR_ALT,
           "Error in units in the last place of each form of s′ in float64, the worst per bin of width 1."),
    Figure("fp-collapse", floating_point_figures.collapse_figure, floating_point_figures.COLLAPSE_ALT,
           "Each form of s′ in float64 against the exact value, on a log scale, out to |x| = 800."),
]
