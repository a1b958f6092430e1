"""Check every claim a formula makes, step by step: equalities and `\\neq` with SymPy, orderings
(<, \\le, >, \\ge) by SymPy's sign rules or a one-variable calculus argument (critical points plus
the limits at the ends of the domain), `\\approx` by rounding the exact value to the digits shown.
A step that is not proved fails, with a counterexample when one is found."""

import re
from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.calculus.util import continuous_domain
from sympy.core.function import AppliedUndef

from sitebuild.mathcheck import reader
from sitebuild.mathcheck.reader import Page  # noqa: F401  (the page state callers pass in)

PROBES = (sp.Rational(7, 10), sp.Rational(-13, 10), sp.Rational(5, 2))
PRECISION = 50  # digits for deciding the sign of a constant
MARK = r"\unchecked{why}"
UNPROVED = (f"it could not be proved (by SymPy, or by critical points and limits in one variable); "
            f"rewrite it in a form that can be, or mark the formula as not checked with {MARK}")


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


def role(tex, display):
    """What a formula is: "claim" (checked), "definition" (:=, defines a name for the rest of the
    page; the rest of its chain is checked), "declaration" (`p \\in (0, 1)`: a domain for the rest
    of the page), or, inline only, "assignment" (`x = 0`, `u = 1+e^{-x}`, `g(x) = 1+e^{-x}` for an
    arbitrary function g), "condition" (`x > 0`, `0 < p < 1`: a variable against numbers),
    "phrase" (`x \\to \\infty`), "expression" (\\lim, \\int, \\sum or \\prod without a relation:
    read, so it must be readable, but not a claim) and "text" (no relation: not read)."""
    body = reader.strip_notes(tex)
    top = [t for t, _, _ in reader._top_level(body)]
    relations = [t for t in top if t in reader.RELATIONS]
    if relations[:1] and relations[0] in reader.DEFINES:
        return "definition"
    if r"\in" in top and not relations:
        return "declaration"
    if display:
        return "claim"
    if r"\to" in top and not relations:  # `x \to \infty` is a phrase; `s(x) \to 1` a claim, to be read
        lone = re.fullmatch(r"(?:[a-zA-Z]|\\[a-z]+)(?:_\{?\w+\}?)?\s*\\to.*", body.strip())
        return "phrase" if lone else "claim"
    if not relations:
        return "expression" if reader.BIG_OPERATORS & set(top) else "text"
    pieces = [" ".join(p.split()) for p in reader.split_relations(reader.trim(body))[::2]]
    generic = "".join(sorted(reader.GENERIC_FUNCTIONS))
    name = r"(?:[a-zA-Z]|\\[a-z]+)(?:_\{?\w+\}?)?"
    if relations == ["="] and re.fullmatch(rf"{name}|[{generic}]'*\(\s*[a-z]\s*\)", pieces[0]):
        return "assignment"
    number = r"-?\s*(?:\d+(?:\.\d+)?|\\infty|\\tfrac\{?\d\}?\{?\d\}?|\\frac\{\d+\}\{\d+\})"
    if (all(r in reader.ORDER for r in relations)
            and sum(bool(re.fullmatch(name, p)) for p in pieces) == 1
            and all(re.fullmatch(name, p) or re.fullmatch(number, p) for p in pieces)):
        return "condition"
    return "claim"


def is_claim(tex, display):
    """Whether the formula claims something that is checked (a definition can carry a chain)."""
    return role(tex, display) in ("claim", "definition")


def check(tex, page=None, display=True):
    """Return the failures of one formula (empty when every claim in it holds). A definition or
    declaration is recorded in `page` for the formulas that follow.

    Raises reader.TexError when the formula cannot be read."""
    page = page if page is not None else Page()
    kind = role(tex, display)
    if kind in ("assignment", "condition", "phrase", "text"):
        return []
    if kind == "declaration":
        declare(reader.trim(reader.strip_notes(tex)), page)
        return []
    if kind == "expression":
        for variant in _sign_variants(tex):
            reader.parse_expression(reader.trim(variant), page)  # read it: unreadable math fails
        return []
    failures = []
    for variant in _sign_variants(tex):
        formula = reader.parse_formula(variant, page)
        first = 0
        if formula.definition:
            reader.define(page, formula.definition, formula.terms[1][0])
            first = 1
        terms, relations = formula.terms, formula.relations
        for step in range(first, len(relations)):
            (left_tex, left), (right_tex, right) = terms[step], terms[step + 1]
            try:
                reason = compare(left, relations[step], right, formula.domains, left_tex, right_tex)
            except reader.TexError:
                raise
            except (ArithmeticError, TypeError, ValueError, NotImplementedError, RecursionError) as error:
                # SymPy gives up on some limits and integrals by raising: say so, never a traceback.
                said = " ".join(str(error).split())
                reason = (f"SymPy could not evaluate it ({type(error).__name__}: {said[:120]}); "
                          "rewrite the step, or mark the formula \\unchecked{why}")
            if reason:
                label = f"step {step + 1 - first}"
                label += f" (reading \\pm as {_sign(variant, tex)})" if variant != tex else ""
                failures.append(Failure(label, left_tex, right_tex, reason, anchor=right_tex))
        if failures:
            break
    for line, note in reader.note_equations(tex):
        for failure in check(note, page):
            failure.step = f"the note on line {line} ({failure.step})"
            failure.anchor = note
            failures.append(failure)
    return failures


def declare(tex, page):
    """`p \\in (0, 1)` on its own: p lies there for the rest of the page."""
    for var, where in reader.parse_condition(tex, page).items():
        page.domains[var.name] = where
    page.key = page.key + (("in", tex),)


def _sign_variants(tex):
    """A formula with \\pm says two things: read it with + and with -."""
    if r"\pm" not in tex and r"\mp" not in tex:
        return [tex]
    plus = tex.replace(r"\pm", "+").replace(r"\mp", "-")
    minus = tex.replace(r"\pm", "-").replace(r"\mp", "+")
    return [plus, minus]


def _sign(variant, tex):
    return "+" if variant == tex.replace(r"\pm", "+").replace(r"\mp", "-") else "-"


def compare(left, relation, right, domains, left_tex="", right_tex=""):
    """None when `left relation right` is proved on the domains; otherwise why not."""
    for limit in limits_in(left) + limits_in(right):
        value, reason = limit_value(limit)
        if reason:
            return reason
        if value is not None:
            left, right = (side.xreplace({limit: value}) for side in (left, right))
    if relation == "=":
        return why_not_equal(left, right, domains)
    if relation == r"\approx":
        return why_not_approximately(left, right, left_tex, right_tex)
    if isinstance(left, sp.MatrixBase) or isinstance(right, sp.MatrixBase):
        return "only '=' compares vectors"
    if relation in (r"\neq", r"\ne"):
        return why_not_different(left, right, domains)
    op = reader.ORDER[relation]
    difference = right - left if op[0] == "<" else left - right
    product = _product_bound(left, right, op) if op[0] == "<" else None
    if product is not None:
        return product or None
    verdict, point = positive(difference, domains, strict=len(op) == 1)
    if verdict == "proved":
        return None
    if verdict == "false":
        return _counterexample(left, right, point)
    return UNPROVED


# -- limits -------------------------------------------------------------------------------------
# SymPy's limit can be wrong: it gives 0 for the limit of 1 + x(1 - s(x)) as x grows, which is 1
# (SymPy 1.14). Every limit a claim uses is held against the values approaching it.

APPROACH = [2 ** k for k in range(4, 9)]  # x = 16 ... 256 towards infinity, a -+ 1/16 ... 1/256 towards a
APPROACH_DIGITS = 160  # e^-256 is 10^-111: a difference of two numbers near 1 keeps its digits


def limits_in(expr):
    if isinstance(expr, sp.MatrixBase):
        return [limit for e in expr for limit in limits_in(e)]
    return sorted(expr.atoms(sp.Limit), key=sp.default_sort_key) if isinstance(expr, sp.Basic) else []


def limit_value(limit):
    """(value, None) with a value of the limit that the values approaching it confirm, from SymPy's
    limit of the body as written or, where that is not confirmed, of the body simplified; (None,
    None) when SymPy does not evaluate it (the step then cannot be proved with it, and says so);
    (None, why) when no value SymPy gives is confirmed."""
    body, var, point, direction = limit.args
    first = None
    for form in (lambda b: b, sp.together, sp.simplify):
        value = sp.Limit(form(body), var, point, direction).doit()
        if value.has(sp.Limit):
            continue
        reason = why_not_limit(limit, value)
        if reason is None:
            return value, None
        first = first or reason
    return None, first


def why_not_limit(limit, value):
    """None when `value` is where the values of the limit's body approaching its point go: the
    distance is tiny at the last point, or it shrinks steadily; otherwise why not."""
    body, var, point, direction = limit.args
    others = sorted((body.free_symbols | value.free_symbols) - {var}, key=str)
    fixed = dict(zip(others, PROBES * len(others)))  # other variables at probe values
    shown = sp.latex(limit.subs(fixed))
    infinite = value.subs(fixed) in (sp.oo, -sp.oo)
    try:
        f = sp.lambdify(var, body.subs(fixed), "mpmath")
        with mpmath.workdps(APPROACH_DIGITS):
            if infinite:
                target = None
            elif value.subs(fixed).is_real:
                target = mpmath.mpf(sp.N(value.subs(fixed), APPROACH_DIGITS))
            else:
                return f"the limit {shown} is not a real number here, so it cannot be checked"
            if point.is_infinite:
                xs = [mpmath.mpf(n) * (1 if point == sp.oo else -1) for n in APPROACH]
            else:
                side = -1 if str(direction) == "-" else 1
                xs = [mpmath.mpf(sp.N(point, APPROACH_DIGITS)) + side * mpmath.mpf(1) / n for n in APPROACH]
            values = [f(x) for x in xs]
            distances = [abs(v - target) for v in values] if target is not None else None
    except Exception as error:  # lambdify or mpmath cannot evaluate it: the value stays unconfirmed
        return (f"SymPy gives {sp.latex(value)} for {shown}, and its values could not be computed to "
                f"confirm it ({type(error).__name__}); mark the formula as not checked with {MARK}")
    if infinite:  # the values grow steadily in size with the sign SymPy gives
        sign = 1 if value.subs(fixed) == sp.oo else -1
        if all(sign * v > 0 for v in values[-3:]) and all(
                abs(later) > 1.25 * abs(earlier) for earlier, later in zip(values[-3:], values[-2:])):
            return None
        return (f"SymPy gives {sp.latex(value)} for {shown}, but its values do not grow that way: the "
                "limit could not be proved")
    settled = distances[-1] <= mpmath.mpf(10) ** -30 * (1 + abs(target))
    shrinking = all(later < 0.75 * earlier for earlier, later in zip(distances[-3:], distances[-2:]))
    if settled or shrinking:
        return None
    return (f"SymPy gives {sp.latex(value)} for {shown}, but its values do not approach that "
            f"(at the last point tried, {mpmath.nstr(xs[-1], 6)}, they are still "
            f"{mpmath.nstr(distances[-1], 3)} away): the limit could not be proved")


# -- equality -----------------------------------------------------------------------------------

def why_not_equal(left, right, domains=None):
    """None when SymPy proves left == right; otherwise a short explanation."""
    domains = domains or {}
    if isinstance(left, sp.MatrixBase) or isinstance(right, sp.MatrixBase):
        if not (isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase)) or left.shape != right.shape:
            return "a vector is compared with something that is not a vector of the same length"
        for i, (a, b) in enumerate(zip(left, right), 1):
            reason = why_not_equal(a, b, domains)
            if reason:
                return f"component {i}: {reason}"
        return None
    indefinite = [i for i in (left - right).atoms(sp.Integral) if len(i.limits[0]) == 1]
    if indefinite:  # \int f\,dx = F + C holds when F' = f
        var = indefinite[0].limits[0][0]
        reason = why_not_equal(sp.diff(left, var), sp.diff(right, var), domains)
        return reason and f"differentiated with respect to {var}, {reason}"
    difference = (left - right).doit()
    assumed = _assume(difference, domains)
    if _is_zero(assumed, thorough=False):
        return None
    concrete, left, right = (_concrete(e) for e in (difference, left, right))
    points = _probe_points(concrete, domains)
    # A wrong step is seen at once: its sides differ by far more than 30 digits can err, and
    # simplify's long search (most of the time a wrong step took) is not needed to say so.
    for point in points:
        if abs(_value(concrete, point, default=0)) > 1e-10:
            return _counterexample(left, right, point, "")
    if _is_zero(assumed):
        return None
    for point in points:
        if abs(_value(concrete, point)) > 1e-20:
            return _counterexample(left, right, point, "")
    return "SymPy could not prove it, although the sides agree numerically; rewrite the step"


def _value(expr, point, default=None):
    """expr at point, to 30 digits; `default` where it has no number there (when one is given)."""
    try:
        return complex(sp.N(expr.subs(point).doit(), 30))
    except (TypeError, ValueError, ArithmeticError):
        if default is None:
            raise
        return default


def _is_zero(expr, thorough=True):
    """Whether SymPy proves expr == 0: by exact, cheap rewrites only, or (thorough) by simplify too."""
    if expr == 0:
        return True
    inside_abs = sorted({v for a in expr.atoms(sp.Abs) for v in a.free_symbols}, key=str)
    if inside_abs:  # prove each sign case separately: |x| is x or -x
        v = inside_abs[0]
        t = sp.Symbol(f"{v}_pos", positive=True)
        return all(_is_zero(expr.subs(v, value), thorough) for value in (t, -t, 0))
    rewrites = (lambda e: e, lambda e: e.rewrite(sp.exp))
    if expr.has(sp.erfc):  # erfc(z) = 1 - erf(z): SymPy's rewrites to exp leave both as they are
        rewrites += (lambda e: e.rewrite(sp.erf),)
    # Exact and cheap first: most steps are zero once expanded, or as a rational function of their
    # powers and exponentials (cancel). simplify tries far more (trigsimp, factoring), at ten times the cost.
    for cheap in (sp.expand, sp.cancel):
        for rewrite in rewrites:
            try:
                if cheap(rewrite(expr)) == 0:
                    return True
            except sp.PolynomialError:  # cancel of what is not a rational function of its atoms
                continue
    if not thorough:
        return False
    for rewrite in rewrites:
        candidate = rewrite(expr)
        if sp.simplify(candidate) == 0 or sp.simplify(sp.factor(sp.expand(candidate))) == 0:
            return True
    return False


# -- approximation ------------------------------------------------------------------------------

DECIMAL = re.compile(r"(-?\d+(?:\.(\d+))?)(?:\\times10\^\{?(-?\d+)\}?)?")


def why_not_approximately(left, right, left_tex, right_tex):
    """`a \\approx 0.88` holds when the exact value of a rounds to the digits shown."""
    shown, exact, exact_tex, shown_tex = _decimal(right_tex), left, left_tex, right_tex
    if shown is None:
        shown, exact, exact_tex, shown_tex = _decimal(left_tex), right, right_tex, left_tex
    if shown is None:
        return r"\approx compares a value with a decimal number, such as 0.88 or 1.2 \times 10^{-5}"
    value, digits, exponent = shown
    exact = _concrete(exact).doit()
    if exact.free_symbols:
        return fr"\approx needs a value, but {exact_tex} depends on {', '.join(map(str, exact.free_symbols))}"
    tolerance = sp.Rational(1, 2) * sp.Integer(10) ** (exponent - digits)
    numeric = _numeric(exact, digits + 10 - min(exponent, 0))
    if not numeric.is_Number:
        return f"{exact_tex} cannot be evaluated to a number"
    if abs(numeric - value) <= tolerance:
        return None
    return f"{exact_tex} = {sp.N(numeric, digits + 4 - min(exponent, 0))}, which does not round to {shown_tex}"


def _numeric(expr, digits):
    """The value of a constant; an integral SymPy cannot do exactly is done by mpmath's quadrature
    at a precision beyond the digits shown."""
    value = sp.N(expr, max(digits, PRECISION))
    if value.is_Number:
        return value
    def end(b):
        return mpmath.mpf(str(sp.N(b, digits))) if b.is_finite else (mpmath.inf if b > 0 else -mpmath.inf)

    with mpmath.workdps(digits):
        done = {}
        for integral in expr.atoms(sp.Integral):
            (var, low, high), body = integral.limits[0], integral.function
            area = mpmath.quad(sp.lambdify(var, body, "mpmath"), [end(low), end(high)])
            done[integral] = sp.Float(area, digits)
    return sp.N(expr.subs(done), digits)


def _decimal(tex):
    """(value, decimals, power of ten) of a number as a page shows it, or None."""
    compact = re.sub(r"\s|\\[,;:! ]|\{,\}", "", tex or "")
    m = DECIMAL.fullmatch(compact)
    if not m:
        return None
    exponent = int(m.group(3) or 0)
    return sp.Rational(m.group(1)) * sp.Integer(10) ** exponent, len(m.group(2) or ""), exponent


# -- orderings ----------------------------------------------------------------------------------

def positive(d, domains, strict):
    """("proved" | "false" | "unknown", counterexample point or None) for d > 0 (strict) or
    d >= 0 at every point of the domains (reals unless stated)."""
    d = _concrete(d).doit()
    symbols = sorted(d.free_symbols, key=str)
    if not symbols:
        sign = _sign_of(d)
        if sign is None:
            return "unknown", None
        return ("proved" if sign > 0 or sign == 0 and not strict else "false"), {}
    assumed = _assume(d, domains)
    for form in (assumed, sp.simplify(assumed), sp.factor(sp.together(assumed.rewrite(sp.exp)))):
        if (form.is_positive if strict else form.is_nonnegative):
            return "proved", None
    if len(symbols) == 1:
        return _one_variable(d, symbols[0], domains.get(symbols[0], sp.Reals), strict)
    return _search(d, domains, strict)


def _one_variable(f, x, where, strict):
    """The calculus argument: on an interval where f is differentiable, f > 0 everywhere when f is
    positive at its critical points and at closed ends, and its limits at open ends are >= 0
    (between critical points f is strictly monotone, so it stays above its values at the ends)."""
    if isinstance(where, sp.FiniteSet):
        for value in where:
            sign = _sign_of(f.subs(x, value))
            if sign is None:
                return "unknown", None
            if sign < 0 or sign == 0 and strict:
                return "false", {x: value}
        return "proved", None
    if not isinstance(where, sp.Interval):
        return "unknown", None
    derivative = sp.diff(f, x)
    try:
        if continuous_domain(f, x, where) != where or continuous_domain(derivative, x, where) != where:
            return _search(f, {x: where}, strict)
        critical = _critical_points(derivative, x, where)
    except (NotImplementedError, ValueError, TypeError):
        return _search(f, {x: where}, strict)
    if critical is None:
        return _search(f, {x: where}, strict)
    attained = [(c, f.subs(x, c)) for c in critical]
    ends = ((where.start, where.left_open), (where.end, where.right_open))
    attained += [(end, f.subs(x, end)) for end, is_open in ends if not is_open and end.is_finite]
    approached = []
    for end, is_open, side in ((where.start, where.left_open, "+"), (where.end, where.right_open, "-")):
        if is_open or not end.is_finite:
            value, _ = limit_value(sp.Limit(f, x, end, side))  # SymPy's, confirmed by the values
            if value is None:
                return "unknown", None
            approached.append((end, value))
    for point, value in attained:
        sign = _sign_of(value)
        if sign is None:
            return "unknown", None
        if sign < 0 or sign == 0 and strict:
            return "false", {x: point}
    for end, value in approached:
        sign = _sign_of(value)
        if sign is None:
            return "unknown", None
        if sign < 0:
            verdict, point = _search(f, {x: where}, strict, near=end)
            return (verdict, point) if verdict == "false" else ("unknown", None)
    return "proved", None


def _critical_points(derivative, x, where):
    """The zeros of f' in the interval as a finite list, or None when they cannot be found
    (or f' vanishes on a whole stretch)."""
    numerator = sp.numer(sp.together(sp.simplify(derivative.rewrite(sp.exp))))
    if numerator == 0:
        return None
    found = sp.solveset(numerator, x, domain=where)
    if isinstance(found, sp.FiniteSet):
        return list(found)
    if found == sp.S.EmptySet:
        return []
    u = sp.Symbol("u", positive=True)  # exponentials: solve for u = e^{x/m}, a polynomial equation
    exponents = {sp.nsimplify(e.args[0] / x) for e in numerator.atoms(sp.exp)}
    if not exponents or not all(e.is_rational for e in exponents):
        return None
    m = sp.ilcm(*[sp.Rational(e).q for e in exponents])
    in_u = sp.simplify(numerator.subs(x, m * sp.log(u)))
    roots = sp.solveset(in_u, u, domain=sp.Interval.open(0, sp.oo))
    if not isinstance(roots, sp.FiniteSet) and roots != sp.S.EmptySet:
        return None
    return [r for r in (m * sp.log(r) for r in roots) if where.contains(r) == sp.true]


def _sign_of(value):
    """-1, 0 or 1 for a constant; None when it cannot be decided."""
    value = sp.sympify(value).doit()
    if value in (sp.oo,):
        return 1
    if value in (-sp.oo,):
        return -1
    if value.is_zero or (not value.free_symbols and sp.simplify(value) == 0):
        return 0
    numeric = sp.N(value, PRECISION)
    if not numeric.is_real or abs(numeric) < sp.Float(10) ** (10 - PRECISION):
        return None
    return 1 if numeric > 0 else -1


def _search(f, domains, strict, near=None):
    """Look for a point where f > 0 (or >= 0) fails; ("false", point) or ("unknown", None)."""
    symbols = sorted(f.free_symbols, key=str)
    grid = [sp.Integer(v) for v in (0, 1, -1, 2, -2, 5, -5, 20, -20)] + list(PROBES)
    if near is not None:
        steps = [sp.Integer(10) ** k for k in (1, 2, 3)]
        close = [s * (1 if near == sp.oo else -1) for s in steps] if not near.is_finite else \
            [near + 1 / s for s in steps] + [near - 1 / s for s in steps]
        grid = close + grid
    for i in range(len(grid)):
        point = {}
        for j, var in enumerate(symbols):
            where = domains.get(var, sp.Reals)
            choices = [v for v in grid[i:] + grid[:i] if where.contains(v) == sp.true] or [_inside(where)]
            point[var] = choices[j % len(choices)]
        value = sp.N(f.subs(point), 30)
        if value.is_real and (value < 0 or value == 0 and strict):
            return "false", point
    return "unknown", None


def _inside(where):
    if isinstance(where, sp.FiniteSet):
        return list(where)[0]
    low, high = where.start, where.end
    if low.is_finite and high.is_finite:
        return (low + high) / 2
    return low + 1 if low.is_finite else (high - 1 if high.is_finite else sp.Integer(0))


def _product_bound(left, right, op):
    """\\prod_{k=a}^{n} f(z_k) \\le B^{n-a+1} holds for every n when 0 <= f <= B: the lemma for
    products of one function at indexed points. None when the lemma does not apply, "" when it
    proves the claim, otherwise why not."""
    if not isinstance(left, sp.Product) or not left.atoms(sp.Indexed):
        return None
    body, (k, start, end) = left.function, left.limits[0]
    indexed = body.atoms(sp.Indexed)
    t = sp.Symbol("t", real=True)
    factor = body.subs({i: t for i in indexed})
    if len({i.base for i in indexed}) != 1 or any(i.indices != (k,) for i in indexed) or k in factor.free_symbols:
        return None
    count = sp.Symbol("n_count", positive=True, integer=True)
    n_terms = end - start + 1
    root = sp.expand_power_base(right.subs(n_terms, count) ** (1 / count), force=True)
    per_factor = sp.simplify(sp.powsimp(root, force=True))
    if per_factor.free_symbols:
        return None
    name = f"{list(indexed)[0].base}_{k}"
    bounds = ((factor, False, "at least 0"), (per_factor - factor, len(op) == 1, f"at most {per_factor}"))
    for bound, strict, what in bounds:
        verdict, point = positive(bound, {}, strict)
        if verdict == "false":
            at = point.get(t, 0) if point else 0
            value = sp.N(factor.subs(t, at), 6)
            return (f"each factor must be {what} for the bound to hold for every n, but at {name} = {at} "
                    f"the factor is {value} (so n = {start} is a counterexample)")
        if verdict != "proved":
            return UNPROVED
    return ""


def why_not_different(left, right, domains):
    d = left - right
    for strict_sign in (1, -1):
        if positive(strict_sign * d, domains, strict=True)[0] == "proved":
            return None
    d = _concrete(d).doit()
    symbols = sorted(d.free_symbols, key=str)
    if not symbols:
        return _counterexample(left, right, {})
    if len(symbols) == 1:
        roots = sp.solveset(d, symbols[0], domain=domains.get(symbols[0], sp.Reals))
        if isinstance(roots, sp.FiniteSet) and roots:
            return _counterexample(left, right, {symbols[0]: sorted(roots, key=sp.default_sort_key)[0]})
    return UNPROVED


def _counterexample(left, right, point, relation_hint="so the relation fails"):
    left, right = _concrete(left), _concrete(right)
    where = "at " + ", ".join(f"{k} = {v}" for k, v in point.items()) if point else "as numbers"
    lhs = sp.N(left.doit().subs(point), 6)
    rhs = sp.N(right.doit().subs(point), 6)
    said = f"{where} the left side is {lhs} and the right side is {rhs}"
    return f"{said}, {relation_hint}" if relation_hint else said


# -- helpers ------------------------------------------------------------------------------------

def _assume(expr, domains):
    """Symbols declared positive (or negative) replaced by SymPy symbols that know it."""
    mapping = {}
    for var, where in domains.items():
        if var in expr.free_symbols and isinstance(where, sp.Interval):
            if where.start >= 0 and where.left_open or where.start > 0:
                mapping[var] = sp.Symbol(var.name, positive=True)
            elif where.end <= 0 and where.right_open or where.end < 0:
                mapping[var] = sp.Symbol(var.name, negative=True)
    return expr.subs(mapping) if mapping else expr


def _concrete(expr):
    """Replace arbitrary functions f, g, u, v by fixed smooth ones, to probe numerically."""
    t = sp.Dummy("t")
    samples = [sp.sin(t) + t**2 + 2, sp.exp(t / 3) + 1, t**3 - t + 3, sp.cos(t) + 2, t**2 + 1]
    functions = sorted({a.func for a in expr.atoms(AppliedUndef)}, key=str)
    mapping = {f: sp.Lambda(t, samples[i % len(samples)]) for i, f in enumerate(functions)}
    return expr.subs(mapping).doit() if mapping else expr


def _probe_points(expr, domains):
    symbols = sorted(expr.free_symbols, key=str)
    points = []
    for i in range(len(PROBES)):
        point = {}
        for j, var in enumerate(symbols):
            where = domains.get(var, sp.Reals)
            if str(var) in "pqy" and var not in domains:  # letters usually meaning a probability
                where = sp.Interval.open(0, 1)
            v = PROBES[(i + j) % len(PROBES)]
            point[var] = v if where.contains(v) == sp.true else _inside_probe(where, i)
        points.append(point)
    return points


def _inside_probe(where, i):
    if isinstance(where, sp.Interval) and where.start.is_finite and where.end.is_finite:
        return where.start + (where.end - where.start) * sp.Rational(i + 1, 4)
    return _inside(where) + i
