"""The floating-point page: every threshold it shows is the first float where the event
happens, checked here with the plain formulas and mpmath, independently of scripts/floating_point."""

import mpmath
import numpy as np
import pytest
import stable_sigmoid
from oracles import ds, s
from sigmoid import floating_point


def rounds_to_zero(value, dtype):
    return value <= mpmath.mpf(float(np.finfo(dtype).smallest_subnormal)) / 2


def rounds_to_one(value, dtype):
    return 1 - value <= mpmath.mpf(float(np.finfo(dtype).eps)) / 4


def broken(y):
    return y == 0 or np.isnan(y)


EVENTS = {
    ("naive", "exp_overflow"): lambda x, dt: np.isinf(np.exp(-x)),
    ("exact", "zero", -1): lambda x, dt: rounds_to_zero(s(x), dt),
    ("naive", "one"): lambda x, dt: 1 / (1 + np.exp(-x)) == 1,
    ("exact", "one"): lambda x, dt: rounds_to_one(s(x), dt),
    ("quotient", "zero"): lambda x, dt: broken(np.exp(-x) / (1 + np.exp(-x)) ** 2),
    ("quotient", "nan"): lambda x, dt: np.isnan(np.exp(-x) / (1 + np.exp(-x)) ** 2),
    ("positive", "zero"): lambda x, dt: broken(np.exp(x) / (1 + np.exp(x)) ** 2),
    ("positive", "nan"): lambda x, dt: np.isnan(np.exp(x) / (1 + np.exp(x)) ** 2),
    ("product", "zero"): lambda x, dt: (1 / (1 + np.exp(-x))) * (1 - 1 / (1 + np.exp(-x))) == 0,
    ("symmetric", "zero"): lambda x, dt: (1 / (1 + np.exp(-x))) * (1 / (1 + np.exp(x))) == 0,
    ("abs", "zero"): lambda x, dt: np.exp(-abs(x)) / (1 + np.exp(-abs(x))) ** 2 == 0,
    ("sech", "zero"): lambda x, dt: dt(0.25) / np.cosh(x / 2) ** 2 == 0,
    ("recommended", "zero"): lambda x, dt: np.exp(-abs(x)) / (1 + np.exp(-abs(x)) * (2 + np.exp(-abs(x)))) == 0,
    # the correctly rounded s'(x) is below the smallest normal number
    ("exact", "subnormal"): lambda x, dt: ds(x) < mpmath.mpf(float(np.finfo(dt).tiny))
    - mpmath.mpf(float(np.finfo(dt).smallest_subnormal)) / 2,
    ("exact", "zero", 1): lambda x, dt: rounds_to_zero(ds(x), dt),
}


def spans(pages):
    return pages["floating-point/index.html"].select("span.threshold")


def test_the_page_shows_every_threshold(pages):
    assert len(spans(pages)) == len(floating_point.thresholds())


def test_each_threshold_is_the_first_float_where_it_happens(pages):
    for span in spans(pages):
        dtype = np.dtype(span["data-dtype"]).type
        sign = int(span["data-sign"])
        form, what = span["data-form"], span["data-what"]
        event = EVENTS.get((form, what, sign)) or EVENTS[(form, what)]
        x = dtype(span.get_text())
        assert str(dtype(x)) and np.sign(x) == sign
        before = np.nextafter(x, dtype(0))
        with np.errstate(all="ignore"):
            assert event(x, dtype), f"{form}/{what} {span['data-dtype']}: nothing happens at {x!r}"
            assert not event(before, dtype), f"{form}/{what} {span['data-dtype']}: already at {before!r}"


def test_page_code_is_the_recommended_implementation():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.uniform(-40, 40, 10_000), rng.uniform(-800, 800, 10_000), [0.0, -0.0]])
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(stable_sigmoid.sigmoid_derivative(x), floating_point.dsigmoid(x))
        np.testing.assert_array_equal(stable_sigmoid.sigmoid(x), floating_point.sigmoid(x))
        # float32: the blocked version computes in float64, like sigmoid_derivative_float32
        x32 = x.astype(np.float32)
        np.testing.assert_array_equal(stable_sigmoid.sigmoid_derivative_float32(x32), floating_point.dsigmoid(x32))


def test_the_tables_measure_the_page_code():
    """One source: the accuracy table's "recommended" rows run the functions the page shows."""
    assert floating_point.RECOMMENDED[2].__wrapped__ is stable_sigmoid.sigmoid_derivative
    assert floating_point.SIGMOID_FORMS["recommended"][2].__wrapped__ is stable_sigmoid.sigmoid


@pytest.mark.parametrize("fn, dtype", [(stable_sigmoid.sigmoid_derivative, np.float32),
                                       (stable_sigmoid.sigmoid_derivative, np.float64),
                                       (stable_sigmoid.sigmoid_derivative_float32, np.float32)])
def test_page_code_is_zero_only_where_the_true_value_rounds_to_zero(fn, dtype):
    """The page says so for the code it shows, float32 computed in float32 included."""
    hi = 110.0 if dtype is np.float32 else 750.0
    xs = np.linspace(hi - 30, hi, 3001).astype(dtype)
    ys = fn(xs)
    assert ys.dtype == dtype
    for x, y in zip(xs, ys):
        if y == 0:
            assert rounds_to_zero(ds(mpmath.mpf(float(x))), dtype), (x, y)


@pytest.mark.parametrize("x", [-800.0, -50.0, 0.0, 50.0, 800.0])
def test_page_code_never_overflows(x):
    with np.errstate(all="raise", under="ignore"):
        assert np.isfinite(stable_sigmoid.sigmoid_derivative(np.float64(x)))
        assert np.isfinite(stable_sigmoid.sigmoid(np.float64(x)))
