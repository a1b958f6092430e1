"""Check that every equality chain shown on a page holds, step by step, with SymPy."""

import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from sitebuild.mathcheck import reader

# Where a step is not proved equal, the difference is evaluated here to show the reader
# (and the contributor) a concrete counterexample. Letters usually meaning a probability
# get points inside (0, 1).
UNIT_INTERVAL = set("pqy")
PROBES = (sp.Rational(7, 10), sp.Rational(-13, 10), sp.Rational(5, 2))


@dataclass
class Failure:
    step: str  # "step k" compares the k-th term of the chain with the next
    left: str
    right: str
    reason: str
    anchor: str = ""  # the text of the step in the formula, to find its line in the page

    def describe(self):
        return (f"{self.step} does not hold: {self.reason}\n"
                f"    left:  {self.left}\n    right: {self.right}")


def is_claim(tex, display):
    """Display math is always a claim. Inline math is one when it has an '=' whose left side
    is not a definition: `x = 0` sets a value and `g(x) = 1+e^{-x}` names an arbitrary
    function (reader.GENERIC_FUNCTIONS), while `s(0) = \\frac{1}{2}` claims a fact."""
    if display:
        return True
    if "=" not in reader.strip_notes(tex):
        return False
    lhs = reader.strip_notes(tex).split("=")[0]
    generic = "".join(sorted(reader.GENERIC_FUNCTIONS))
    return not re.fullmatch(rf"\s*([a-zA-Z]|[{generic}]'*\(\s*[a-z]\s*\))\s*", lhs)


def check(tex):
    """Return the failures of one formula's chain (empty when every step holds).

    Raises reader.TexError when the formula cannot be read."""
    terms = reader.parse_chain(tex)
    failures = []
    for step, ((left_tex, left), (right_tex, right)) in enumerate(zip(terms, terms[1:]), 1):
        reason = why_not_equal(left, right)
        if reason:
            failures.append(Failure(f"step {step}", left_tex, right_tex, reason, anchor=right_tex))
    for line, note in reader.note_equations(tex):
        for failure in check(note):
            failure.step = f"the note on line {line} ({failure.step})"
            failure.anchor = note
            failures.append(failure)
    return failures


def why_not_equal(left, right):
    """None when SymPy proves left == right; otherwise a short explanation."""
    difference = (left - right).doit()
    if _is_zero(difference):
        return None
    difference, left, right = (_concrete(e) for e in (difference, left, right))
    for point in _probe_points(difference):
        value = difference.subs(point).doit()
        numeric = complex(sp.N(value, 30))
        if abs(numeric) > 1e-20:
            where = ", ".join(f"{k} = {v}" for k, v in point.items()) or "as numbers"
            lhs = sp.N(left.doit().subs(point), 6)
            rhs = sp.N(right.doit().subs(point), 6)
            return f"at {where} the left side is {lhs} and the right side is {rhs}"
    return "SymPy could not prove it, although the sides agree numerically; rewrite the step"


def _concrete(expr):
    """Replace arbitrary functions f, g, u, v by fixed smooth ones, to probe numerically."""
    t = sp.Dummy("t")
    samples = [sp.sin(t) + t**2 + 2, sp.exp(t / 3) + 1, t**3 - t + 3, sp.cos(t) + 2, t**2 + 1]
    functions = sorted({a.func for a in expr.atoms(AppliedUndef)}, key=str)
    mapping = {f: sp.Lambda(t, samples[i % len(samples)]) for i, f in enumerate(functions)}
    return expr.subs(mapping).doit() if mapping else expr


def _is_zero(expr):
    if expr == 0:
        return True
    inside_abs = sorted({v for a in expr.atoms(sp.Abs) for v in a.free_symbols}, key=str)
    if inside_abs:  # prove each sign case separately: |x| is x or -x
        v = inside_abs[0]
        t = sp.Symbol(f"{v}_pos", positive=True)
        return _is_zero(expr.subs(v, t)) and _is_zero(expr.subs(v, -t)) and _is_zero(expr.subs(v, 0))
    for rewrite in (lambda e: e, lambda e: e.rewrite(sp.exp)):
        candidate = rewrite(expr)
        if sp.simplify(candidate) == 0 or sp.simplify(sp.factor(sp.expand(candidate))) == 0:
            return True
    return False


def _probe_points(expr):
    symbols = sorted(expr.free_symbols, key=str)
    points = []
    for i in range(len(PROBES)):
        point = {}
        for j, symbol in enumerate(symbols):
            v = PROBES[(i + j) % len(PROBES)]
            point[symbol] = sp.Rational(1, 4) + sp.Rational(i, 4) if str(symbol) in UNIT_INTERVAL else v
        points.append(point)
    return points

