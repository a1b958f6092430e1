"""The Backpropagation page's code (docs/code/sigmoid_neuron.py, log_sigmoid.py, autograd_check.py)
against independent oracles: what the page says of it holds for the very code it shows."""

import math

import mpmath
import numpy as np
import pytest
from oracles import LN_MAX64, matlab_grid_in_python_floats, s


def test_gate_by_gate_gives_the_fused_gradient():
    """The page: the four gates' product is 'the same number as s'(1)'. Within one rounding or two."""
    import sigmoid_neuron as neuron
    assert neuron.dz_gates == pytest.approx(neuron.dz, abs=2 * math.ulp(neuron.dz))
    assert neuron.FORWARD["output"] == neuron.s


@pytest.mark.parametrize("z", [-800.0, -40.0, -5.0, -1e-3, 0.0, 2.0, 40.0, 700.0])
@pytest.mark.parametrize("y", [0, 1])
def test_loss_from_the_logit_is_accurate(z, y):
    import log_sigmoid
    truth = -mpmath.log(s(z)) if y else -mpmath.log(s(-z))  # 1 - s(z) = s(-z): no cancellation
    assert log_sigmoid.loss_from_logit(np.float64(z), y) == pytest.approx(float(truth), rel=4e-16, abs=1e-300)


def test_loss_as_written_is_infinite_exactly_where_s_rounds_away():
    """Infinite where 1/(1 + e^{-z}) computes as 1 (label 0: 1 + e^{-z} rounds to 1 once
    e^{-z} <= 2^-53) or as 0 (label 1: e^{-z} overflows), finite elsewhere."""
    import log_sigmoid
    for z in [-800.0, -710.0, -709.0, -40.0, 0.0, 36.0, 36.8, 37.0, 40.0]:
        is_one = mpmath.exp(-mpmath.mpf(z)) <= mpmath.mpf(2) ** -53
        is_zero = -z > LN_MAX64
        assert math.isinf(log_sigmoid.loss_from_probability(np.float64(z), 0)) == is_one, z
        assert math.isinf(log_sigmoid.loss_from_probability(np.float64(z), 1)) == is_zero, z


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# Wrong formulas for s'(x), each a plausible slip: a sign, a power, a factor 1 + e^-x dropped from the
# denominator, and a right formula slightly off.
WRONG = {
    "s(1 + s)": lambda x: _sigmoid(x) * (1 + _sigmoid(x)),
    "s^2 (1 - s)": lambda x: _sigmoid(x) ** 2 * (1 - _sigmoid(x)),
    "e^-x / (1 + e^-x)": lambda x: np.exp(-x) / (1 + np.exp(-x)),
    "s(1 - s) one part in 10^9 too large": lambda x: _sigmoid(x) * (1 - _sigmoid(x)) * (1 + 1e-9),
}


@pytest.mark.parametrize("name", WRONG)
def test_a_planted_wrong_formula_fails_both_checks(name):
    """The page's check(formula), given a wrong formula, raises, and both of its checks reject it:
    automatic differentiation through the primitive operations and the central difference."""
    import autograd_check
    with pytest.raises(AssertionError) as failure:
        autograd_check.check(WRONG[name])
    assert "automatic differentiation rejects" in str(failure.value)
    assert "central difference rejects" in str(failure.value)


def test_a_right_formula_in_another_form_passes():
    """The checks reject wrong formulas, not every formula but s(1 - s): the quotient form passes."""
    import autograd_check
    fractions = autograd_check.check(lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2)
    assert max(fractions.values()) <= 1


def test_the_error_bounds_behind_the_tolerances_hold():
    """Each bound the tolerances add up, point by point on the post's grid against mpmath: NumPy's exp
    within 1 ULP, JAX's within 2; s(1 - s) within 6u s(x); JAX's derivative within 17u s'(x); x +- h exact;
    the central difference's rounding within 4u s(x + h)/h and its truncation within h^2/6 s(x + h)."""
    import autograd_check as check
    import blog_post
    import jax.numpy as jnp
    u, h = check.u, check.h
    grid = np.array(matlab_grid_in_python_floats())
    assert np.array_equal(check.x, grid)
    assert np.array_equal(check.formula(grid), blog_post.ds_product)  # the post's s(1 - s)
    autodiff, central, formula = check.autodiff(grid), check.central_difference(grid), check.formula(grid)
    assert autodiff.dtype == np.float64
    for t in np.concatenate([grid, grid + h, grid - h]):
        truth = mpmath.exp(-mpmath.mpf(float(t)))
        assert abs(mpmath.mpf(float(np.exp(-t))) - truth) <= math.ulp(float(truth)), t
        assert abs(mpmath.mpf(float(jnp.exp(-t))) - truth) <= 2 * math.ulp(float(truth)), t
    for x, ad, cd, f in zip(grid, autodiff, central, formula):
        X, H = mpmath.mpf(float(x)), mpmath.mpf(h)
        assert mpmath.mpf(float(x + h)) == X + H and mpmath.mpf(float(x - h)) == X - H, x
        derivative, s_plus = s(X) * (1 - s(X)), s(X + H)
        assert abs(f - derivative) <= 6 * u * s(X), x
        assert abs(ad - derivative) <= 17 * u * derivative, x
        exact_difference = (s_plus - s(X - H)) / (2 * H)
        assert abs(cd - exact_difference) <= 4 * u * s_plus / h, x
        assert abs(exact_difference - derivative) <= H ** 2 / 6 * s_plus, x
