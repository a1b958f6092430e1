"""The family's figures, drawn like the sigmoid's (sigmoid.plotstyle): each plotted line carries
a gid naming the function it draws, which tests/oracles.py evaluates independently."""

from fractions import Fraction

import matplotlib

matplotlib.use("svg")  # before pyplot: figures are drawn without a display
import gelu_forms  # noqa: E402
import numpy as np  # noqa: E402
import silu_gradient  # noqa: E402
import softplus_stable  # noqa: E402
import tanh_gradient  # noqa: E402
from sigmoid import plotstyle  # noqa: E402
from sigmoid.figures import WIDE, Figure  # noqa: E402

from activations import values  # noqa: E402

THEMES = plotstyle.THEMES


def _finish(ax, theme, yticks, ylim, loc):
    ax.set_xlim(-5, 5)
    ax.set_xticks([-4, -2, 0, 2, 4])
    ax.set_yticks(yticks)
    ax.set_ylim(*ylim)
    plotstyle.legend(ax, theme, loc=loc, handlelength=1.6, labelspacing=0.2)


def draw_tanh_and_derivative(theme, layout=WIDE):
    """tanh, tanh' and, for comparison, s': the peaks 1 and 1/4 marked at x = 0."""
    x = np.linspace(-5, 5, 201)
    s = 1 / (1 + np.exp(-x))
    c = THEMES[theme]["colors"]
    fig, ax = plotstyle.axes(theme, layout, height=330 if layout == WIDE else 380)
    ax.plot(x, np.tanh(x), color=c[0], linewidth=2.5, gid="tanh", label=r"$\tanh(x)$")
    slope = tanh_gradient.tanh_derivative_from_input(x)
    ax.plot(x, slope, color=c[1], linewidth=2.5, gid="dtanh", label=r"$\tanh'(x)$")
    ax.plot(x, s * (1 - s), color=c[2], linewidth=2.5, linestyle=(0, (6, 2)), gid="ds_product", label="$s'(x)$")
    for gid, colour, peak, xytext in (("dtanh", c[1], slope[100], (-4.8, 0.72)),
                                      ("ds_product", c[2], (s * (1 - s))[100], (-4.8, 0.42))):
        ax.plot([0], [peak], "o", color=colour, markersize=7, gid=gid)
        plotstyle.note(ax, theme, f"peak {Fraction(float(peak))} at $x = 0$", (0, peak), xytext)
    _finish(ax, theme, [-1, -0.5, 0, 0.25, 0.5, 1], (-1.08, 1.12), "lower right")
    return fig


def draw_softplus_and_derivative(theme, layout=WIDE):
    """softplus, the ReLU it smooths, and its derivative the sigmoid; the gap ln 2 at x = 0 marked."""
    x = np.linspace(-5, 5, 201)
    c, text = THEMES[theme]["colors"], THEMES[theme]["text"]
    fig, ax = plotstyle.axes(theme, layout, height=330 if layout == WIDE else 380)
    ax.plot(x, softplus_stable.softplus(x), color=c[0], linewidth=2.5, gid="softplus",
            label=r"$\operatorname{softplus}(x)$")
    _relu(ax, x, c)
    ax.plot(x, 1 / (1 + np.exp(-x)), color=c[1], linewidth=2.5, gid="s", label="$s(x)$, its slope")
    gap = float(softplus_stable.softplus(0.0))
    ax.plot([0, 0], [0, gap], color=text, linewidth=1.2, linestyle=":")
    ax.plot([0], [gap], "o", color=c[0], markersize=7, gid="softplus")
    plotstyle.note(ax, theme, r"gap $\ln 2$ at $x = 0$", (0, gap * 0.6), (-4.8, 2.0))
    _finish(ax, theme, [0, 1, 2, 3, 4, 5], (-0.2, 5.2), "upper left")
    return fig


def _relu(ax, x, c):
    ax.plot(x, np.maximum(x, 0), color=c[2], linewidth=2.0, linestyle=(0, (6, 2)), gid="relu", label=r"$\max(0, x)$")


def _dips_like_relu(theme, layout, name, f, slope, low):
    """f (named `name`, its lines' gids name and d+name), its slope and the ReLU, with f's minimum
    at `low`, where the slope is 0, marked."""
    x = np.linspace(-5, 5, 201)
    c = THEMES[theme]["colors"]
    fig, ax = plotstyle.axes(theme, layout, height=330 if layout == WIDE else 380)
    title = rf"\operatorname{{{name}}}"
    ax.plot(x, f(x), color=c[0], linewidth=2.5, gid=name.lower(), label=f"${title}(x)$")
    _relu(ax, x, c)
    ax.plot(x, slope(x), color=c[1], linewidth=2.5, gid="d" + name.lower(), label=f"${title}'(x)$")
    at = np.array([low])
    ax.plot(at, f(at), "o", color=c[0], markersize=7, gid=name.lower())
    ax.plot(at, slope(at), "o", color=c[1], markersize=7, gid="d" + name.lower())
    plotstyle.note(ax, theme, "minimum, where\nthe slope is 0", (low, float(f(at)[0])), (-4.8, 1.6))
    return fig, ax


def draw_silu_and_derivative(theme, layout=WIDE):
    """SiLU, its slope and the ReLU; SiLU's minimum, where the slope is 0, and the steepest point."""
    fig, ax = _dips_like_relu(theme, layout, "SiLU", silu_gradient.silu, silu_gradient.silu_derivative_sum,
                              values.silu_min_at())
    steep = values.silu_steepest_at()
    top = float(silu_gradient.silu_derivative_sum(steep))
    ax.plot([steep], [top], "o", color=THEMES[theme]["colors"][1], markersize=7, gid="dsilu")
    plotstyle.note(ax, theme, "steepest: slope\nabove 1", (steep, top), (1.6, -1.1), va="bottom")
    _finish(ax, theme, [-1, 0, 1, 2, 3, 4, 5], (-1.2, 5.2), "upper left")
    return fig


def draw_gelu_and_derivative(theme, layout=WIDE):
    """GELU, its slope and the ReLU; GELU's minimum, where the slope is 0."""
    fig, ax = _dips_like_relu(theme, layout, "GELU", gelu_forms.gelu, gelu_forms.gelu_derivative,
                              values.gelu_min_at())
    _finish(ax, theme, [-1, 0, 1, 2, 3, 4, 5], (-1.2, 5.2), "upper left")
    return fig


FIGURES = [
    Figure("tanh-and-derivative", draw_tanh_and_derivative,
           "tanh rises from −1 to 1 through 0 at x = 0, for x from −5 to 5. Its derivative tanh′ is a bell "
           "curve with its peak, 1, marked at x = 0; the sigmoid's derivative s′, dashed, is a lower and "
           "wider bell with its peak, 1/4, marked at x = 0.",
           "tanh and its derivative, with s′ for comparison: tanh′ peaks at 1, four times s′, and falls "
           "off sooner."),
    Figure("softplus-and-derivative", draw_softplus_and_derivative,
           "For x from −5 to 5: softplus rises smoothly from near 0 to near x; the ReLU, max(0, x), "
           "dashed, is 0 then x, with a corner at 0, where a dotted line marks the gap ln 2 up to "
           "softplus. The sigmoid, softplus's slope, rises from 0 to 1.",
           "softplus, the ReLU it smooths, and its slope, the sigmoid: the gap to the ReLU is largest, "
           "ln 2, at x = 0."),
    Figure("silu-and-derivative", draw_silu_and_derivative,
           "For x from −5 to 5: SiLU dips just below 0 for negative x, to its minimum, marked, and then "
           "rises like the ReLU, max(0, x), dashed. Its slope, SiLU′, is 0 at that minimum (marked), "
           "rises past 1 at its steepest point (marked) and settles back to 1.",
           "SiLU, x times the sigmoid, its slope and the ReLU: SiLU is not monotone, and its slope "
           "overshoots 1."),
    Figure("gelu-and-derivative", draw_gelu_and_derivative,
           "For x from −5 to 5: GELU dips just below 0 for negative x, to its minimum, marked, and then "
           "rises like the ReLU, max(0, x), dashed. Its slope, GELU′, is 0 at that minimum (marked), "
           "rises past 1 and settles back to 1.",
           "GELU, x times the normal distribution function Φ, its slope and the ReLU: close to SiLU, "
           "with a shallower dip."),
]
