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


def test_jax_runs_in_float64_on_the_posts_grid():
    """JAX is installed (requirements.txt) and computes in float64: its derivative is within the
    product form's own error of mpmath's s'(x), a few units of 2^-53 (1 - s(x) loses the
    digits of s(x) that cancel; it is not within a few ULP of s'(x) near x = 10)."""
    import autograd_check
    grid = matlab_grid_in_python_floats()
    assert autograd_check.autograd.dtype == np.float64 and len(autograd_check.autograd) == len(grid)
    for x, auto in zip(grid, autograd_check.autograd):
        assert abs(auto - float(s(x) * (1 - s(x)))) <= 4 * 2.0 ** -53, x
