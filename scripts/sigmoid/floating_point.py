"""The sigmoid and its derivative in float32 and float64.

Textbook forms of s'(x), a recommended s and s', failure thresholds found by
exact search over the floats, and ULP errors against a correctly rounded
mpmath reference. Everything here is computed; nothing is a typed-in constant.
"""

import functools
import math

import mpmath
import numpy as np
import stable_sigmoid  # the code the floating-point page shows: every accuracy figure is measured on it

DTYPES = (np.float32, np.float64)
REF_PREC = 256  # mpmath bits: far more than the 53 a correct rounding decision needs here


def _quiet(fn):
    # Overflow, underflow and inf/inf are what this page is about: no warnings.
    @functools.wraps(fn)
    def wrapper(x):
        with np.errstate(all="ignore"):
            return fn(x)

    return wrapper


def _as_float(x):
    """float32 stays float32; anything else (ints, float16, Python floats) becomes float64."""
    x = np.asarray(x)
    return x if x.dtype in (np.float32, np.float64) else x.astype(np.float64)


# --- Textbook forms. Each computes in the input dtype, nothing upcast. ---


@_quiet
def sigmoid_naive(x):
    """1/(1+exp(-x)): exp overflows for large negative x."""
    x = _as_float(x)
    return 1 / (1 + np.exp(-x))


@_quiet
def d_quotient(x):
    x = _as_float(x)
    e = np.exp(-x)
    return e / (1 + e) ** 2


@_quiet
def d_positive(x):
    x = _as_float(x)
    e = np.exp(x)
    return e / (1 + e) ** 2


@_quiet
def d_product(x):
    s = sigmoid_naive(x)
    return s * (1 - s)


@_quiet
def d_symmetric(x):
    x = _as_float(x)
    return sigmoid_naive(x) * sigmoid_naive(-x)


@_quiet
def d_abs(x):
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    return e / (1 + e) ** 2


@_quiet
def d_sech(x):
    x = _as_float(x)
    return 0.25 / np.cosh(x / 2) ** 2


FORMS = {
    "quotient": ("quotient", r"\frac{e^{-x}}{(1+e^{-x})^2}", d_quotient),
    "positive": ("positive exponent", r"\frac{e^{x}}{(1+e^{x})^2}", d_positive),
    "product": ("product s(1-s)", r"s(x)\,\bigl(1-s(x)\bigr)", d_product),
    "symmetric": ("symmetric s(x)s(-x)", r"s(x)\,s(-x)", d_symmetric),
    "abs": ("absolute value", r"\frac{e^{-|x|}}{(1+e^{-|x|})^2}", d_abs),
    "sech": ("sech", r"\tfrac14\operatorname{sech}^2(x/2)", d_sech),
}


# --- Recommended s and s'. ---
# The page shows and the tables measure stable_sigmoid. These blocked versions compute the same
# formulas faster (the benchmark's "recommended dsigmoid"); float32 input goes through float64
# like stable_sigmoid.sigmoid_derivative_float32. The tests check they agree bit for bit.

# Work in blocks so the float64 temporaries stay in cache: this is what keeps
# the extra passes (and the float32 -> float64 -> float32 trip) cheap.
_BLOCK = 1 << 14


def _blockwise(kernel, x):
    x = _as_float(x)
    out = np.empty(x.shape, x.dtype)
    xf, of = x.reshape(-1), out.reshape(-1)
    n = xf.size
    a, b = np.empty(min(n, _BLOCK)), np.empty(min(n, _BLOCK))
    with np.errstate(all="ignore"):
        for i in range(0, n, _BLOCK):
            j = min(i + _BLOCK, n)
            kernel(xf[i:j], of[i:j], a[: j - i], b[: j - i])
    return out[()]  # a NumPy scalar for scalar input


def _exp_minus_abs(x, e):
    # exp(-|x|) never overflows, and its float64 value is exact enough for float32 too.
    np.abs(x, out=e, dtype=np.float64)
    np.negative(e, out=e)
    np.exp(e, out=e)


def _sigmoid_kernel(x, out, e, d):
    _exp_minus_abs(x, e)
    np.add(e, 1.0, out=d)
    np.copyto(e, 1.0, where=x >= 0)  # numerator: 1 for x >= 0, e for x < 0 (NaN keeps e = NaN)
    np.divide(e, d, out=out, dtype=np.float64)  # the only rounding to float32, if any


def _dsigmoid_kernel(x, out, e, d):
    _exp_minus_abs(x, e)
    # (1+e)^2 as 1 + e(2+e): one rounding more than (1+e)**2, but squaring doubles the
    # rounding error of 1+e, while the roundings in e(2+e) only touch a term that is at most 3/4
    # of the sum and shrinks like 2e (see square_out_comparison; the page reports it).
    np.add(e, 2.0, out=d)
    np.multiply(d, e, out=d)
    np.add(d, 1.0, out=d)
    np.divide(e, d, out=out, dtype=np.float64)


def sigmoid(x):
    """Recommended s(x): 1/(1+e) for x >= 0, e/(1+e) for x < 0, with e = exp(-|x|).

    float64 input is computed in float64. float32 input is deliberately
    computed in float64 and rounded once at the end: NumPy's float32 exp alone
    is off by up to ~2 ULP, so no pure float32 path meets the 1 ULP bound.
    In float64 the worst case (3 ULP) is where s is just below a power of two
    and e just above it; the 3 ULP bound holds as long as exp is faithful.
    """
    return _blockwise(_sigmoid_kernel, x)


def dsigmoid(x):
    """Recommended s'(x) = e/(1 + e(2+e)) with e = exp(-|x|); float32 as in sigmoid()."""
    return _blockwise(_dsigmoid_kernel, x)


RECOMMENDED = ("recommended", r"\frac{e}{1+e(2+e)},\ e=e^{-|x|}", _quiet(stable_sigmoid.sigmoid_derivative))
SIGMOID_FORMS = {
    "naive": ("naive 1/(1+exp(-x))", r"\frac{1}{1+e^{-x}}", sigmoid_naive),
    "recommended": ("recommended", r"\frac{1 \text{ or } e}{1+e},\ e=e^{-|x|}", _quiet(stable_sigmoid.sigmoid)),
}


def _all_forms():
    """(target, key, label, function) for every form the tables and figures show."""
    rows = [("ds", k, lab, f) for k, (lab, _, f) in FORMS.items()]
    rows.append(("ds", "recommended", RECOMMENDED[0], RECOMMENDED[2]))
    rows += [("s", k, lab, f) for k, (lab, _, f) in SIGMOID_FORMS.items()]
    return rows


# --- Correctly rounded reference (mpmath) and ULP error. ---


def _fmt(dtype):
    fi = np.finfo(dtype)
    return fi.nmant + 1, fi.minexp, fi.maxexp - 1  # precision p, emin, emax


def exact(target, x):
    """s(x) ("s") or s'(x) ("ds") as an mpmath number, free of cancellation at any x."""
    xm = mpmath.mpf(x)
    if mpmath.isnan(xm):
        return xm
    e = mpmath.exp(-abs(xm))
    if target == "s":
        return (1 if xm >= 0 else e) / (1 + e)
    return e / (1 + e) ** 2


def round_to(v, dtype):
    """Round an mpmath number to the nearest dtype value (ties to even), subnormals included."""
    if mpmath.isnan(v) or mpmath.isinf(v) or v == 0:
        return float(v)
    p, emin, _ = _fmt(dtype)
    _, E = mpmath.frexp(abs(v))  # |v| in [2^(E-1), 2^E)
    q = max(E - 1, emin) - (p - 1)  # exponent of the ulp at |v|; fixed below emin (subnormals)
    w = mpmath.ldexp(abs(v), -q)  # exact: a power-of-two scaling
    n = int(mpmath.floor(w))
    r = w - n
    if r > 0.5 or (r == 0.5 and n % 2):
        n += 1
    try:
        c = math.ldexp(n, q)  # exact: n has at most p+1 bits
    except OverflowError:
        c = math.inf
    if c > float(np.finfo(dtype).max):
        c = math.inf
    return c if v > 0 else -c


def ulp(c, dtype):
    """Spacing of dtype values in the binade of c (the gap above |c|).

    Zero and subnormals get the smallest subnormal; an infinite c (the exact
    value is beyond the largest float) gets the ulp of the largest float.
    """
    p, emin, emax = _fmt(dtype)
    if math.isinf(c):
        return math.ldexp(1.0, emax - (p - 1))
    E = math.frexp(abs(c))[1] - 1 if c else emin
    return math.ldexp(1.0, max(E, emin) - (p - 1))


@functools.cache
def _reference(target, x, dtname):
    with mpmath.workprec(REF_PREC):
        return round_to(exact(target, x), np.dtype(dtname).type)


def reference(target, xs, dtype):
    """Correctly rounded s or s' at each x (cached), as a float64 array of dtype values."""
    name = np.dtype(dtype).name
    xs = np.asarray(xs, dtype=dtype).astype(np.float64).ravel()
    return np.array([_reference(target, float(x), name) for x in xs])


def ulp_error(form_fn, xs, dtype, target="ds"):
    """|y - c| / ulp(c) for y = form_fn(xs) in dtype and c the correctly rounded value.

    A correctly rounded result scores 0. NaN or inf where c is finite scores inf.
    If the exact value overflows dtype, c counts as 2^(emax+1) (the IEEE
    overflow point) with the ulp of the largest float. Errors beyond the float64
    range (> 1.8e308 ULP) also show as inf. NaN input expecting NaN scores 0.
    """
    xs = np.asarray(xs, dtype=dtype).ravel()
    with np.errstate(all="ignore"):
        return ulp_error_of(np.asarray(form_fn(xs)), xs, dtype, target)


def ulp_error_of(y, xs, dtype, target="ds"):
    """ulp_error() of computed values y at xs (arrays of the same length)."""
    xs = np.asarray(xs, dtype=dtype).ravel()
    p = _fmt(dtype)[0]
    c = reference(target, xs, dtype)
    u = np.array([ulp(v, dtype) for v in c])
    with np.errstate(all="ignore"):
        y = np.asarray(y).astype(np.float64).ravel()
        err = np.abs(y - c) / u
        over = np.isinf(c) & np.isfinite(y)
        err[over] = np.abs(y[over] / u[over] - np.sign(c[over]) * 2.0**p)
    err[~np.isfinite(y)] = np.inf
    err[(y == c) | (np.isnan(y) & np.isnan(c))] = 0.0
    return err


def post_grid_comparison():
    """The post's two forms of s' on its grid (blog_post) against the correctly rounded s'.

    quotient_ulp, product_ulp: each form's error in ULPs of the true value; difference_ulp:
    |quotient - product| in the same ULPs; relative_difference: |quotient - product| / s'."""
    import blog_post

    x, _, quotient, product, _ = blog_post.post_computation()
    c = reference("ds", x, np.float64)
    u = np.array([ulp(v, np.float64) for v in c])
    return {
        "x": x,
        "quotient_ulp": ulp_error_of(quotient, x, np.float64),
        "product_ulp": ulp_error_of(product, x, np.float64),
        "difference_ulp": np.abs(quotient - product) / u,
        "relative_difference": np.abs(quotient - product) / c,
    }


def _exp_minus_abs_rounded(xs, dtype):
    """exp(-|x|) correctly rounded to dtype: the same exponential for every formula compared."""
    with mpmath.workprec(REF_PREC):
        return np.array([round_to(mpmath.exp(-abs(mpmath.mpf(float(v)))), dtype) for v in xs]).astype(dtype)


SQUARE_OUT_SAMPLE = 20_000  # extra random points in |x| <= WINDOW, where the roundings show


@functools.cache  # two published numbers read it (values.py): one scan of 2 s, not two
def square_out_comparison(dtype=np.float64):
    """Max ULP error of e/(1+e)**2 and of e/(1 + e*(2+e)), both from the same correctly rounded
    e = exp(-|x|), so only the roundings after exp differ. On sample_points() plus a seeded
    uniform sample of |x| <= WINDOW. Returns {"square": ..., "written_out": ...}."""
    rng = np.random.default_rng(0)
    xs = np.concatenate([sample_points(dtype), rng.uniform(-WINDOW, WINDOW, SQUARE_OUT_SAMPLE)]).astype(dtype)
    e = _exp_minus_abs_rounded(xs, dtype)
    with np.errstate(all="ignore"):
        forms = {"square": e / (1 + e) ** 2, "written_out": e / (1 + e * (2 + e))}
    return {k: float(ulp_error_of(y, xs, dtype).max()) for k, y in forms.items()}


# --- Failure thresholds, by bisection over the ordered bit patterns. ---

_INT = {np.dtype(np.float32): np.int32, np.dtype(np.float64): np.int64}


def first_failure(fn, dtype, sign, fails):
    """The x = sign*|x| of smallest |x| at which fails(fn(x)) holds, as a dtype scalar.

    For positive floats the bit pattern (as an integer) is ordered like the
    value, so bisection over the integers between +0 and the largest float is
    an exact search over every float of that sign. Assumes that once fn fails it keeps failing out to the largest
    float (checked at both ends; the tests check a few ulps either side).
    Returns None if fn does not fail even at the largest float.
    """
    dtype = np.dtype(dtype)
    it = _INT[dtype]

    def bad(bits):
        x = np.array([bits], it).view(dtype) * dtype.type(sign)
        return bool(np.asarray(fails(fn(x))).ravel()[0])

    lo, hi = 0, int(np.array([np.finfo(dtype).max], dtype).view(it)[0])
    if bad(lo):
        return dtype.type(0.0) * dtype.type(sign)
    if not bad(hi):
        return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if bad(mid):
            hi = mid
        else:
            lo = mid
    return np.array([hi], it).view(dtype)[0] * dtype.type(sign)


def _collapsed(y):
    return ~(y > 0)  # 0 or NaN


def _is_zero(y):
    return y == 0


def _is_subnormal(y):
    return y < np.finfo(y.dtype).tiny


def _is_one(y):
    return y == 1


@_quiet
def _exp_minus(x):
    return np.exp(-x)


def _exact_fn(target):
    def fn(x):
        return reference(target, x, x.dtype).astype(x.dtype)  # exact: values are dtype values

    return fn


def _threshold_specs():
    # (form, what, sign, event, function, failure predicate). "zero" means the
    # first x at which the result is 0 or worse (NaN), "nan" the first NaN.
    ex_s, ex_ds = _exact_fn("s"), _exact_fn("ds")
    return [
        ("naive", "exp_overflow", -1, "exp(-x) overflows, so 1/(1+exp(-x)) returns 0", _exp_minus, np.isinf),
        ("exact", "zero", -1, "correctly rounded s(x) is 0", ex_s, _is_zero),
        ("naive", "one", 1, "1/(1+exp(-x)) returns exactly 1", sigmoid_naive, _is_one),
        ("exact", "one", 1, "correctly rounded s(x) is 1", ex_s, _is_one),
        ("quotient", "zero", -1, "returns 0: (1+e^-x)^2 overflows", d_quotient, _collapsed),
        ("quotient", "nan", -1, "returns NaN: e^-x overflows, inf/inf", d_quotient, np.isnan),
        ("positive", "zero", 1, "returns 0: (1+e^x)^2 overflows", d_positive, _collapsed),
        ("positive", "nan", 1, "returns NaN: e^x overflows, inf/inf", d_positive, np.isnan),
        ("product", "zero", 1, "returns 0: s rounds to 1", d_product, _is_zero),
        ("product", "zero", -1, "returns 0: exp(-x) overflows, s = 0", d_product, _is_zero),
        ("symmetric", "zero", 1, "returns 0: exp(|x|) overflows", d_symmetric, _is_zero),
        ("abs", "zero", 1, "returns 0: exp(-|x|) underflows", d_abs, _is_zero),
        ("sech", "zero", 1, "returns 0: cosh(x/2)**2 overflows", d_sech, _is_zero),
        ("recommended", "zero", 1, "returns 0", RECOMMENDED[2], _is_zero),
        ("exact", "subnormal", 1, "exact s'(x) is below the smallest normal number", ex_ds, _is_subnormal),
        ("exact", "zero", 1, "correctly rounded s'(x) is 0", ex_ds, _is_zero),
    ]


@functools.cache
def _thresholds(dtname):
    dtype = np.dtype(dtname)
    return tuple(
        {"form": form, "what": what, "sign": sign, "event": event, "dtype": dtype.name,
         "x": first_failure(fn, dtype, sign, fails)}
        for form, what, sign, event, fn, fails in _threshold_specs()
    )


def thresholds(dtype=None):
    """Computed failure thresholds, one dict per event: form, what, sign, event
    (a phrase), dtype, x (the first failing x, a dtype scalar, on the side given
    by sign). form "exact" rows are where the true s or s' reaches that state.
    For "symmetric", "abs", "sech" and "recommended" -x fails at the same |x|.
    """
    dts = [dtype] if dtype is not None else DTYPES
    return [dict(r) for dt in dts for r in _thresholds(np.dtype(dt).name)]


# --- Max-ULP tables. ---

WINDOW = 30.0


def sample_points(dtype):
    """Deterministic sample: a dense grid on |x| <= 30, log-spaced magnitudes from
    the smallest subnormal to the largest float (both signs), and every threshold
    +-3 ulps (both signs). About 3,700 points."""
    fi = np.finfo(dtype)
    grid = np.linspace(-WINDOW, WINDOW, 2401)
    lo, hi = np.log2(float(fi.smallest_subnormal)), np.log2(float(fi.max))
    with np.errstate(over="ignore"):
        mags = np.minimum(np.exp2(np.linspace(lo, hi, 600)), float(fi.max))
    near = []
    for r in thresholds(dtype):
        if r["x"] is None:
            continue
        x = abs(r["x"])
        for _ in range(3):
            x = np.nextafter(x, dtype(0))
        for _ in range(7):
            near += [x, -x]
            x = np.nextafter(x, dtype(np.inf))
    xs = np.concatenate([grid, mags, -mags, np.asarray(near, np.float64), [0.0]]).astype(dtype)
    return np.unique(xs[np.isfinite(xs)])


def _max_row(target, key, label, fn, dtype):
    xs = sample_points(dtype)
    err = ulp_error(fn, xs, dtype, target)
    inside = np.abs(xs) <= WINDOW
    return {
        "target": target,
        "form": key,
        "label": label,
        "dtype": np.dtype(dtype).name,
        "max_ulp_30": float(err[inside].max()),
        "max_ulp_full": float(err.max()),
        "worst_x": xs[np.argmax(err)] if err.max() > 0 else None,  # None: all correctly rounded
    }


@functools.cache
def _max_ulp_rows():
    return tuple(_max_row(t, k, lab, f, dt) for dt in DTYPES for t, k, lab, f in _all_forms())


def max_ulp_table():
    """Max ULP error per form and dtype on |x| <= 30 and on the whole finite range.

    Rows: target ("ds" for s', "s" for s), form, label, dtype, max_ulp_30,
    max_ulp_full, worst_x (an x with the largest error, or None if there is
    no error). inf means the form returned NaN or inf somewhere.
    Maxima over sample_points(), so they are lower bounds on the true maxima.
    """
    return [dict(r) for r in _max_ulp_rows()]


def _library_forms():
    """(target, name, function) for library implementations that are importable."""
    from scipy.special import expit

    rows = [
        ("s", "scipy.special.expit", expit),
        ("ds", "expit(x)*(1-expit(x))", _quiet(lambda x: expit(x) * (1 - expit(x)))),
    ]
    try:
        import torch

        def torch_grad(x):
            t = torch.from_numpy(np.array(x, copy=True)).requires_grad_()
            torch.sigmoid(t).sum().backward()
            return t.grad.numpy()

        rows += [
            ("s", "torch.sigmoid", lambda x: torch.sigmoid(torch.from_numpy(np.array(x))).numpy()),
            ("ds", "torch autograd of sigmoid", torch_grad),
        ]
    except ImportError:
        pass
    try:
        import jax

        jax.config.update("jax_enable_x64", True)  # else jax silently computes float64 in float32

        def jax_grad(x):
            return np.asarray(jax.vmap(jax.grad(jax.nn.sigmoid))(x))

        rows += [
            ("s", "jax.nn.sigmoid", lambda x: np.asarray(jax.nn.sigmoid(x))),
            ("ds", "jax.grad of jax.nn.sigmoid", jax_grad),
        ]
    except ImportError:
        pass
    return rows


def comparison_rows():
    """Max ULP error of library sigmoids and their derivatives, rows as in max_ulp_table()."""
    return [
        _max_row(t, name, name, f, dt) for dt in DTYPES for t, name, f in _library_forms()
    ]
