"""What the family's pages say of the code they show, where the sentence holds no published number:
checked here against the code, with independent arithmetic."""

import math

import mpmath
import numpy as np
import softmax_stable
from oracles import LN_MAX64, SOFTMAX_SCORES, softmax_probability


def test_the_naive_softmax_returns_nan_for_every_class_once_shifted_past_the_overflow():
    """docs/softmax.md: 'add {{ softmax_overflow_shift }} to each score of the example, and
    softmax_naive returns nan for every class, although the probabilities have not changed'."""
    z = np.array([float(v) for v in SOFTMAX_SCORES]) + math.ceil(LN_MAX64)
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.all(np.isnan(softmax_stable.softmax_naive(z)))
    # the shifted form gives the probabilities of the scores as they are now (their rounding aside)
    truth = [float(softmax_probability(i, [mpmath.mpf(v) for v in z])) for i in range(3)]
    assert np.allclose(softmax_stable.softmax(z), truth, rtol=4e-16, atol=0)


def test_returning_x_above_pytorchs_threshold_costs_nothing_in_float32():
    """docs/softplus.md: 'In float32, its default, that costs nothing': the dropped correction
    ln(1 + e^-20) is below half the gap between 20 and the next float32, so softplus(20) rounds to 20."""
    correction = math.log1p(math.exp(-20))
    assert correction < float(np.spacing(np.float32(20))) / 2
    assert correction > float(np.spacing(np.float64(20)))  # and in float64 it does cost (the page's ULP count)
