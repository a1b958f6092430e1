"""Every published number, recomputed independently (mpmath at 40 digits, exact arithmetic,
or plain-Python floats for the rounding experiment) and compared at its displayed precision."""

import math
import re
from fractions import Fraction

import mpmath
import numpy as np
import pytest

mpmath.mp.dps = 40
E = mpmath.e


def s(x):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(x)))


def ds(x):
    return s(x) * (1 - s(x))


def matlab_grid_in_python_floats():
    # MATLAB's -10:0.1:10 fills from both ends; the middle point is exactly 0.
    n = int(Fraction(20) / Fraction(1, 10))
    return [(-10 + k * 0.1 if k < n / 2 else 10 - (n - k) * 0.1) if k != n // 2 else 0.0 for k in range(n + 1)]


def max_form_difference():
    worst = 0.0
    for x in matlab_grid_in_python_floats():
        sig = 1 / (1 + math.exp(-x))
        worst = max(worst, abs(math.exp(-x) / (1 + math.exp(-x)) ** 2 - sig * (1 - sig)))
    return worst


def measured_max_ulp(dtype):
    """The recommended s' (the page's own code) against mpmath on an independent random sample.
    A lower bound of the true maximum, so the published figure must be at least this."""
    import numpy as np

    import stable_sigmoid

    rng = np.random.default_rng(1)
    xs = np.concatenate([rng.uniform(-30, 30, 1500), rng.uniform(-740, 740, 500)]).astype(dtype)
    with np.errstate(all="ignore"):
        ys = stable_sigmoid.sigmoid_derivative(xs.astype(np.float64)).astype(dtype)
    worst = 0.0
    for xv, yv in zip(xs, ys):
        e = mpmath.exp(-abs(mpmath.mpf(float(xv))))
        truth = dtype(float(e / (1 + e) ** 2))
        worst = max(worst, abs(float(yv) - float(truth)) / float(np.spacing(truth)))
    return worst


LN_MAX64, LN_MAX32 = mpmath.log(mpmath.mpf(2) ** 1024), mpmath.log(mpmath.mpf(2) ** 128)

# A tuple is a bound: (at least, at most).
ORACLES = {
    "grid_points": lambda: len(matlab_grid_in_python_floats()),
    "max_form_difference": max_form_difference,
    "machine_epsilon": lambda: mpmath.mpf(2) ** -52,
    "grid_max_derivative": lambda: max(ds(mpmath.mpf(k) / 10) for k in range(-100, 101)),
    "inflection_of_derivative": lambda: mpmath.log(2 + mpmath.sqrt(3)),
    "saturation_one_percent": lambda: mpmath.findroot(lambda x: ds(x) - mpmath.mpf("0.01"), 4.6),
    "logistic_loss_example_gradient": lambda: s(2) - 1,
    "vanishing_ten_layers": lambda: mpmath.mpf("0.25") ** 10,
    "vanishing_ten_layers_inverse": lambda: 4 ** 10,
    "sigmoid_at_two": lambda: s(2),
    "derivative_at_two": lambda: ds(2),
    "derivative_at_ten": lambda: ds(10),
    # floating point: the closed forms behind each threshold
    "fp64_exp_overflow": lambda: LN_MAX64,                     # exp(-x) > largest float64
    "fp32_exp_overflow": lambda: LN_MAX32,
    "fp64_quotient_zero": lambda: LN_MAX64 / 2,                # (1+e^-x)^2 overflows
    "fp64_product_zero": lambda: 53 * mpmath.log(2),           # 1 + e^-x rounds to 1
    "fp32_product_zero": lambda: 24 * mpmath.log(2),
    "fp64_exact_derivative_zero": lambda: 1075 * mpmath.log(2),  # below half the least subnormal
    "fp64_recommended_max_ulp": lambda: (measured_max_ulp(np.float64), 3),
    "fp32_recommended_max_ulp": lambda: (measured_max_ulp(np.float32), 1),
}

SCI = re.compile(r"^(−?[\d.]+)\s*×\s*10(−?\d+)$")


def displayed(span):
    """(value, half a unit in the last displayed digit) from a published-number span."""
    text = " ".join(span.get_text().replace("\u2009", " ").replace("\u202f", "").split())
    m = SCI.match(text)
    if m:
        mantissa, exponent = m.group(1).replace("−", "-"), int(m.group(2).replace("−", "-"))
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return float(mantissa) * 10.0 ** exponent, 0.5 * 10.0 ** (exponent - decimals)
    number = text.replace("−", "-").replace(" ", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return float(number), 0.5 * 10.0 ** -decimals


def published_spans(pages):
    return [(path, span) for path, soup in pages.items() for span in soup.select("span.value[data-value]")]


def test_pages_publish_numbers(pages):
    assert len(published_spans(pages)) >= 10


def test_every_published_number_matches_an_independent_oracle(pages):
    for path, span in published_spans(pages):
        name = span["data-value"]
        assert name in ORACLES, f"{path}: no independent oracle for '{name}'; add one to this test"
        shown, half_unit = displayed(span)
        truth = ORACLES[name]()
        if isinstance(truth, tuple):
            low, high = truth
            assert low - half_unit <= shown <= high, f"{path}: {name} shows {shown}, not in [{low}, {high}]"
        else:
            truth = float(truth)
            assert abs(shown - truth) <= half_unit * (1 + 1e-9), f"{path}: {name} shows {shown}, truth {truth}"


@pytest.mark.parametrize("text, value", [("1.5 × 10−16", 1.5e-16), ("0.2500", 0.25), ("1 048 576", 1048576)])
def test_display_parser(text, value):
    from bs4 import BeautifulSoup
    span = BeautifulSoup(f'<span class="value">{text}</span>', "html.parser").span
    assert displayed(span)[0] == pytest.approx(value)
