"""The LaTeX reader turns the site's notation into the SymPy expressions it means, and the
checker accepts true chains and rejects wrong steps. Expected values are built directly with
SymPy, not with the code under test."""

import pytest
import sympy as sp
from sitebuild.mathcheck import prove, reader

x, y, z, p, u = (sp.Symbol(n, real=True) for n in "xyzpu")
S = 1 / (1 + sp.exp(-x))


@pytest.mark.parametrize("tex, expected", [
    (r"\frac{1}{1+e^{-x}}", S),
    (r"\left(1+e^{-x}\right)^{-1}", S),
    (r"s(x)", S),
    (r"\sigma(x)", S),
    (r"s(-x)", 1 / (1 + sp.exp(x))),
    (r"s'(x)", sp.exp(-x) / (1 + sp.exp(-x)) ** 2),
    (r"s''(0)", sp.Integer(0)),
    (r"2\,s(2x) - 1", 2 / (1 + sp.exp(-2 * x)) - 1),
    (r"\frac{1}{4}\operatorname{sech}^{2}\left(\frac{x}{2}\right)", sp.sech(x / 2) ** 2 / 4),
    (r"\cosh^{2}(x/2)", sp.cosh(x / 2) ** 2),
    (r"\ln\bigl(2+\sqrt{3}\bigr)", sp.log(2 + sp.sqrt(3))),
    (r"-y\ln s(z)", -y * sp.log(1 / (1 + sp.exp(-z)))),
    (r"\operatorname{logit}(p)", sp.log(p / (1 - p))),
    (r"\operatorname{softplus}(x)", sp.log(1 + sp.exp(x))),
    (r"\underbrace{\frac{1}{1+e^{-x}}}_{s(x)}", S),
    (r"0.25^{2}", sp.Rational(1, 16)),
    (r"u^{-1}", 1 / u),
])
def test_reads_notation(tex, expected):
    assert sp.simplify(reader.parse_expression(tex).doit() - expected) == 0


def test_derivative_operator_applies_to_what_follows():
    got = reader.parse_expression(r"\frac{d}{dx}\left(1+e^{-x}\right)^{-1}")
    assert isinstance(got, sp.Derivative)
    assert sp.simplify(got.doit() - sp.diff(S, x)) == 0


def test_aligned_chain_and_notes():
    tex = r"""\begin{aligned}
    s'(x) &= \frac{e^{-x}}{(1+e^{-x})^{2}} && \text{chain rule: } \tfrac{d}{du}u^{-1} = -u^{-2} \\
    &= s(x)\bigl(1-s(x)\bigr) && \text{two sigmoids}
    \end{aligned}"""
    assert len(reader.parse_chain(tex)) == 3
    assert reader.note_equations(tex) == [(1, r"\tfrac{d}{du}u^{-1} = -u^{-2}")]
    assert prove.check(tex) == []


@pytest.mark.parametrize("tex", [
    r"s'(x) = s(x)\bigl(1-s(x)\bigr) = s(x)\,s(-x) = \frac{1}{4}\operatorname{sech}^{2}(x/2)",
    r"\frac{d}{dx}f\bigl(g(x)\bigr) = f'\bigl(g(x)\bigr)\,g'(x)",
    r"\frac{d}{dx}\frac{u(x)}{v(x)} = \frac{u'(x)v(x) - u(x)v'(x)}{v(x)^{2}}",
    r"s'''\bigl(\ln(2+\sqrt{3})\bigr) = 0",
    r"\frac{\partial}{\partial z}\Bigl[-y\ln s(z) - (1-y)\ln\bigl(1-s(z)\bigr)\Bigr] = s(z) - y",
])
def test_true_identities_pass(tex):
    assert prove.check(tex) == []


@pytest.mark.parametrize("tex, step", [
    (r"s'(x) = x(1-x)", "step 1"),                                   # the backprop bug
    (r"s'(x) = \frac{e^{-x}}{1+e^{-x}} = s(x)", "step 1"),            # a lost square
    (r"\frac{d}{dx}\left(1+e^{-x}\right)^{-1} = -\frac{e^{-x}}{(1+e^{-x})^{2}}", "step 1"),  # sign
    (r"\frac{d}{dx}\frac{u(x)}{v(x)} = \frac{u(x)v'(x) - u'(x)v(x)}{v(x)^{2}}", "step 1"),
    (r"a = a && \text{note } \tfrac{d}{dx}e^{-x} = e^{-x}", "note on line 1"),
])
def test_wrong_steps_are_caught_and_named(tex, step):
    failures = prove.check(tex)
    assert failures and step in failures[0].step
    assert "left side is" in failures[0].reason


@pytest.mark.parametrize("tex", [r"s' = s(1-s)", r"\foo(x) = 1", r"t(x) = 2\,s(2x) - 1", r"\frac{1}{2", r"s(x) \to 1"])
def test_unreadable_math_is_an_error(tex):
    with pytest.raises(reader.TexError):
        prove.check(tex)


@pytest.mark.parametrize("tex, display, claim", [
    (r"x = 0", False, False),
    (r"g(x) = 1+e^{-x}", False, False),
    (r"s(0) = \frac{1}{2}", False, True),
    (r"s(x)", False, False),
    (r"x = 0", True, True),
])
def test_which_formulas_are_claims(tex, display, claim):
    assert prove.is_claim(tex, display) is claim
