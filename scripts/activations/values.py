"""Every number the family's pages show, computed here and nowhere else (registered with
@published: scripts/published.py formats and publishes them)."""

import functools

import gelu_forms
import mpmath
import numpy as np
import silu_gradient
import softmax_stable
import softplus_stable
import sympy as sp
import tanh_gradient
from published import published
from sigmoid import definitions as sigmoid_definitions

from activations import definitions

# -- tanh: slopes -----------------------------------------------------------------------------


def _positive_root(derivative, value):
    """The positive x where a derivative that falls for x > 0 equals `value`, solved exactly."""
    (root,) = [r for r in sp.solve(sp.Eq(derivative, value), definitions.x) if r.is_real and r > 0]
    return root


@published(2, rounds="up")  # "below a thousandth once |x| exceeds ..."
def tanh_saturation_thousandth():
    return float(_positive_root(definitions.TANH_DERIVATIVE, sp.Rational(1, 1000)))


@published(2, rounds="up")
def sigmoid_saturation_thousandth():
    ds = sp.diff(sigmoid_definitions.SIGMOID, sigmoid_definitions.x).subs(sigmoid_definitions.x, definitions.x)
    return float(_positive_root(ds, sp.Rational(1, 1000)))


@published(4)
def tanh_half_slope_at():
    """The exercise's answer: where tanh' = 1/2."""
    return float(_positive_root(definitions.TANH_DERIVATIVE, sp.Rational(1, 2)))


# -- tanh: floating point, measured on docs/code/tanh_gradient.py --------------------------------

PER_UNIT, SAMPLE_END = 100, 30  # x = k/100 up to 30 (a division rounds once): both forms are even in x
PRECISION = 256  # mpmath bits for the true values


def sample():
    return np.arange(SAMPLE_END * PER_UNIT + 1) / PER_UNIT


def true_slope(x):
    with mpmath.workprec(PRECISION):
        return 1 / mpmath.cosh(mpmath.mpf(float(x))) ** 2


def errors(xs, ys, truth, relative=False, where_it_gives_a_value=False):
    """{x: |y - truth(x)|} over a sample where the true value is not 0, in units in the last place
    of the true value (float64) or relative to it. A form's 0 or inf counts as its error there (a
    false 0 cannot hide), unless `where_it_gives_a_value`: for a form whose failures the page
    names, the error before it fails."""
    found = {}
    with mpmath.workprec(PRECISION):
        for x, y in zip(xs, ys):
            true = truth(x)
            if true == 0 or where_it_gives_a_value and not (np.isfinite(y) and y != 0):
                continue
            error = abs(mpmath.mpf(float(y)) - true) if np.isfinite(y) else mpmath.inf
            found[float(x)] = float(error / abs(true) if relative else error / np.spacing(abs(float(true))))
    return found


@published(0, "int")
def tanh_sample_end():
    return SAMPLE_END


@published(2)
def tanh_sample_step():
    return 1 / PER_UNIT


@published(0, "int", rounds="up")  # "within ... ULP"
def tanh_input_form_max_ulp():
    xs = sample()
    return max(errors(xs, tanh_gradient.tanh_derivative_from_input(xs), true_slope).values())


@published(0, "int")  # "about ... ULP" while the slope is still above a thousandth
def tanh_output_form_max_ulp():
    xs = sample()
    xs = xs[xs < tanh_saturation_thousandth()]
    return max(errors(xs, tanh_gradient.tanh_derivative_from_output(np.tanh(xs)), true_slope).values())


def _output_form_zero():
    """The least float64 x > 0 from which 1 - y^2, with y = np.tanh(x), is exactly 0: np.tanh(x)
    has rounded to 1 there. Bisection over the floats (tanh rises, so the form only falls)."""
    def zero(x):
        return tanh_gradient.tanh_derivative_from_output(np.tanh(np.float64(x))) == 0
    low, high = 1.0, 40.0
    assert not zero(low) and zero(high)
    while np.nextafter(low, high) < high:
        middle = (low + high) / 2
        low, high = (low, middle) if zero(middle) else (middle, high)
    return high


@published(2, rounds="up")  # "exactly 0 from x = ... on"
def tanh_output_form_zero():
    return _output_form_zero()


@published(2, "sci")
def tanh_slope_where_output_zero():
    return float(true_slope(_output_form_zero()))


# -- softplus: the gap to the ReLU, and floating point, measured on docs/code/softplus_stable.py --

@published(4)
def softplus_gap_at_zero():
    """softplus(0) - max(0, 0) = ln 2, the largest gap to the ReLU."""
    return float(definitions.at(definitions.SOFTPLUS, 0))


SOFTPLUS_PER_UNIT, SOFTPLUS_END = 10, 800  # x = k/10 from -800 to 800: past where e^x overflows


def softplus_sample():
    return np.arange(-SOFTPLUS_END * SOFTPLUS_PER_UNIT, SOFTPLUS_END * SOFTPLUS_PER_UNIT + 1) / SOFTPLUS_PER_UNIT


def true_softplus(x):
    with mpmath.workprec(PRECISION):
        return mpmath.log1p(mpmath.exp(mpmath.mpf(float(x))))


def softplus_errors(form, relative=False, where_it_gives_a_value=False):
    xs = softplus_sample()
    with np.errstate(over="ignore"):  # the naive form overflows
        return errors(xs, form(xs), true_softplus, relative, where_it_gives_a_value)


@published(0, "int")
def softplus_sample_end():
    return SOFTPLUS_END


@published(1)
def softplus_sample_step():
    return 1 / SOFTPLUS_PER_UNIT


@published(2)  # "its relative error reaches ..." before it gives 0
def softplus_naive_max_relative_error():
    return max(softplus_errors(softplus_stable.softplus_naive, relative=True, where_it_gives_a_value=True).values())


@published(0, "int", rounds="up")  # "within ... ULP"
def softplus_stable_max_ulp():
    return max(softplus_errors(softplus_stable.softplus).values())


PYTORCH_THRESHOLD = 20.0  # torch.nn.Softplus returns x itself above this (its documented default)


@published(0, "int")
def softplus_threshold_error_ulp():
    """The float64 error, in ULP, of returning x for softplus(x) at PyTorch's threshold."""
    with mpmath.workprec(PRECISION):
        return float(true_softplus(PYTORCH_THRESHOLD) - PYTORCH_THRESHOLD) / np.spacing(PYTORCH_THRESHOLD)


@published(1, "sci")
def softplus_threshold_correction():
    """ln(1 + e^-x) at PyTorch's threshold: what returning x there drops."""
    with mpmath.workprec(PRECISION):
        return float(true_softplus(PYTORCH_THRESHOLD) - PYTORCH_THRESHOLD)


# -- SiLU: its minimum and steepest point, and floating point on docs/code/silu_gradient.py --------

@functools.cache
def _critical(expression, order, near):
    """Where the order-th derivative of a function is 0, near `near` (to 30 digits)."""
    return sp.nsolve(sp.diff(expression, definitions.x, order), definitions.x, near, prec=30)


@published(4)
def silu_min_at():
    return float(_critical(definitions.SILU, 1, -1.3))


@published(4)
def silu_min_value():
    return float(definitions.at(definitions.SILU, _critical(definitions.SILU, 1, -1.3)))


@published(4)
def silu_steepest_at():
    return float(_critical(definitions.SILU, 2, 2.4))


@published(4)
def silu_max_slope():
    return float(definitions.at(sp.diff(definitions.SILU, definitions.x), _critical(definitions.SILU, 2, 2.4)))


SILU_PER_UNIT, SILU_END = 100, 40  # x = k/100 from 0 to 40: past where s(x) rounds to 1


def silu_sample():
    return np.arange(SILU_END * SILU_PER_UNIT + 1) / SILU_PER_UNIT


def true_silu_slope(x):
    with mpmath.workprec(PRECISION):
        x = mpmath.mpf(float(x))
        s = 1 / (1 + mpmath.exp(-x))
        return s * (1 + x * (1 - s))


def silu_slope_ulps(form):
    xs = silu_sample()
    return max(errors(xs, form(xs), true_silu_slope).values())


@published(0, "int")
def silu_sample_end():
    return SILU_END


@published(2)
def silu_sample_step():
    return 1 / SILU_PER_UNIT


@published(0, "int", rounds="up")  # "up to ... ULP"
def silu_product_form_max_ulp():
    return silu_slope_ulps(silu_gradient.silu_derivative_product)


@published(0, "int", rounds="up")  # "within ... ULP"
def silu_sum_form_max_ulp():
    return silu_slope_ulps(silu_gradient.silu_derivative_sum)


# -- GELU: its minimum, the approximations' largest errors, floating point on docs/code/gelu_forms.py

@published(6)
def gelu_tanh_cubic():
    return gelu_forms.TANH_CUBIC


@published(3)
def gelu_sigmoid_scale():
    return gelu_forms.SIGMOID_SCALE


@published(4)
def gelu_min_at():
    return float(_critical(definitions.GELU, 1, -0.75))


@published(4)
def gelu_min_value():
    return float(definitions.at(definitions.GELU, _critical(definitions.GELU, 1, -0.75)))


@functools.cache
def _largest_gap(approximation):
    """(largest |approximation - GELU|, where) for x >= 0 (the gap is even in x): the largest on
    a grid of hundredths, then refined where the gap's slope is 0, at 50 digits."""
    with mpmath.workdps(50):
        def gap(x):
            return approximation(x) - x * (1 + mpmath.erf(x / mpmath.sqrt(2))) / 2
        start = max((mpmath.mpf(k) / 100 for k in range(1, 801)), key=lambda x: abs(gap(x)))
        where = mpmath.findroot(lambda x: mpmath.diff(gap, x), start)
        return float(abs(gap(where))), float(where)


def _tanh_form(x):
    return x / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (x + mpmath.mpf(gelu_forms.TANH_CUBIC) * x**3)))


def _sigmoid_form(x):
    return x / (1 + mpmath.exp(-mpmath.mpf(gelu_forms.SIGMOID_SCALE) * x))


@published(1, "sci")
def gelu_tanh_max_error():
    return _largest_gap(_tanh_form)[0]


@published(2)
def gelu_tanh_max_error_at():
    return _largest_gap(_tanh_form)[1]


@published(1, "sci")
def gelu_sigmoid_max_error():
    return _largest_gap(_sigmoid_form)[0]


def _naive_zero():
    """The least float64 x (towards -infinity) from which gelu_naive(x) is exactly 0: erf rounds to -1."""
    def zero(x):
        return gelu_forms.gelu_naive(np.float64(x)) == 0
    low, high = -40.0, -1.0  # zero at low, not at high
    assert zero(low) and not zero(high)
    while np.nextafter(low, high) < high:
        middle = (low + high) / 2
        low, high = (middle, high) if zero(middle) else (low, middle)
    return low


@published(2, rounds="up")  # "below -... it returns exactly 0": the threshold's size, rounded outwards
def gelu_naive_zero_below():
    return -_naive_zero()


GELU_PER_UNIT, GELU_END = 100, 30  # x = k/100 from -30 to 30


def gelu_sample():
    return np.arange(-GELU_END * GELU_PER_UNIT, GELU_END * GELU_PER_UNIT + 1) / GELU_PER_UNIT


def true_gelu(x):
    with mpmath.workprec(PRECISION):
        x = mpmath.mpf(float(x))
        return x * mpmath.erfc(-x / mpmath.sqrt(2)) / 2


@published(0, "int")
def gelu_sample_end():
    return GELU_END


@published(2)
def gelu_sample_step():
    return 1 / GELU_PER_UNIT


@functools.cache
def gelu_errors(form, relative=False, where_it_gives_a_value=False):
    xs = gelu_sample()
    return errors(xs, form(xs), true_gelu, relative, where_it_gives_a_value)


@published(0, "int", rounds="up")  # "within ... ULP" for x >= 0
def gelu_stable_max_ulp_positive():
    return max(e for x, e in gelu_errors(gelu_forms.gelu).items() if x > 0)


@published(0, "int")  # "grows to about ... ULP"
def gelu_stable_max_ulp():
    return max(gelu_errors(gelu_forms.gelu).values())


@published(2)  # "its relative error reaches ..." before it is 0 (where it is 0, no error is counted)
def gelu_naive_max_relative_error():
    return max(gelu_errors(gelu_forms.gelu_naive, relative=True, where_it_gives_a_value=True).values())


@published(1, "sci")
def gelu_at_sample_end():
    return float(true_gelu(-GELU_END))


# -- softmax: the worked example (three classes), computed with docs/code/softmax_stable.py -------

EXAMPLE_SCORES = np.array([2.0, 1.0, 0.1])  # the scores z of the worked example
EXAMPLE_LABEL = np.array([1.0, 0.0, 0.0])  # one-hot: the first class is the right one


@functools.cache
def _example():
    p = softmax_stable.softmax(EXAMPLE_SCORES)
    return p, softmax_stable.softmax_jacobian(p), softmax_stable.cross_entropy_gradient(p, EXAMPLE_LABEL)


for _i in range(3):
    published(1, name=f"softmax_z{_i + 1}")(lambda i=_i: float(EXAMPLE_SCORES[i]))
    published(4, name=f"softmax_p{_i + 1}")(lambda i=_i: float(_example()[0][i]))
    published(4, name=f"softmax_grad{_i + 1}")(lambda i=_i: float(_example()[2][i]))
    for _j in range(3):
        published(4, name=f"softmax_jac{_i + 1}{_j + 1}")(lambda i=_i, j=_j: float(_example()[1][i, j]))


@published(0, "int")
def softmax_overflow_shift():
    """The least whole shift whose exponential overflows float64: added to every score, it leaves
    the probabilities as they are, and makes the naive softmax return nan."""
    return int(np.ceil(np.log(np.finfo(np.float64).max)))


# -- the family's comparison table (docs/family.md) ---------------------------------------------

def _left_saturation(expression, near):
    """The x < 0 beyond which |f'(x)| < 1/1000 on the left: f' tends to 0 as x falls."""
    slope = sp.diff(expression, definitions.x)
    sign = 1 if float(definitions.at(slope, near)) > 0 else -1
    return -float(sp.nsolve(sign * slope - sp.Rational(1, 1000), definitions.x, near, prec=30))


@published(2, rounds="up")  # "below -..."
def softplus_saturation_thousandth():
    return _left_saturation(definitions.SOFTPLUS, -7)


@published(2, rounds="up")
def silu_saturation_thousandth():
    return _left_saturation(definitions.SILU, -9)


@published(2, rounds="up")
def gelu_saturation_thousandth():
    return _left_saturation(definitions.GELU, -3.8)


@published(4)
def gelu_max_slope():
    """GELU's slope at sqrt 2, where its second derivative is 0."""
    return float(definitions.at(sp.diff(definitions.GELU, definitions.x), sp.sqrt(2)))
