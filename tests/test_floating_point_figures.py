"""The floating-point figures, tested by what they draw: every data line is compared with an
independent evaluation (the plain formulas written out here, and mpmath)."""

import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest
from oracles import ds
from sigmoid import floating_point_figures as fpfig

# The forms as a reader would type them (float64), independent of scripts/floating_point.
PLAIN = {
    "quotient": lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
    "positive": lambda x: np.exp(x) / (1 + np.exp(x)) ** 2,
    "product": lambda x: (1 / (1 + np.exp(-x))) * (1 - 1 / (1 + np.exp(-x))),
    "symmetric": lambda x: (1 / (1 + np.exp(-x))) * (1 / (1 + np.exp(x))),
    "abs": lambda x: np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2,
    "sech": lambda x: 0.25 / np.cosh(x / 2) ** 2,
    "recommended": lambda x: np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x)) * (2 + np.exp(-np.abs(x)))),
}



def lines_by_gid(fig):
    return [(line.get_gid(), line) for ax in fig.axes for line in ax.get_lines() if line.get_gid()]


@pytest.fixture(scope="module")
def collapse():
    fig = fpfig.collapse_figure("light")
    yield lines_by_gid(fig)
    plt.close(fig)


def test_every_form_has_a_strip_and_every_failing_form_shows_its_failures(collapse):
    drawn = {gid.partition(":")[2] for gid, _ in collapse if ":" in gid}
    assert drawn == {"quotient", "positive", "product", "symmetric", "sech"}  # abs and recommended never fail
    strips = fpfig.collapse_figure("dark", "narrow").axes[0].get_yticklabels()
    assert len(strips) == len(PLAIN)


def test_each_failure_strip_is_where_the_form_fails(collapse):
    """Coloured exactly where the plain formula returns NaN, returns 0 although s' in float64 is
    not 0 (mpmath), or is more than 1 % off (mpmath)."""
    with np.errstate(all="ignore"):
        for gid, line in collapse:
            kind, _, form = gid.partition(":")
            if not form:
                continue
            x = np.asarray(line.get_xdata(), dtype=np.float64)
            shown = ~np.isnan(np.asarray(line.get_ydata(), dtype=np.float64))
            value = PLAIN[form](x)
            for k in range(0, len(x), 7):
                truth = ds(x[k])
                rounds_to_zero = float(truth) == 0
                expected = {"nan": bool(np.isnan(value[k])),
                            "zero": value[k] == 0 and not rounds_to_zero,
                            "inaccurate": value[k] != 0 and not np.isnan(value[k])
                            and abs(value[k] - truth) > fpfig.INACCURATE * truth}[kind]
                assert shown[k] == expected, f"{gid} at x = {x[k]}"


def test_dotted_lines_mark_where_the_exact_derivative_rounds_to_zero(collapse):
    lines = [line for gid, line in collapse if gid == "exact_zero"]
    gone = float(abs(lines[0].get_xdata()[0]))
    assert float(ds(gone)) == 0 and 1075 * float(mpmath.log(2)) - 1 < gone < 1075 * float(mpmath.log(2)) + 1


def test_ulp_bins_match_an_independent_measurement():
    fig = fpfig.ulp_error_figure("dark")
    xs = np.linspace(-fpfig.XMAX, fpfig.XMAX, int(2 * fpfig.XMAX / fpfig.BIN) * fpfig.PER_BIN + 1)
    checked = 0
    with np.errstate(all="ignore"):
        for gid, line in lines_by_gid(fig):
            form = gid.split(":")[1]
            for center, shown in list(zip(line.get_xdata(), line.get_ydata()))[::9]:
                inside = xs[(xs >= center - fpfig.BIN / 2) & (xs < center + fpfig.BIN / 2)]
                worst = 0.0
                for x in inside:
                    truth = float(ds(x))
                    worst = max(worst, abs(float(PLAIN[form](np.float64(x))) - truth) / np.spacing(truth))
                assert shown == pytest.approx(max(worst, fpfig.ZERO_AT), abs=0.02), f"{form} at {center}"
                checked += 1
    plt.close(fig)
    assert checked >= 50
