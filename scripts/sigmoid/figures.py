"""The site's figures: each one a function that draws it for a theme ("light" or "dark").

Every plotted line carries a gid naming the function it draws ("s", "ds_quotient", ...), so
tests can check each line's data against an independent high-precision evaluation.
"""

import functools
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import matplotlib

matplotlib.use("svg")  # before pyplot: figures are drawn without a display
import blog_post  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import stable_sigmoid  # noqa: E402
import sympy as sp  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from sigmoid import definitions, floating_point_figures, plotstyle, values  # noqa: E402

THEMES = plotstyle.THEMES
WIDE, NARROW = "wide", "narrow"


@dataclass(frozen=True)
class Figure:
    """draw(theme, layout) -> a matplotlib figure; layout is "wide" (desktop) or "narrow" (phones).
    A figure with narrow=False has one layout, drawn for both."""
    name: str
    draw: Callable
    alt: str
    caption: str
    narrow: bool = True


def _legend(ax, theme, **kw):
    return plotstyle.legend(ax, theme, **kw)


def _post_xticks(ax):
    ax.set_xlim(-10, 10)
    ax.set_xticks([-10, -5, 0, 5, 10])


def draw_sigmoid(theme, layout=WIDE):
    x, s, _, _, _ = blog_post.post_computation()
    fig, ax = plotstyle.axes(theme, layout, ylabel="$s(x)$")
    ax.plot(x, s, color=THEMES[theme]["colors"][0], linewidth=2.5, gid="s",
            label=r"$s(x) = \dfrac{1}{1+e^{-x}}$")
    _post_xticks(ax)
    ax.set_yticks([0, 0.5, 1])
    _legend(ax, theme, loc="upper left", handlelength=1.2)
    return fig


TANGENT_AT = -2.0  # where the derivative figure draws the tangent to s


def draw_sigmoid_and_derivative(theme, layout=WIDE):
    """s and s', with the maximum 1/4 of s' marked at x = 0 and the tangent to s at TANGENT_AT,
    whose slope is the height of s' there."""
    x, s, _, ds, _ = blog_post.post_computation()
    c, text = THEMES[theme]["colors"], THEMES[theme]["text"]
    fig, ax = plotstyle.axes(theme, layout, height=330 if layout == WIDE else 360)
    ax.plot(x, s, color=c[0], linewidth=2.5, gid="s", label="$s(x)$")
    ax.plot(x, ds, color=c[1], linewidth=2.5, gid="ds_product", label="$s'(x)$")
    x0 = TANGENT_AT
    s0, slope = float(stable_sigmoid.sigmoid(x0)), float(stable_sigmoid.sigmoid_derivative(x0))
    ends = np.linspace(x0 - 2.5, x0 + 2.5, 11)
    ax.plot(ends, s0 + slope * (ends - x0), color=c[0], linewidth=1.8, linestyle=(0, (5, 3)),
            gid=f"tangent_at_{x0:g}", label="tangent to $s$")
    ax.plot([x0, x0], [slope, s0], color=text, linewidth=0.9, linestyle=":")
    ax.plot([x0], [s0], "o", color=c[0], markersize=6, gid="s")
    ax.plot([x0], [slope], "o", color=c[1], markersize=6, gid="ds_product")
    plotstyle.note(ax, theme, "its slope is\nthis height", (x0, slope), (-9.6, 0.3))
    peak = float(stable_sigmoid.sigmoid_derivative(0.0))
    ax.plot([0], [peak], "o", color=c[1], markersize=7, gid="ds_product")
    plotstyle.note(ax, theme, f"maximum {Fraction(peak)}\nat $x = 0$", (0, peak), (2.0, 0.3))
    _post_xticks(ax)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_ylim(-0.03, 1.03)
    _legend(ax, theme, loc="upper left", handlelength=1.4, labelspacing=0.25)
    return fig


def _ulp_difference():
    """The post's two forms on its grid: |quotient - product| in ULPs of the quotient."""
    x, _, ds_quotient, ds_product, _ = blog_post.post_computation()
    return x, np.abs(ds_quotient - ds_product) / np.spacing(ds_quotient)


ZERO_ULP_AT = 0.1  # where "no difference" is drawn on the log axis


def draw_both_forms(theme, layout=WIDE):
    """The post's check: both forms overlaid with its markers ('r+' and 'go', here in colour-blind
    safe hues), and below what the eye cannot see, their difference in ULPs."""
    x, _, ds_quotient, ds_product, _ = blog_post.post_computation()
    c, text = THEMES[theme]["colors"], THEMES[theme]["text"]
    fig, (ax, ulp) = plt.subplots(2, 1, figsize=plotstyle.size(layout, 500 if layout == WIDE else 560),
                                  layout="constrained", sharex=True, height_ratios=[1.25, 1])
    plotstyle.style(fig, [ax, ulp], theme)
    ax.plot(x, ds_quotient, "+", color=c[1], markersize=8, markeredgewidth=1.4, gid="ds_quotient",
            label=r"$\dfrac{e^{-x}}{(1+e^{-x})^2}$")
    ax.plot(x, ds_product, "o", color=c[2], markersize=5, markerfacecolor="none", markeredgewidth=1.1,
            gid="ds_product", label=r"$s(x)\,(1-s(x))$")
    ax.set_ylabel("$s'(x)$")
    ax.set_yticks([0, 0.1, 0.2])
    ax.set_ylim(-0.01, 0.36)
    _legend(ax, theme, loc="upper left", handletextpad=0.3, labelspacing=0.3,
            ncols=2 if layout == WIDE else 1)
    _, diff = _ulp_difference()
    ulp.plot(x, np.maximum(diff, ZERO_ULP_AT), "o", color=c[0], markersize=3.5, gid="ulp_difference")
    ulp.set_yscale("log")
    ulp.set_ylim(ZERO_ULP_AT / 2, 1e5)
    ulp.set_yticks([ZERO_ULP_AT, 1, 100, 10_000], ["0", "1", "100", "10 000"])
    ulp.minorticks_off()
    ulp.set_ylabel("difference\n(ULP)", color=text)
    ulp.set_xlabel("$x$")
    _post_xticks(ulp)
    return fig


def _inflections():
    """Where s' is steepest (the positive zero of s''') and the height of s' there, from SymPy."""
    root = values._solve_positive(sp.diff(definitions.SIGMOID, definitions.x, 3))
    return root, sp.nsimplify(sp.simplify(definitions.s_derivative(1, root)))


def draw_higher_derivatives(theme, layout=WIDE):
    x = np.linspace(-6, 6, 241)
    s = 1 / (1 + np.exp(-x))
    c, text = THEMES[theme]["colors"], THEMES[theme]["text"]
    fig, ax = plotstyle.axes(theme, layout, height=340 if layout == WIDE else 400)
    ax.plot(x, s * (1 - s), color=c[1], linewidth=2.5, gid="ds_product", label="$s'(x)$")
    ax.plot(x, s * (1 - s) * (1 - 2 * s), color=c[2], linewidth=2.5, linestyle=(0, (6, 2)), gid="d2s",
            label="$s''(x)$")
    ax.plot(x, s * (1 - s) * (1 - 6 * s + 6 * s**2), color=c[3], linewidth=2.5, linestyle=(0, (2, 1.5)),
            gid="d3s", label="$s'''(x)$")
    root, height = _inflections()
    where, level = float(root), float(height)
    for sign in (-1, 1):
        ax.axvline(sign * where, color=text, linewidth=0.8, linestyle=":")
    ax.plot([-where, where], [level, level], "o", color=c[1], markersize=7, linestyle="none", gid="ds_product")
    where_tex = sp.latex(root, ln_notation=True).replace(r"\left", "").replace(r"\right", "")  # mathtext
    label = rf"$s' = {height.p}/{height.q}$ at $\pm{where_tex}$"
    ax.text(0, 0.31, label, color=text, fontsize=plotstyle.TEXT, ha="center")
    ax.plot([0], [0], "s", color=c[2], markersize=7, gid="d2s")
    plotstyle.note(ax, theme, "inflection of $s$", (0, 0), (0.6, -0.13))
    ax.set_xlim(-6, 6)
    ax.set_xticks([-6, -3, 0, 3, 6])
    ax.set_yticks([-0.1, 0, 0.1, 0.2])
    ax.set_ylim(-0.16, 0.37)
    _legend(ax, theme, loc="lower left", handlelength=1.6, labelspacing=0.2)
    return fig


# -- vanishing gradients: the bound against a measured stack ----------------------------------

STACK_WIDTH, STACK_DEPTH, STACK_SAMPLES, STACK_SEED = 16, 10, 64, 20240611


@functools.cache
def gradient_stack():
    """Backpropagation through STACK_DEPTH sigmoid layers h_k = s(W_k h_(k-1) + b_k) with
    orthogonal W_k (every singular value 1, so the weights neither shrink nor grow a gradient
    and only the factors s' do). Returns the weights, biases, inputs, upstream gradients and,
    per sample, |gradient at the input| / |gradient at layer n| for n = 1..STACK_DEPTH."""
    rng = np.random.default_rng(STACK_SEED)
    weights = [np.linalg.qr(rng.standard_normal((STACK_WIDTH, STACK_WIDTH)))[0] for _ in range(STACK_DEPTH)]
    biases = [rng.standard_normal(STACK_WIDTH) for _ in range(STACK_DEPTH)]
    inputs = rng.standard_normal((STACK_SAMPLES, STACK_WIDTH))
    upstream = rng.standard_normal((STACK_SAMPLES, STACK_WIDTH))
    ratios = np.empty((STACK_SAMPLES, STACK_DEPTH))
    for i in range(STACK_SAMPLES):
        h, slopes = inputs[i], []
        for w, b in zip(weights, biases):
            z = w @ h + b
            h = stable_sigmoid.sigmoid(z)
            slopes.append(stable_sigmoid.sigmoid_derivative(z))
        for n in range(1, STACK_DEPTH + 1):  # through the first n layers, back to the input
            g = upstream[i]
            for k in reversed(range(n)):
                g = weights[k].T @ (slopes[k] * g)
            ratios[i, n - 1] = np.linalg.norm(g) / np.linalg.norm(upstream[i])
    return weights, biases, inputs, upstream, ratios


def draw_vanishing(theme, layout=WIDE):
    c = THEMES[theme]["colors"]
    *_, ratios = gradient_stack()
    layers = np.arange(1, STACK_DEPTH + 1)
    fig, ax = plotstyle.axes(theme, layout, xlabel="layers $n$", ylabel="share of the gradient",
                    height=330 if layout == WIDE else 380)
    ax.semilogy(layers, 0.25 ** layers, "-", color=c[1], linewidth=2.5, gid="quarter_power",
                label="bound $4^{-n}$")
    lo, hi = ratios.min(axis=0), ratios.max(axis=0)
    ax.fill_between(layers, lo, hi, color=c[0], alpha=0.25, linewidth=0, gid="measured_range")
    ax.semilogy(layers, np.median(ratios, axis=0), "o-", color=c[0], linewidth=2, markersize=6,
                gid="measured_median", label=f"measured, {STACK_SAMPLES} inputs")
    ax.set_xticks([1, 4, 7, 10] if layout == NARROW else list(layers))
    ax.set_xlim(0.7, STACK_DEPTH + 0.3)
    low = int(np.floor(np.log10(lo.min())))
    exponents = range(0, low - 1, -2 if layout == WIDE else -3)
    ax.set_yticks([10.0 ** k for k in exponents], [f"$10^{{{k}}}$" if k else "1" for k in exponents])
    ax.tick_params(axis="y", labelsize=plotstyle.TEXT)  # superscripts at 0.7 of this
    ax.minorticks_off()
    ax.set_ylim(10.0 ** (low - 0.3), 2)
    _legend(ax, theme, loc="lower left", handlelength=1.6)
    return fig


EXPLORER_SIZE = (7.5, 250 / 72)  # 540 × 250 pt: the box the interactive explorer keeps (site.css)
# The explorer's box is the column's full width on every screen (site.css), 343 px on a phone:
# 540 pt shown at 343 px, so its text is set at 11 * 540 / 343 = 17.3 pt or more, in plain
# text (no mathtext scripts, which would be drawn at 0.7 of that).
EXPLORER_TEXT = 18


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
                                     gridspec_kw={"width_ratios": [2.1, 1]})
    plotstyle.style(fig, [ax, square], theme, labelsize=EXPLORER_TEXT)
    ax.set_xlim(-10, 10)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xticks([-10, 0, 10])
    ax.set_yticks([0, 0.5, 1], ["0", "½", "1"])
    ax.plot(x, s, color=c[0], linewidth=2.5, gid="s", label="s(x)")
    ax.plot(x, s * one_minus_s, color=c[1], linewidth=2.5, gid="ds_product", label="s′(x)")
    half = 1.8  # the tangent segment spans x0 ± 1.8
    ends = np.linspace(x0 - half, x0 + half, 9)
    ax.plot(ends, s0 + slope * (ends - x0), color=c[1], linewidth=1.8, linestyle=(0, (5, 3)),
            gid=f"tangent_at_{x0:g}", label="tangent, slope s′(x)")
    ax.axvline(x0, color=text, linewidth=0.8, linestyle=":")
    ax.plot([x0], [s0], "o", color=c[0], markersize=7, gid="s")
    ax.plot([x0], [slope], "o", color=c[1], markersize=7, gid="ds_product")
    # Direct labels instead of a legend that would cover the curves at this size.
    ax.text(6.5, 0.8, "s", color=c[0], fontsize=EXPLORER_TEXT, style="italic", ha="center")
    ax.text(-6.5, 0.12, "s′", color=c[1], fontsize=EXPLORER_TEXT, style="italic", ha="center")

    square.set_xlim(0, 1)  # the axes' frame is the unit square
    square.set_ylim(0, 1)
    square.set_aspect("equal")
    square.grid(False)
    square.set_xticks([0, s0, 1], ["0", "s", "1"])
    square.set_yticks([0, rest0, 1], ["0", "1−s", "1"])
    square.add_patch(Rectangle((0, 0), s0, rest0, facecolor=c[1], alpha=0.35, edgecolor=c[1], linewidth=1.5,
                               gid="area_ds"))
    square.set_title("area s′", fontsize=EXPLORER_TEXT)
    return fig


FIGURES = [
    Figure("sigmoid", draw_sigmoid,
           "The sigmoid s(x) rises from 0 at x = −10 through 1/2 at x = 0 to 1 at x = 10 in an S shape.",
           "The sigmoid on the post's grid x = −10:0.1:10."),
    Figure("sigmoid-and-derivative", draw_sigmoid_and_derivative,
           f"The sigmoid and its derivative: s′(x) is a bell curve whose maximum, 1/4 at x = 0, is marked. "
           f"A dashed tangent touches s at x = {TANGENT_AT:g}, and a dotted line joins that point to the "
           "point of s′ below it: the tangent's slope is that height.",
           "s and s′ together: s′ is largest, 1/4, where s is steepest, and at every x its height is "
           "the slope of the tangent to s."),
    Figure("both-forms", draw_both_forms,
           "Top: both forms of the derivative on the post's grid, e^(−x)/(1+e^(−x))² as plus signs and "
           "s(x)(1 − s(x)) as circles, every circle around its plus sign. Bottom: their difference in "
           "units in the last place on a log scale: 0 or a few ULP for negative x, rising for positive x "
           "to thousands of ULP at x = 10.",
           "The post's check, made to prove something: the two forms overlaid agree to the eye, but in "
           "ULPs the product form s(1 − s) drifts as x grows, where 1 − s cancels."),
    Figure("higher-derivatives", draw_higher_derivatives,
           "s′, s″ and s‴ for x from −6 to 6. A square marks the inflection of s at x = 0, where s″ is "
           "zero and s′ is largest; dotted lines at ±ln(2+√3), where s‴ is zero, pass through the two "
           "marked points where s′ is 1/6, its steepest points.",
           "s′, s″ and s‴: s″ is zero at the inflection of s, s‴ where s′ is steepest, at s′ = 1/6."),
    Figure("vanishing", draw_vanishing,
           f"A log-scale plot against the number of layers n from 1 to {STACK_DEPTH}: the bound 4 to the "
           f"power −n as a line, and below it the gradient measured through a stack of sigmoid layers of "
           f"width {STACK_WIDTH} with orthogonal weights, the median of {STACK_SAMPLES} random inputs as "
           "points with the range shaded. The measured gradient falls a little faster than the bound.",
           f"How much of a gradient survives n sigmoid layers: never more than 4⁻ⁿ, and measured through "
           f"a stack of width {STACK_WIDTH} with weights that keep lengths (seed {STACK_SEED}), less."),
    Figure("explorer", draw_explorer,
           "At x = 0: the sigmoid with its tangent of slope 1/4 through (0, 1/2), the bell curve s′ with "
           "its peak (0, 1/4) marked, and a unit square whose shaded corner rectangle, 1/2 wide and 1/2 "
           "high, has area 1/4.",
           "The tangent to s at x has slope s′(x), and the shaded rectangle in the unit square, with "
           "sides s(x) and 1 − s(x), has area s′(x) = s(x)(1 − s(x)).", narrow=False),
    Figure("fp-ulp-error", floating_point_figures.ulp_error_figure, floating_point_figures.ULP_ERROR_ALT,
           "Error in units in the last place of each form of s′ in float64, the worst per bin of width 1."),
    Figure("fp-collapse", floating_point_figures.collapse_figure, floating_point_figures.COLLAPSE_ALT,
           "Where each form of s′ fails in float64: returns 0, returns NaN, or loses all accuracy, "
           "against |x| on a log scale."),
]
