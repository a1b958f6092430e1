"""The independent oracles every test compares the site with, in one place: mpmath at 300 bits
(about 90 digits), exact arithmetic, closed forms, and plain-Python floats for the rounding
experiment. Nothing here imports the project's numerical code.

- VALUES: one oracle per published number (scripts/sigmoid/values.py); a tuple is a bound.
- LINES: one oracle per figure line gid (scripts/sigmoid/figures.py).
- SAMPLED: the published numbers whose oracle measures code point by point over a grid or a sample.
"""

import functools
import math
from fractions import Fraction

import mpmath
import numpy as np

mpmath.mp.prec = 300
E = mpmath.e


def _mpf(x):
    return x if isinstance(x, mpmath.mpf) else mpmath.mpf(float(x))  # float32, float64, int


def s(x):
    return 1 / (1 + mpmath.exp(-_mpf(x)))


def ds(x):
    """s'(x) as e/(1+e)^2 with e = exp(-|x|): s(1-s) would cancel at high |x| even here."""
    e = mpmath.exp(-abs(_mpf(x)))
    return e / (1 + e) ** 2


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
    import stable_sigmoid  # the code the page shows

    rng = np.random.default_rng(1)
    xs = np.concatenate([rng.uniform(-30, 30, 1500), rng.uniform(-740, 740, 500)]).astype(dtype)
    with np.errstate(all="ignore"):
        ys = stable_sigmoid.sigmoid_derivative(xs)  # in dtype, as a reader runs it
    worst = 0.0
    for xv, yv in zip(xs, ys):
        e = mpmath.exp(-abs(mpmath.mpf(float(xv))))
        truth = dtype(float(e / (1 + e) ** 2))
        worst = max(worst, abs(float(yv) - float(truth)) / float(np.spacing(truth)))
    return worst


def measured_float32_upcast_max_ulp():
    """The page's sigmoid_derivative_float32 against mpmath on an independent random sample."""
    import stable_sigmoid

    rng = np.random.default_rng(4)
    xs = np.concatenate([rng.uniform(-30, 30, 1500), rng.uniform(-105, 105, 500)]).astype(np.float32)
    ys = stable_sigmoid.sigmoid_derivative_float32(xs)
    worst = 0.0
    for xv, yv in zip(xs, ys):
        truth = np.float32(float(ds(abs(mpmath.mpf(float(xv))))))
        worst = max(worst, abs(float(yv) - float(truth)) / float(np.spacing(truth)))
    return worst


def post_grid_ulps():
    """The post's two forms, point by point in NumPy float64 scalars (the same exp as the page's
    code: the last bits depend on it), against mpmath: (errors of the quotient, errors of the
    product, differences) in ULPs of the correctly rounded s', and the relative differences."""
    rows = []
    for x in matlab_grid_in_python_floats():
        x = np.float64(x)
        quotient = float(np.exp(-x) / (1 + np.exp(-x)) ** 2)
        sig = 1 / (1 + np.exp(-x))
        product = float(sig * (1 - sig))
        truth = ds(mpmath.mpf(float(x)))
        c = float(truth)  # mpmath rounds to nearest
        u = math.ulp(c)
        rows.append((abs(quotient - c) / u, abs(product - c) / u, abs(quotient - product) / u,
                     abs(quotient - product) / truth))
    return [max(col) for col in zip(*rows)]


def measured_square_out(kind):
    """e/(1+e)**2 ("square") or e/(1 + e(2+e)) ("written_out") in Python floats, with e = exp(-|x|)
    correctly rounded by mpmath, against mpmath, on an independent random sample: a lower bound."""
    rng = np.random.default_rng(5)
    worst = 0.0
    for x in rng.uniform(-30, 30, 3000):
        e = float(mpmath.exp(-abs(mpmath.mpf(x))))
        y = e / (1 + e) ** 2 if kind == "square" else e / (1 + e * (2 + e))
        c = float(ds(mpmath.mpf(x)))
        worst = max(worst, abs(y - c) / math.ulp(c))
    return worst


LN_MAX64, LN_MAX32 = mpmath.log(mpmath.mpf(2) ** 1024), mpmath.log(mpmath.mpf(2) ** 128)

# The Backpropagation page's layer (docs/code/sigmoid_layer.py): L = sum_i g_i s(z_i) with
# z = W x + b, so that the gradient arriving on unit i's output is g_i; every gradient below is
# mpmath's numerical derivative of L at 40 digits, not the backward pass's formulas.
LAYER_W = [["0.5", "-1.0", "2.0"], ["1.5", "0.5", "-0.5"]]
LAYER_B, LAYER_X, LAYER_G = ["0.1", "-0.2"], ["1.0", "-2.0", "0.5"], ["1.0", "-1.0"]


def _layer_loss(W, b, x):
    return sum(mpmath.mpf(g) * s(sum(W[i][j] * x[j] for j in range(3)) + b[i]) for i, g in enumerate(LAYER_G))


def layer_gradient(what, i=0, j=0):
    """d L / d what[i][j] (W), what[i] (b, z) or what[j] (x), numerically at 40 digits."""
    with mpmath.workdps(40):
        W = [[mpmath.mpf(v) for v in row] for row in LAYER_W]
        b, x = [mpmath.mpf(v) for v in LAYER_B], [mpmath.mpf(v) for v in LAYER_X]
        if what == "z":
            return sum(W[i][j] * x[j] for j in range(3)) + b[i]

        def at(t):
            W2, b2, x2 = [row[:] for row in W], b[:], x[:]
            if what == "W":
                W2[i][j] = t
            elif what == "b":
                b2[i] = t
            else:
                x2[j] = t
            return _layer_loss(W2, b2, x2)
        start = {"W": W[i][j], "b": b[i], "x": x[j]}[what]
        return mpmath.diff(at, start)


# A tuple is a bound: (at least, at most).
VALUES = {
    **{f"layer_z_{i + 1}": (lambda i=i: layer_gradient("z", i)) for i in range(2)},
    # delta_i = dL/dz_i = dL/db_i: the bias enters z_i with slope 1
    **{f"layer_delta_{i + 1}": (lambda i=i: layer_gradient("b", i)) for i in range(2)},
    **{f"layer_dw_{i + 1}{j + 1}": (lambda i=i, j=j: layer_gradient("W", i, j)) for i in range(2) for j in range(3)},
    **{f"layer_dx_{j + 1}": (lambda j=j: layer_gradient("x", 0, j)) for j in range(3)},
    "grid_points": lambda: len(matlab_grid_in_python_floats()),
    "max_form_difference": max_form_difference,
    "machine_epsilon": lambda: mpmath.mpf(2) ** -52,
    "grid_max_derivative": lambda: max(ds(mpmath.mpf(k) / 10) for k in range(-100, 101)),
    "derivative_tenth_at": lambda: mpmath.findroot(lambda x: ds(x) - mpmath.mpf(1) / 10, 2),
    "derivative_tenth_bound": lambda: mpmath.findroot(lambda x: ds(x) - mpmath.mpf(1) / 10, 2),
    "inflection_of_derivative": lambda: mpmath.log(2 + mpmath.sqrt(3)),
    "saturation_one_percent": lambda: mpmath.findroot(lambda x: ds(x) - mpmath.mpf("0.01"), 4.6),
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
    # a priori: NumPy's float32 exp is up to 2 ULP off (measured), and four roundings follow
    "fp32_recommended_max_ulp": lambda: (measured_max_ulp(np.float32), 4),
    "fp32_upcast_max_ulp": lambda: (measured_float32_upcast_max_ulp(), 1),  # one rounding of a close float64
    "fp64_derivative_where_s_is_one": lambda: ds(53 * mpmath.log(2)),  # 1 + e^-x rounds to 1
    "post_grid_quotient_max_ulp": lambda: post_grid_ulps()[0],
    "post_grid_product_max_ulp": lambda: post_grid_ulps()[1],
    "post_grid_max_ulp_difference": lambda: post_grid_ulps()[2],
    "post_grid_max_relative_difference": lambda: post_grid_ulps()[3],
    # a priori bounds: half an ULP from e plus the roundings after it (2 to 5 half-ULP relative)
    "fp64_square_max_ulp": lambda: (measured_square_out("square"), 5),
    "fp64_written_out_max_ulp": lambda: (measured_square_out("written_out"), 5),
}

# Figure lines: gid -> the function of x (or of n) that the line draws.
LINES = {
    "s": s,
    "ds_quotient": ds,
    "ds_product": ds,
    "d2s": lambda x: mpmath.diff(s, x, 2),
    "d3s": lambda x: mpmath.diff(s, x, 3),
    "quarter_power": lambda n: mpmath.mpf(1) / 4 ** int(n),
    "tangent_at_0": lambda x: s(0) + ds(0) * _mpf(x),  # the explorer's picture at x = 0
    "tangent_at_-2": lambda x: s(-2) + ds(-2) * (_mpf(x) + 2),  # the derivative figure's tangent
    "ulp_difference": lambda x: post_forms_ulp_difference(float(x)),
}


def post_forms_ulp_difference(x):
    """The post's two forms of s' at x as a reader types them in NumPy float64 (the same exp: a
    difference in the last bits depends on it), their difference in ULPs of the first."""
    x = np.float64(x)
    quotient = float(np.exp(-x) / (1 + np.exp(-x)) ** 2)
    sig = 1 / (1 + np.exp(-x))
    return abs(quotient - float(sig * (1 - sig))) / math.ulp(quotient)

# The explorer's presets (derivative page): the maximum of s', where s' = 1/6, a saturated point.
EXPLORER_PRESETS = {"0": mpmath.mpf(0), "-ln(2+sqrt3)": -mpmath.log(2 + mpmath.sqrt(3)),
                    "ln(2+sqrt3)": mpmath.log(2 + mpmath.sqrt(3)), "8": mpmath.mpf(8)}


# -- backpropagation (the Backpropagation page, the properties page's loss) --------------------
# CS231n's neuron by hand: w = (2, -3), bias -3, x = (-1, -2), so z = 2 + 6 - 3 = 1.
_Z, _C = 1, 1 + mpmath.exp(-1)  # the weighted sum; 1 + e^{-z}, the input of the 1/u gate


def _written_sigmoid_is_one(z):
    """Whether 1/(1 + exp(-z)) computes as exactly 1 in float64: 1 + e^{-z} rounds to 1 when
    e^{-z} is at most half a spacing of 1, 2^-53 (a tie goes to the even 1)."""
    return mpmath.exp(-z) <= mpmath.mpf(2) ** -53


def _written_sigmoid_is_zero(z):
    """Whether 1/(1 + exp(-z)) computes as 0 in float64: exp(-z) overflows to inf."""
    return -z > LN_MAX64


VALUES.update({
    "neuron_weighted_sum": lambda: 2 * -1 + -3 * -2 + -3,
    "neuron_output": lambda: s(_Z),
    "neuron_local_gradient": lambda: ds(_Z),
    "neuron_gradient_x1": lambda: 2 * ds(_Z),
    "neuron_gradient_x2": lambda: -3 * ds(_Z),
    "neuron_gradient_w1": lambda: -1 * ds(_Z),
    "neuron_gradient_w2": lambda: -2 * ds(_Z),
    "neuron_gradient_bias": lambda: ds(_Z),
    "gate_forward_negate": lambda: -_Z,
    "gate_forward_exp": lambda: mpmath.exp(-_Z),
    "gate_forward_plus_one": lambda: _C,
    "gate_forward_output": lambda: 1 / _C,
    "gate_local_exp": lambda: mpmath.exp(-_Z),
    "gate_local_reciprocal": lambda: -1 / _C ** 2,
    "gate_backward_reciprocal": lambda: -1 / _C ** 2,
    "gate_backward_plus_one": lambda: -1 / _C ** 2,
    "gate_backward_exp": lambda: -mpmath.exp(-_Z) / _C ** 2,
    "gate_backward_negate": lambda: mpmath.exp(-_Z) / _C ** 2,
    # z = -5, y = 1: s(z) - y, and (s(z) - y) s'(z), and their ratio 1/s'(z)
    "wrong_answer_probability": lambda: s(-5),
    "wrong_answer_cross_entropy_gradient": lambda: s(-5) - 1,
    "wrong_answer_squared_error_gradient": lambda: (s(-5) - 1) * ds(-5),
    "wrong_answer_gradient_ratio": lambda: 1 / ds(-5),
    # the loss as written is infinite exactly when s(z) rounds to 1 (label 0) or to 0 (label 1);
    # from the logit it is softplus(z) or softplus(-z). A tuple is a bound: (inf, inf) is inf.
    "loss_as_written_at_40": lambda: (math.inf, math.inf) if _written_sigmoid_is_one(40) else -mpmath.log(s(-40)),
    "loss_from_logit_at_40": lambda: mpmath.log(1 + mpmath.exp(40)),
    "loss_as_written_at_minus_800": lambda: ((math.inf, math.inf) if _written_sigmoid_is_zero(-800)
                                             else -mpmath.log(s(-800))),
    "loss_from_logit_at_minus_800": lambda: mpmath.log(1 + mpmath.exp(800)),
    "logistic_variance": lambda: mpmath.quad(lambda x: x * x * ds(x), [-mpmath.inf, 0, mpmath.inf]),
})


# The autodiff cross-check: JAX's derivative of 1/(1 + e^-x) from primitive operations and the
# central difference with h = 2^-17, against s(1 - s), point by point in Python floats (NumPy
# float64 scalars: the same exp as the page's code, whose last bits the rounding depends on).
_U, _H = mpmath.mpf(2) ** -53, mpmath.mpf(2) ** -17


def _float_sigmoid(x):
    return 1 / (1 + np.exp(-np.float64(x)))


def jax_primitive_derivative(x):
    """jax.grad of the sigmoid written as 1/(1 + exp(-x)), at one float64 point."""
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)
    return float(jax.grad(lambda t: 1 / (1 + jnp.exp(-t)))(float(x)))


@functools.cache
def cross_check_fractions():
    """The largest |check - s(1 - s)| on the post's grid over the tolerance the page derives:
    23u s(x) for JAX (6u s for s(1 - s), 17u s' for JAX's chain), (6u + 4u/h + h^2/6) s(x + h) for
    the central difference. (automatic differentiation, central difference)."""
    u, h = float(_U), float(_H)
    worst_ad, worst_cd = 0.0, 0.0
    for x in matlab_grid_in_python_floats():
        sig = _float_sigmoid(x)
        claimed = float(sig * (1 - sig))
        central = float((_float_sigmoid(x + h) - _float_sigmoid(x - h)) / (2 * h))
        worst_ad = max(worst_ad, abs(jax_primitive_derivative(x) - claimed) / (23 * u * float(sig)))
        central_tolerance = (6 * u + 4 * u / h + h * h / 6) * float(_float_sigmoid(x + h))
        worst_cd = max(worst_cd, abs(central - claimed) / central_tolerance)
    return worst_ad, worst_cd


@functools.cache
def central_difference_errors():
    """(largest truncation error, largest rounding error) of the float64 central difference on the
    grid. Truncation from its Taylor series, h^2/6 s'''(x) + h^4/120 s^(5)(x) (the rest is some
    h^4 = 3e-21 times smaller), s''' and s^(5) by mpmath's numerical differentiation; rounding against the
    difference quotient of mpmath's s at the same floats x +- h."""
    truncation, rounding = mpmath.mpf(0), mpmath.mpf(0)
    h = float(_H)
    for x in matlab_grid_in_python_floats():
        truncation = max(truncation, abs(_H ** 2 / 6 * mpmath.diff(s, x, 3) + _H ** 4 / 120 * mpmath.diff(s, x, 5)))
        exact = (s(mpmath.mpf(x) + _H) - s(mpmath.mpf(x) - _H)) / (2 * _H)
        central = (_float_sigmoid(x + h) - _float_sigmoid(x - h)) / (2 * h)
        rounding = max(rounding, abs(mpmath.mpf(float(central)) - exact))
    return truncation, rounding


@functools.cache
def worst_ulps(method, side=0):
    """(largest |computed - s'(x)| in ULPs of s'(x), the grid x where it is), over x > 0 (side 1),
    x < 0 (side -1) or the whole grid (0): s(1 - s) in NumPy float64 scalars or JAX's derivative."""
    rows = []
    for x in matlab_grid_in_python_floats():
        if side and x * side <= 0:
            continue
        if method == "formula":
            sig = _float_sigmoid(x)
            computed = float(sig * (1 - sig))
        else:
            computed = jax_primitive_derivative(x)
        truth = ds(x)
        rows.append((abs(computed - truth) / math.ulp(float(truth)), x))
    return max(rows)


VALUES.update({
    "autodiff_largest_fraction_of_tolerance": lambda: cross_check_fractions()[0],
    "central_difference_largest_fraction_of_tolerance": lambda: cross_check_fractions()[1],
    "central_difference_step": lambda: _H,
    "machine_epsilon_cube_root": lambda: mpmath.cbrt(2 * _U),
    # the largest |s'''| is |s'''(0)| = |s'(0)(1 - 6 s'(0))| = 1/8; the rounding bound takes s below 1
    "central_difference_truncation_bound": lambda: _H ** 2 / 6 * abs(mpmath.diff(s, 0, 3)),
    "central_difference_rounding_bound": lambda: 4 * _U / _H,
    "central_difference_largest_truncation": lambda: central_difference_errors()[0],
    "central_difference_largest_rounding": lambda: central_difference_errors()[1],
    "formula_worst_ulps_positive_x": lambda: worst_ulps("formula", 1)[0],
    "formula_worst_x_positive": lambda: worst_ulps("formula", 1)[1],
    "formula_worst_ulps_negative_x": lambda: worst_ulps("formula", -1)[0],
    "formula_worst_x_negative": lambda: worst_ulps("formula", -1)[1],
    "autodiff_worst_ulps": lambda: worst_ulps("autodiff")[0],
})


# -- the family: tanh (docs/tanh.md) ------------------------------------------------------------

MEASURE_BITS = 128  # a float64's error in ULP needs the true value to far fewer digits than 300 bits

def dtanh(x):
    """tanh'(x) = 1/cosh(x)^2, which cancels nowhere."""
    return 1 / mpmath.cosh(_mpf(x)) ** 2


TANH_SAMPLE = [k / 100 for k in range(3001)]  # the page's "every multiple of 0.01 from 0 to 30"


@functools.cache
def tanh_form_ulps(form, below=math.inf):
    """The largest error in ULP of a derivative form of the page's code over TANH_SAMPLE (x below
    `below`), against mpmath."""
    import tanh_gradient  # the code the page shows

    xs = np.array([x for x in TANH_SAMPLE if x < below])
    ys = (tanh_gradient.tanh_derivative_from_input(xs) if form == "input"
          else tanh_gradient.tanh_derivative_from_output(np.tanh(xs)))
    return max(abs(mpmath.mpf(float(y)) - dtanh(x)) / math.ulp(float(dtanh(x))) for x, y in zip(xs, ys))


def tanh_thousandth():
    return mpmath.atanh(mpmath.sqrt(1 - mpmath.mpf(1) / 1000))


# tanh rounds to 1 between where 1 - tanh(x) is 2^-53 (a faithful rounding may already give 1)
# and 2^-54 (half the gap below 1: a correct rounding gives 1), and 1 - y^2 is 0 iff y is 1.
TANH_ROUNDS_TO_ONE = (mpmath.atanh(1 - mpmath.mpf(2) ** -53), mpmath.atanh(1 - mpmath.mpf(2) ** -54))

VALUES.update({
    "tanh_saturation_thousandth": tanh_thousandth,
    "sigmoid_saturation_thousandth": lambda: mpmath.findroot(lambda x: ds(x) - mpmath.mpf(1) / 1000, 7),
    "tanh_half_slope_at": lambda: mpmath.log(1 + mpmath.sqrt(2)),
    "tanh_sample_step": lambda: TANH_SAMPLE[1] - TANH_SAMPLE[0],
    "tanh_sample_end": lambda: TANH_SAMPLE[-1],
    # measured again on the same points; a priori: cosh within 2 ULP, then two roundings
    "tanh_input_form_max_ulp": lambda: (tanh_form_ulps("input"), 6),
    "tanh_output_form_max_ulp": lambda: tanh_form_ulps("output", below=tanh_thousandth()),
    "tanh_output_form_zero": lambda: TANH_ROUNDS_TO_ONE,
    "tanh_slope_where_output_zero": lambda: (dtanh(TANH_ROUNDS_TO_ONE[1]), dtanh(TANH_ROUNDS_TO_ONE[0])),
})

LINES.update({"tanh": lambda x: mpmath.tanh(_mpf(x)), "dtanh": dtanh})


# -- the family: softplus (docs/softplus.md) ----------------------------------------------------

def softplus(x):
    return mpmath.log1p(mpmath.exp(_mpf(x)))


SOFTPLUS_SAMPLE = [k / 10 for k in range(-8000, 8001)]  # "every multiple of 0.1 from -800 to 800"


@functools.cache
def softplus_form_errors(form, relative=False):
    """The largest error of a form of the page's code over SOFTPLUS_SAMPLE: in ULP of the true value
    (a 0 or inf counts), or relative to it where the form gives a finite, nonzero result."""
    import softplus_stable  # the code the page shows

    xs = np.array(SOFTPLUS_SAMPLE)
    with np.errstate(over="ignore"):
        ys = getattr(softplus_stable, form)(xs)
    worst = 0
    with mpmath.workprec(MEASURE_BITS):
        for x, y in zip(xs, ys):
            if relative and not (math.isfinite(y) and y != 0):
                continue  # the naive form's relative error before it fails (the page names its failures)
            error = abs(mpmath.mpf(float(y)) - softplus(x)) if math.isfinite(y) else mpmath.inf
            worst = max(worst, error / softplus(x) if relative else error / math.ulp(float(softplus(x))))
    return worst


VALUES.update({
    "softplus_gap_at_zero": lambda: mpmath.log(2),
    "softplus_sample_end": lambda: SOFTPLUS_SAMPLE[-1],
    "softplus_sample_step": lambda: SOFTPLUS_SAMPLE[1] - SOFTPLUS_SAMPLE[0],
    "softplus_naive_max_relative_error": lambda: softplus_form_errors("softplus_naive", relative=True),
    # measured again; a priori: exp and log1p within an ULP each, then one addition
    "softplus_stable_max_ulp": lambda: (softplus_form_errors("softplus"), 3),
    # PyTorch's documented threshold (torch.nn.Softplus): x returned for softplus(x) above 20
    "softplus_threshold_correction": lambda: mpmath.log1p(mpmath.exp(-20)),
    "softplus_threshold_error_ulp": lambda: mpmath.log1p(mpmath.exp(-20)) / math.ulp(20.0),
})

LINES.update({"softplus": softplus, "relu": lambda x: max(0, _mpf(x))})


# -- the family: SiLU (docs/silu.md) ------------------------------------------------------------

def silu(x):
    return _mpf(x) * s(x)


def dsilu(x):
    """s(x) + x s'(x), with s' as e/(1+e)^2: nothing cancels at 300 bits."""
    return s(x) + _mpf(x) * ds(x)


SILU_MIN_AT = -1 - mpmath.lambertw(mpmath.exp(-1)).real  # SiLU' = 0: 1 + x(1 - s(x)) = 0
SILU_STEEPEST_AT = mpmath.findroot(lambda x: mpmath.diff(dsilu, x), 2.4)
SILU_SAMPLE = [k / 100 for k in range(4001)]  # "every multiple of 0.01 from 0 to 40"


@functools.cache
def silu_form_ulps(form):
    """The largest error in ULP of a derivative form of the page's code over SILU_SAMPLE."""
    import silu_gradient  # the code the page shows

    xs = np.array(SILU_SAMPLE)
    ys = getattr(silu_gradient, form)(xs)
    return max(abs(mpmath.mpf(float(y)) - dsilu(x)) / math.ulp(float(dsilu(x))) for x, y in zip(xs, ys))


VALUES.update({
    "silu_min_at": lambda: SILU_MIN_AT,
    "silu_min_value": lambda: silu(SILU_MIN_AT),
    "silu_steepest_at": lambda: SILU_STEEPEST_AT,
    "silu_max_slope": lambda: dsilu(SILU_STEEPEST_AT),
    "silu_sample_end": lambda: SILU_SAMPLE[-1],
    "silu_sample_step": lambda: SILU_SAMPLE[1] - SILU_SAMPLE[0],
    # measured again; a priori: 1 - s cancels, and x(1 - s) can be off by x ULP of 1 (about 40)
    "silu_product_form_max_ulp": lambda: (silu_form_ulps("silu_derivative_product"), 45),
    # measured again; a priori: s and s' within a few ULP each, a product and a sum
    "silu_sum_form_max_ulp": lambda: (silu_form_ulps("silu_derivative_sum"), 4),
})

LINES.update({"silu": silu, "dsilu": dsilu})


# -- the family: GELU (docs/gelu.md) ------------------------------------------------------------

def normal_cdf(x):
    return mpmath.ncdf(_mpf(x))


def gelu(x):
    return _mpf(x) * normal_cdf(x)


def dgelu(x):
    return normal_cdf(x) + _mpf(x) * mpmath.npdf(_mpf(x))


GELU_MIN_AT = mpmath.findroot(dgelu, -0.75)
# Hendrycks and Gimpel, arXiv:1606.08415, section 2: the approximations' constants as the paper prints them
GELU_PAPER_TANH_CUBIC, GELU_PAPER_SIGMOID_SCALE = mpmath.mpf("0.044715"), mpmath.mpf("1.702")


@functools.cache
def gelu_gap(approximation):
    """(largest |approximation - GELU| over x >= 0, where): the gap is even, and smooth; the largest
    of a scan in steps of 1/100 to 10, refined where the gap's slope is 0 by findroot."""
    gap = lambda x: approximation(x) - gelu(x)  # noqa: E731
    best = max((mpmath.mpf(k) / 100 for k in range(1, 1001)), key=lambda x: abs(gap(x)))
    where = mpmath.findroot(lambda x: mpmath.diff(gap, x), best)
    return abs(gap(where)), where


def gelu_tanh_form(x):
    x = _mpf(x)
    return x / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (x + GELU_PAPER_TANH_CUBIC * x**3)))


def gelu_sigmoid_form(x):
    return _mpf(x) * s(GELU_PAPER_SIGMOID_SCALE * _mpf(x))


GELU_SAMPLE = [k / 100 for k in range(-3000, 3001)]  # "every multiple of 0.01 from -30 to 30"


def gelu_form_errors(form, relative=False, positive=False):
    """The largest error of a form of the page's code over GELU_SAMPLE (x != 0; x > 0 only if
    `positive`): in ULP of the true value, or relative to it where the form is not 0."""
    return max(error for x, error in _gelu_form_errors(form, relative) if x > 0 or not positive)


@functools.cache
def _gelu_form_errors(form, relative):
    import gelu_forms  # the code the page shows

    xs = np.array([x for x in GELU_SAMPLE if x != 0])
    ys = getattr(gelu_forms, form)(xs)
    errors = []
    with mpmath.workprec(MEASURE_BITS):
        for x, y in zip(xs, ys):
            if relative and y == 0:
                continue
            error = abs(mpmath.mpf(float(y)) - gelu(x))
            errors.append((x, error / abs(gelu(x)) if relative else error / math.ulp(float(abs(gelu(x))))))
    return errors


# erf(z) rounds to -1 once 1 + erf(z) = 2 Phi(x) is below half the gap above -1 (2^-54), or, with a
# faithful erf, below the gap (2^-53): gelu_naive is 0 from there on (Phi = 2^-55 or 2^-54)
GELU_NAIVE_ZERO = tuple(mpmath.findroot(lambda x, e=e: mpmath.ncdf(x) - mpmath.mpf(2) ** -e, -8.3) for e in (54, 55))

VALUES.update({
    "gelu_min_at": lambda: GELU_MIN_AT,
    "gelu_min_value": lambda: gelu(GELU_MIN_AT),
    "gelu_tanh_cubic": lambda: GELU_PAPER_TANH_CUBIC,
    "gelu_sigmoid_scale": lambda: GELU_PAPER_SIGMOID_SCALE,
    "gelu_tanh_max_error": lambda: gelu_gap(gelu_tanh_form)[0],
    "gelu_tanh_max_error_at": lambda: gelu_gap(gelu_tanh_form)[1],
    "gelu_sigmoid_max_error": lambda: gelu_gap(gelu_sigmoid_form)[0],
    "gelu_naive_zero_below": lambda: (-GELU_NAIVE_ZERO[0], -GELU_NAIVE_ZERO[1]),
    "gelu_sample_end": lambda: GELU_SAMPLE[-1],
    "gelu_sample_step": lambda: GELU_SAMPLE[1] - GELU_SAMPLE[0],
    # measured again; a priori: erfc within a few ULP, then a division, two products
    "gelu_stable_max_ulp_positive": lambda: (gelu_form_errors("gelu", positive=True), 6),
    "gelu_stable_max_ulp": lambda: gelu_form_errors("gelu"),
    "gelu_naive_max_relative_error": lambda: gelu_form_errors("gelu_naive", relative=True),
    "gelu_at_sample_end": lambda: gelu(GELU_SAMPLE[0]),
})

LINES.update({"gelu": gelu, "dgelu": dgelu})


# -- the family: the softmax's worked example (docs/softmax.md) -----------------------------------

SOFTMAX_SCORES = [mpmath.mpf("2.0"), mpmath.mpf("1.0"), mpmath.mpf("0.1")]  # the example's scores
SOFTMAX_LABEL = [1, 0, 0]


def softmax_probability(i, z=SOFTMAX_SCORES):
    return mpmath.exp(z[i]) / mpmath.fsum(mpmath.exp(v) for v in z)


def softmax_jacobian_entry(i, j):
    """dp_i/dz_j by mpmath's numerical differentiation of p_i, not from the p_i(delta_ij - p_j) formula."""
    def p_i(t):
        z = list(SOFTMAX_SCORES)
        z[j] = t
        return softmax_probability(i, z)
    return mpmath.diff(p_i, SOFTMAX_SCORES[j])


def cross_entropy_gradient(j):
    """dL/dz_j of L = -sum_k y_k ln p_k, by numerical differentiation."""
    def loss(t):
        z = list(SOFTMAX_SCORES)
        z[j] = t
        return -mpmath.fsum(y * mpmath.log(softmax_probability(k, z)) for k, y in enumerate(SOFTMAX_LABEL) if y)
    return mpmath.diff(loss, SOFTMAX_SCORES[j])


VALUES.update({
    **{f"softmax_z{i + 1}": (lambda i=i: SOFTMAX_SCORES[i]) for i in range(3)},
    **{f"softmax_p{i + 1}": (lambda i=i: softmax_probability(i)) for i in range(3)},
    **{f"softmax_grad{j + 1}": (lambda j=j: cross_entropy_gradient(j)) for j in range(3)},
    **{f"softmax_jac{i + 1}{j + 1}": (lambda i=i, j=j: softmax_jacobian_entry(i, j))
       for i in range(3) for j in range(3)},
    "softmax_overflow_shift": lambda: mpmath.ceil(LN_MAX64),  # the least whole e^t past the largest float64
})


# -- the family's comparison table (docs/family.md) ---------------------------------------------

VALUES.update({
    "softplus_saturation_thousandth": lambda: mpmath.log(999),  # softplus' = s, and s(-ln 999) = 1/1000
    "silu_saturation_thousandth": lambda: -mpmath.findroot(lambda x: -dsilu(x) - mpmath.mpf(1) / 1000, -9),
    "gelu_saturation_thousandth": lambda: -mpmath.findroot(lambda x: -dgelu(x) - mpmath.mpf(1) / 1000, -3.8),
    "gelu_max_slope": lambda: dgelu(mpmath.sqrt(2)),
})


# The published numbers whose oracle measures code point by point over a grid or a sample (NumPy or
# JAX against mpmath): 0.05 to 0.7 s each, about 5 of the 49 core-s `make check` took with them. Their
# tests are marked slow: `make test` runs them, the edit loop leaves them out as it does the other long
# sampled float checks. A number missing here is only checked sooner.
SAMPLED = frozenset({
    "autodiff_largest_fraction_of_tolerance", "central_difference_largest_fraction_of_tolerance",
    "autodiff_worst_ulps", "central_difference_largest_truncation", "central_difference_largest_rounding",
    "fp64_recommended_max_ulp", "fp32_recommended_max_ulp", "fp32_upcast_max_ulp",
    "fp64_square_max_ulp", "fp64_written_out_max_ulp",
    "tanh_input_form_max_ulp", "tanh_output_form_max_ulp",
    "softplus_naive_max_relative_error", "softplus_stable_max_ulp",
    "silu_product_form_max_ulp", "silu_sum_form_max_ulp",
    "gelu_tanh_max_error", "gelu_tanh_max_error_at", "gelu_sigmoid_max_error",
    "gelu_stable_max_ulp_positive", "gelu_stable_max_ulp", "gelu_naive_max_relative_error",
})
