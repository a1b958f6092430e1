"""The LaTeX reader turns the site's notation into the SymPy expressions it means, and the
checker accepts true chains and rejects wrong steps. Expected values are built directly with
SymPy, not with the code under test."""

import pytest
import sympy as sp
from site_pages import math_page
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
    assert sp.simplify(reader.parse_expression(tex, math_page()).doit() - expected) == 0


def test_derivative_operator_applies_to_what_follows():
    got = reader.parse_expression(r"\frac{d}{dx}\left(1+e^{-x}\right)^{-1}", math_page())
    assert isinstance(got, sp.Derivative)
    assert sp.simplify(got.doit() - sp.diff(S, x)) == 0


def test_aligned_chain_and_notes():
    tex = r"""\begin{aligned}
    s'(x) &= \frac{e^{-x}}{(1+e^{-x})^{2}} && \text{chain rule: } \tfrac{d}{du}u^{-1} = -u^{-2} \\
    &= s(x)\bigl(1-s(x)\bigr) && \text{two sigmoids}
    \end{aligned}"""
    assert len(reader.parse_chain(tex, math_page())) == 3
    assert reader.note_equations(tex) == [(1, r"\tfrac{d}{du}u^{-1} = -u^{-2}")]
    assert prove.check(tex, math_page()) == []


@pytest.mark.parametrize("tex", [
    r"s'(x) = s(x)\bigl(1-s(x)\bigr) = s(x)\,s(-x) = \frac{1}{4}\operatorname{sech}^{2}(x/2)",
    r"\frac{d}{dx}f\bigl(g(x)\bigr) = f'\bigl(g(x)\bigr)\,g'(x)",
    r"\frac{d}{dx}\frac{u(x)}{v(x)} = \frac{u'(x)v(x) - u(x)v'(x)}{v(x)^{2}}",
    r"s'''\bigl(\ln(2+\sqrt{3})\bigr) = 0",
    r"\frac{\partial}{\partial z}\Bigl[-y\ln s(z) - (1-y)\ln\bigl(1-s(z)\bigr)\Bigr] = s(z) - y",
])
def test_true_identities_pass(tex):
    assert prove.check(tex, math_page()) == []


@pytest.mark.parametrize("tex, step", [
    (r"s'(x) = x(1-x)", "step 1"),                                   # the backprop bug
    (r"s'(x) = \frac{e^{-x}}{1+e^{-x}} = s(x)", "step 1"),            # a lost square
    (r"\frac{d}{dx}\left(1+e^{-x}\right)^{-1} = -\frac{e^{-x}}{(1+e^{-x})^{2}}", "step 1"),  # sign
    (r"\frac{d}{dx}\frac{u(x)}{v(x)} = \frac{u(x)v'(x) - u'(x)v(x)}{v(x)^{2}}", "step 1"),
    (r"a = a && \text{note } \tfrac{d}{dx}e^{-x} = e^{-x}", "note on line 1"),
])
def test_wrong_steps_are_caught_and_named(tex, step):
    failures = prove.check(tex, math_page())
    assert failures and step in failures[0].step
    assert "left side is" in failures[0].reason


@pytest.mark.parametrize("tex", [r"s' = s(1-s)", r"\foo(x) = 1", r"t(x) = 2\,s(2x) - 1", r"\frac{1}{2", r"s(x) \to 1"])
def test_unreadable_math_is_an_error(tex):
    with pytest.raises(reader.TexError):
        prove.check(tex, math_page())


@pytest.mark.parametrize("tex, display, claim", [
    (r"x = 0", False, False),
    (r"g(x) = 1+e^{-x}", False, False),
    (r"s(0) = \frac{1}{2}", False, True),
    (r"s(x)", False, False),
    (r"x = 0", True, True),
])
def test_which_formulas_are_claims(tex, display, claim):
    assert prove.is_claim(tex, display) is claim


# -- the site's vocabulary: the checker knows no subject by name ----------------------------------

def test_the_site_vocabulary_is_the_sigmoid_the_numbers_use():
    """mkdocs.yml declares s, \\sigma, softplus and logit for the checker; the figures and numbers
    use scripts/sigmoid/definitions.py. The two say the same."""
    from sigmoid import definitions

    page, x = math_page(), definitions.x
    for name, expected in (("s", definitions.SIGMOID), (r"\sigma", definitions.SIGMOID),
                           ("softplus", definitions.softplus(x)), ("logit", definitions.logit(x))):
        assert sp.simplify(page.functions[name](x) - expected) == 0, name


def test_the_checker_imports_no_subject():
    """The checker's modules import nothing from the site's subject (here, the sigmoid package)."""
    import ast
    from pathlib import Path

    from sitebuild.mathcheck import __file__ as package
    for path in Path(package).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {name for name in imported if name.split(".")[0] == "sigmoid"}, path.name


GAUSSIAN_SITE = [r"g(x) := e^{-x^{2}}", r"\operatorname{gauss}(x) := \frac{1}{\sqrt{2\pi}}\,e^{-x^{2}/2}"]


def test_another_site_with_its_own_vocabulary_is_checked():
    """A site about the Gaussian declares its own functions and gets checked, with no sigmoid."""
    page = reader.site_page(GAUSSIAN_SITE)
    assert prove.check(r"g'(x) = -2x\,g(x)", page) == []
    assert prove.check(r"\lim_{x\to\infty} g(x) = 0", page) == []
    assert prove.check(r"\int_{-\infty}^{\infty} \operatorname{gauss}(x)\,dx = 1", page) == []
    (failure,) = prove.check(r"g'(x) = 2x\,g(x)", page)  # the wrong twin
    assert failure.step == "step 1" and "the left side is -0.857677" in failure.reason
    with pytest.raises(reader.TexError, match="a function s that this page has not defined"):  # no sigmoid there
        prove.check(r"s'(x) = s(x)\bigl(1-s(x)\bigr)", page)


def test_a_page_cannot_redefine_a_site_function():
    with pytest.raises(reader.TexError, match="already has a meaning on every page"):
        prove.check(r"s(x) := 2x", math_page())


def test_the_vocabulary_holds_definitions_only():
    with pytest.raises(reader.TexError, match="definitions only"):
        reader.site_page([r"s(x) = \frac{1}{1+e^{-x}}"])
