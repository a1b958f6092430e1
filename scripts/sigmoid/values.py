"""Every number the sigmoid's pages show, computed here and nowhere else (registered with
@published: scripts/published.py formats and publishes them).
"""

import functools

import blog_post
import mpmath
import numpy as np
import stable_sigmoid
import sympy as sp
from published import published

from sigmoid import definitions, floating_point

# -- the source post's grid (derivative page) ------------------------------------------------

@published(0, "int")
def grid_points():
    return len(blog_post.post_computation()[0])


@published(2, "sci", rounds="up")
def max_form_difference():
    return blog_post.post_computation()[4]


@published(2, "sci")
def machine_epsilon():
    return np.finfo(np.float64).eps


@published(4)
def grid_max_derivative():
    return float(np.max(blog_post.post_computation()[3]))


@published(4, rounds="up", name="derivative_tenth_bound")  # "more than ... away: less than a tenth"
@published(4)
def derivative_tenth_at():
    """The positive x where s'(x) = 1/10 (an exercise): solve u(1 - u) = 1/10 for u = s(x) > 1/2."""
    u = sp.Symbol("u", positive=True)
    (s_value,) = [r for r in sp.solve(u * (1 - u) - sp.Rational(1, 10), u) if r > sp.Rational(1, 2)]
    return float(sp.log(s_value / (1 - s_value)))


# -- properties ------------------------------------------------------------------------------

def _solve_positive(equation):
    """The positive real root of a SymPy equation in x, as an exact expression."""
    roots = [r for r in sp.solve(equation, definitions.x) if r.is_real and r > 0]
    (root,) = roots
    return root


@published(4)
def inflection_of_derivative():
    """Where s''' = 0 for x > 0: the steepest points of s'."""
    return float(_solve_positive(sp.diff(definitions.SIGMOID, definitions.x, 3)))


@published(2, rounds="up")
def saturation_one_percent():
    """|x| beyond which s'(x) < 0.01 (a hundredth of the way to useless)."""
    u = sp.Symbol("u", positive=True)  # u = s(x)
    (s_value,) = [r for r in sp.solve(u * (1 - u) - sp.Rational(1, 100), u) if r > sp.Rational(1, 2)]
    return float(sp.log(s_value / (1 - s_value)))


@published(2, "sci", rounds="up")  # "leave at most ... of a gradient"
def vanishing_ten_layers():
    return 0.25 ** 10


@published(0, "int")
def vanishing_ten_layers_inverse():
    return round(1 / 0.25 ** 10)


@published(4)
def sigmoid_at_two():
    return float(definitions.s(2))


@published(4)
def derivative_at_two():
    return float(definitions.s_derivative(1, 2))


@published(2, "sci")
def derivative_at_ten():
    return float(definitions.s_derivative(1, 10))


# -- floating point (measured by floating_point) ------------------------------------------------------

def _threshold(form, what, sign, dtype):
    (row,) = [r for r in floating_point.thresholds(dtype) if (r["form"], r["what"], r["sign"]) == (form, what, sign)]
    return abs(float(row["x"]))


def _max_ulp(form, dtype, column):
    (row,) = [r for r in floating_point.max_ulp_table()
              if r["form"] == form and r["target"] == "ds" and r["dtype"] == dtype]
    return row[column]


@published(2, rounds="up")
def fp64_exp_overflow():
    return _threshold("naive", "exp_overflow", -1, "float64")


@published(2, rounds="up")
def fp32_exp_overflow():
    return _threshold("naive", "exp_overflow", -1, "float32")


@published(2, rounds="up")
def fp64_quotient_zero():
    return _threshold("quotient", "zero", -1, "float64")


@published(2, rounds="up")
def fp64_product_zero():
    return _threshold("product", "zero", 1, "float64")


@published(2, rounds="up")
def fp32_product_zero():
    return _threshold("product", "zero", 1, "float32")


@published(2, rounds="up")
def fp64_exact_derivative_zero():
    return _threshold("exact", "zero", 1, "float64")


@published(0, "int", rounds="up")
def fp64_recommended_max_ulp():
    return _max_ulp("recommended", "float64", "max_ulp_full")


@published(0, "int", rounds="up")
def fp32_recommended_max_ulp():
    return _max_ulp("recommended", "float32", "max_ulp_full")


# -- issue 10, floating point: the post's forms in relative terms, the written-out square, float32 ------------

def _post_grid(key):
    return float(floating_point.post_grid_comparison()[key].max())


@published(2, "sci", rounds="up")
def post_grid_max_relative_difference():
    """Largest |quotient - product| / s'(x) on the post's grid."""
    return _post_grid("relative_difference")


@published(0, "int", rounds="up")
def post_grid_max_ulp_difference():
    """Largest |quotient - product| on the post's grid, in ULPs of the correctly rounded s'."""
    return _post_grid("difference_ulp")


@published(0, "int", rounds="up")
def post_grid_quotient_max_ulp():
    return _post_grid("quotient_ulp")


@published(0, "int", rounds="up")
def post_grid_product_max_ulp():
    return _post_grid("product_ulp")


@published(0, "int", rounds="up")
def fp64_square_max_ulp():
    """e/(1+e)**2 from a correctly rounded e = exp(-|x|), float64."""
    return floating_point.square_out_comparison(np.float64)["square"]


@published(0, "int", rounds="up")
def fp64_written_out_max_ulp():
    """e/(1 + e(2+e)) from the same e, float64."""
    return floating_point.square_out_comparison(np.float64)["written_out"]


@published(0, "int", rounds="up")
def fp32_upcast_max_ulp():
    """The page's sigmoid_derivative_float32 (float64 inside, one rounding to float32)."""
    xs = floating_point.sample_points(np.float32)
    return float(floating_point.ulp_error(stable_sigmoid.sigmoid_derivative_float32, xs, np.float32).max())


@published(2, "sci")
def fp64_derivative_where_s_is_one():
    """The true s' at the first float64 x where the naive sigmoid returns exactly 1."""
    with mpmath.workdps(40):
        return float(floating_point.exact("ds", float(_threshold("naive", "one", 1, "float64"))))


# -- backpropagation (the Backpropagation page; the properties page's loss and connections) ------
# CS231n's sigmoid neuron, from the very code the page shows (docs/code/sigmoid_neuron.py).

def _neuron():
    import sigmoid_neuron
    return sigmoid_neuron


@published(0, "int")
def neuron_weighted_sum():
    return _neuron().z


@published(2)
def neuron_output():
    return _neuron().s


@published(2)
def neuron_local_gradient():
    return _neuron().dz


@published(2)
def neuron_gradient_x1():
    return _neuron().dx[0]


@published(2)
def neuron_gradient_x2():
    return _neuron().dx[1]


@published(2)
def neuron_gradient_w1():
    return _neuron().dw[0]


@published(2)
def neuron_gradient_w2():
    return _neuron().dw[1]


@published(2)
def neuron_gradient_bias():
    return _neuron().dw[2]


@published(0)  # fixed, so the minus sign is typeset
def gate_forward_negate():
    return _neuron().FORWARD["minus_z"]


@published(2)
def gate_forward_exp():
    return _neuron().FORWARD["exp"]


@published(2)
def gate_forward_plus_one():
    return _neuron().FORWARD["plus_one"]


@published(2)
def gate_forward_output():
    return _neuron().FORWARD["output"]


@published(2)
def gate_local_exp():
    """The exp gate's local gradient at its input: e^(-1)."""
    return _neuron().local["exp"]


@published(2)
def gate_local_reciprocal():
    """The 1/u gate's local gradient at its input: -1/u3^2."""
    return _neuron().local["1/u"]


@published(2)
def gate_backward_reciprocal():
    """The gradient on the 1/u gate's input: 1 (the output's own) times -1/u3^2."""
    return _neuron().BACKWARD["plus_one"]


@published(2)
def gate_backward_plus_one():
    return _neuron().BACKWARD["exp"]


@published(2)
def gate_backward_exp():
    return _neuron().BACKWARD["minus_z"]


@published(2)
def gate_backward_negate():
    return _neuron().BACKWARD["z"]


# A layer of two sigmoid units with three inputs, vectorised (docs/code/sigmoid_layer.py).

def _layer():
    import sigmoid_layer
    return sigmoid_layer


for _i in range(2):
    published(2, name=f"layer_z_{_i + 1}")(lambda i=_i: float(_layer().z[i]))
    published(4, name=f"layer_delta_{_i + 1}")(lambda i=_i: float(_layer().delta[i]))
    for _j in range(3):
        published(4, name=f"layer_dw_{_i + 1}{_j + 1}")(lambda i=_i, j=_j: float(_layer().dW[i, j]))
for _j in range(3):
    published(4, name=f"layer_dx_{_j + 1}")(lambda j=_j: float(_layer().dx[j]))


# A confidently wrong answer, z = -5 with label y = 1 (Goodfellow et al. 6.2.2.2), exactly.
WRONG_Z = -5


@published(4)
def wrong_answer_probability():
    """s(-5): the probability the unit gives the true label."""
    return float(definitions.s(WRONG_Z))


@published(4)
def wrong_answer_cross_entropy_gradient():
    """d/dz of -ln s(z) at z = -5: s(z) - y."""
    return float(definitions.s(WRONG_Z) - 1)


@published(2, "sci")
def wrong_answer_squared_error_gradient():
    """d/dz of (1/2)(s(z) - y)^2 at z = -5: (s(z) - y) s'(z)."""
    return float((definitions.s(WRONG_Z) - 1) * definitions.s_derivative(1, WRONG_Z))


@published(0, "int")
def wrong_answer_gradient_ratio():
    """How many times smaller squared error's gradient is: 1/s'(-5)."""
    return float(1 / definitions.s_derivative(1, WRONG_Z))


@published(6)
def logistic_variance():
    """The variance of the logistic distribution, the integral of x^2 s'(x), by quadrature
    (SymPy does not find it exactly); the page compares it with pi^2/3."""
    import stable_sigmoid
    from scipy import integrate
    area, _ = integrate.quad(lambda t: t * t * float(stable_sigmoid.sigmoid_derivative(t)), -np.inf, np.inf)
    return area


# The logistic loss from s(z) and from the logit (docs/code/log_sigmoid.py), in float64.

def _loss(form, z, y):
    import log_sigmoid
    return float(getattr(log_sigmoid, f"loss_from_{form}")(np.float64(z), y))


@published(4)
def loss_as_written_at_40():
    """Label 0, z = 40: -ln(1 - s(40)), where s(40) rounds to 1."""
    return _loss("probability", 40, 0)


@published(4)
def loss_from_logit_at_40():
    return _loss("logit", 40, 0)


@published(4)
def loss_as_written_at_minus_800():
    """Label 1, z = -800: -ln s(-800), where s(-800) rounds to 0."""
    return _loss("probability", -800, 1)


@published(4)
def loss_from_logit_at_minus_800():
    return _loss("logit", -800, 1)


# Two derivatives that do not use s(1 - s), against it on the post's grid (docs/code/autograd_check.py).

@published(2)
def autodiff_largest_fraction_of_tolerance():
    """The largest |JAX's derivative - s(1 - s)| on the grid, as a fraction of the page's tolerance."""
    import autograd_check
    return float(autograd_check.fractions["automatic differentiation"])


@published(2)
def central_difference_largest_fraction_of_tolerance():
    import autograd_check
    return float(autograd_check.fractions["central difference"])


@published(2, "sci")
def central_difference_step():
    import autograd_check
    return autograd_check.h


@published(2, "sci")
def machine_epsilon_cube_root():
    return float(np.cbrt(np.finfo(np.float64).eps))


@published(2, "sci")
def central_difference_truncation_bound():
    """h^2 max|s'''| / 6, with max|s'''| = |s'''(0)| = 1/8."""
    import autograd_check
    return autograd_check.h ** 2 / 48


@published(2, "sci")
def central_difference_rounding_bound():
    """4u max s / h, s below 1: the rounding of s(x + h) and s(x - h), divided by 2h."""
    import autograd_check
    return 4 * autograd_check.u / autograd_check.h


def _exact_central_difference(xv):
    """(s(x + h) - s(x - h)) / 2h in exact arithmetic at the grid float x (x +- h are floats too),
    evaluated to 40 digits, and the exact s'(x)."""
    import autograd_check
    h, xr = sp.Rational(autograd_check.h), sp.Rational(float(xv))
    difference = (definitions.s(xr + h) - definitions.s(xr - h)) / (2 * h)
    return difference.evalf(40), definitions.s_derivative(1, xr).evalf(40)


@functools.cache
def _central_difference_errors():
    """The largest truncation error |exact difference - s'(x)| and the largest rounding error
    |float64 difference - exact difference| on the grid."""
    import autograd_check
    truncation, rounding = 0.0, 0.0
    for xv, computed in zip(autograd_check.x, autograd_check.central_difference(autograd_check.x)):
        exact_difference, exact_derivative = _exact_central_difference(xv)
        truncation = max(truncation, float(abs(exact_difference - exact_derivative)))
        rounding = max(rounding, float(abs(sp.Float(float(computed), 40) - exact_difference)))
    return truncation, rounding


@published(2, "sci")
def central_difference_largest_truncation():
    return _central_difference_errors()[0]


@published(2, "sci")
def central_difference_largest_rounding():
    return _central_difference_errors()[1]


@functools.cache
def _ulps_from_exact(method):
    """[(x, |computed - s'(x)| in ULPs of s'(x))] on the grid, for s(1 - s) as the post computes
    it ("formula") or JAX's derivative ("autodiff"); s'(x) exact to 30 digits (SymPy)."""
    import autograd_check
    computed = {"formula": autograd_check.formula, "autodiff": autograd_check.autodiff}[method](autograd_check.x)
    rows = []
    for xv, value in zip(autograd_check.x, computed):
        exact = definitions.s_derivative(1, sp.Rational(float(xv))).evalf(30)
        rows.append((float(xv), float(abs(sp.Float(float(value), 30) - exact) / float(np.spacing(float(exact))))))
    return rows


def _worst(method, side):
    """(largest error in ULPs, the x where it is) over the grid's x > 0 (side 1) or x < 0 (side -1)."""
    return max((ulps, xv) for xv, ulps in _ulps_from_exact(method) if xv * side > 0)


@published(0, rounds="up")  # "up to", "at most"
def formula_worst_ulps_positive_x():
    return _worst("formula", 1)[0]


@published(1)
def formula_worst_x_positive():
    return _worst("formula", 1)[1]


@published(1, rounds="up")  # "up to", "at most"
def formula_worst_ulps_negative_x():
    return _worst("formula", -1)[0]


@published(1)
def formula_worst_x_negative():
    return _worst("formula", -1)[1]


@published(2, rounds="up")  # "up to", "at most"
def autodiff_worst_ulps():
    """JAX's derivative of 1/(1 + e^-x) against the exact s'(x), over the whole grid."""
    return max(ulps for _, ulps in _ulps_from_exact("autodiff"))
