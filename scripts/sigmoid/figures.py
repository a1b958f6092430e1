"""The site's figures: each one a function that draws it for a theme ("light" or "dark").

Every plotted line carries a gid naming the function it draws ("s", "ds_quotient", ...), so
tests can check each line's data against an independent high-precision evaluation.
"""

from dataclasses import dataclass
from typing import Callable

import matplotlib

matplotlib.use("svg")
import blog_post  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sigmoid import (
    floating_point_figures,  # noqa: E402
    plotstyle,  # noqa: E402
    values,  # noqa: E402
)

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
    Figure("fp-ulp-error", floating_point_figures.ulp_error_figure, floating_point_figures.ULP_ERROR_ALT,
           "Error in units in the last place of each form of s′ in float64, the worst per bin of width 1."),
    Figure("fp-collapse", floating_point_figures.collapse_figure, floating_point_figures.COLLAPSE_ALT,
           "Each form of s′ in float64 against the exact value, on a log scale, out to |x| = 800."),
]
