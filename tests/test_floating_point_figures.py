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


def test_every_form_has_a_panel(collapse):
    drawn = {gid.split(":")[1] for gid, _ in collapse if gid.startswith("log10_value:")}
    assert drawn == set(PLAIN)


def test_exact_curve_is_log10_of_the_true_derivative(collapse):
    for gid, line in collapse:
        if gid == "log10_ds":
            for x, y in list(zip(line.get_xdata(), line.get_ydata()))[::40]:
                assert y == pytest.approx(float(mpmath.log10(ds(x))), rel=1e-9)


def test_each_form_line_and_lanes_show_what_the_form_returns(collapse):
    with np.errstate(all="ignore"):
        for gid, line in collapse:
            kind, _, form = gid.partition(":")
            if not form:
                continue
            x = np.asarray(line.get_xdata(), dtype=np.float64)
            y = np.asarray(line.get_ydata(), dtype=np.float64)
            value = PLAIN[form](x)
            if kind == "log10_value":
                ok = value > 0
                np.testing.assert_allclose(y[ok], np.log10(value[ok]), rtol=1e-12)
                assert np.isnan(y[~ok]).all()
            elif kind == "zero_lane":
                np.testing.assert_array_equal(~np.isnan(y), value == 0)
            elif kind == "nan_lane":
                np.testing.assert_array_equal(~np.isnan(y), np.isnan(value))


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
