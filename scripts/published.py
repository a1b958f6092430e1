"""Published numbers: a subject's module registers each number the prose shows with
@published, once; the build (generate.py, then placeholders.py) puts the formatted value where a
page writes {{ name }}, inside <span class="value" data-value="name">. Tests recompute each one
independently (tests/oracles.py). This module knows no subject: generate.py imports the modules
that register the numbers (MODULES["values"]).
"""

import decimal
import functools

import numpy as np

REGISTRY = {}
CACHED = {}  # function -> its cached value


class UnknownValue(Exception):
    """A page asks for a number that is not defined here."""


def published(digits, style="fixed", rounds="nearest", name=None):
    """Register a function as the published number of the same name (or `name`).

    style "fixed": `digits` decimals; "sci": `digits` significant digits as a × 10^b;
    "int": a whole number. rounds "up" or "down": the number is a bound in a sentence ("below
    0.01 once |x| exceeds 4.59", "at most 3 ULP"), rounded in the direction that keeps the
    sentence true at the digits shown; the page's span says which (data-rounded)."""
    def register(fn):
        # One cache per function: a number published twice (to nearest and as a bound) is computed once.
        cached = CACHED.setdefault(fn, functools.cache(fn))
        REGISTRY[name or fn.__name__] = (cached, digits, style, rounds)
        return fn
    return register


def number(name):
    if name not in REGISTRY:
        raise UnknownValue(name)
    return REGISTRY[name][0]()


def text(name):
    """The value as the reader sees it (HTML)."""
    if name not in REGISTRY:
        raise UnknownValue(name)
    fn, digits, style, rounds = REGISTRY[name]
    return format_number(fn(), digits, style, rounds)


def html(name):
    rounds = REGISTRY[name][3] if name in REGISTRY else "nearest"
    direction = f' data-rounded="{rounds}"' if rounds != "nearest" else ""
    return f'<span class="value" data-value="{name}"{direction}>{text(name)}</span>'


ROUNDING = {"nearest": decimal.ROUND_HALF_EVEN, "up": decimal.ROUND_CEILING, "down": decimal.ROUND_FLOOR}


def format_number(value, digits, style, rounds="nearest"):
    """The value at the digits shown, rounded to nearest (ties to even, as Python's format does)
    or in the direction `rounds` says, from its exact binary value."""
    if not np.isfinite(value):
        return f"{float(value)}".replace("-", "−")  # inf: a loss that overflowed, shown as such
    with decimal.localcontext(prec=1200):  # exact: a float64 has at most 767 significant digits
        return _format(decimal.Decimal(float(value)), digits, style, ROUNDING[rounds])


def _format(exact, digits, style, mode):
    if style == "int":
        return f"{int(exact.quantize(1, rounding=mode)):,}".replace(",", "\u202f")
    if style == "sci":
        exponent = exact.adjusted()
        mantissa = exact.scaleb(-exponent).quantize(decimal.Decimal(1).scaleb(1 - digits), rounding=mode)
        if abs(mantissa) >= 10:  # 9.96 rounded to two digits is 10.0: 1.0 × 10^(b+1)
            mantissa, exponent = (mantissa / 10).quantize(decimal.Decimal(1).scaleb(1 - digits)), exponent + 1
        return f"{mantissa}&thinsp;×&thinsp;10<sup>{exponent}</sup>".replace("-", "−")
    return f"{exact.quantize(decimal.Decimal(1).scaleb(-digits), rounding=mode)}".replace("-", "−")


def all_names():
    return sorted(REGISTRY)


def all_html():
    """{name: the value's HTML} for every published number (generate.py stores it)."""
    return {name: html(name) for name in all_names()}
