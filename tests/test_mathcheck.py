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


def test_a_note_keeps_the_tokens_on_either_side_apart():
    """`\\quad\\text{for }p` (no space after the note) is \\quad, a note and p: the domain is p's,
    not that of a control word \\quadp (so p(1-p) > 0 holds on it)."""
    tex = r"0 < p(1-p) \le \frac{1}{4} \quad\text{for }p \in (0, 1)"
    assert prove.check(tex, math_page()) == []
    assert reader.tokens(r"\ln\text{a note}x") == [r"\ln", "x"]


def test_quad_ends_where_tex_ends_a_control_word():
    """TeX ends \\quad at the first non-letter: `\\quad0 < x < 1` is \\quad, then the condition."""
    tex = r"\frac{d}{dx}\sin^{-1} x = \frac{1}{\sqrt{1-x^{2}}}\quad0 < x < 1"
    assert reader.conditions(tex) == [" 0 < x < 1"]
    assert prove.check(tex, math_page()) == []


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


# -- readings: what TeX renders, and never a silent choice -------------------------------------

@pytest.mark.parametrize("tex, readings", [
    (r"\ln xy = 0", [r"\ln(x y)", r"y\,\ln x"]),
    (r"\log xy = 0", [r"\log(x y)", r"y\,\log x"]),
    (r"\sin x y = 0", [r"\sin(x y)", r"y\,\sin x"]),
    (r"\ln 2x = 0", [r"\ln(2 x)", r"x\,\ln 2"]),
    (r"a/bc = 1", ["/(b c)", r"(/b)\,c"]),
])
def test_an_ambiguous_reading_is_refused_with_both_readings(tex, readings):
    with pytest.raises(reader.TexError) as error:
        prove.check(tex, math_page())
    assert all(reading in str(error.value) for reading in readings), str(error.value)
    assert "two readings" in str(error.value)


@pytest.mark.parametrize("tex", [r"\ln^{-1} x = e^{x}", r"\exp^{-1} x = \ln x"])
def test_an_inverse_written_as_a_power_of_ln_or_exp_is_refused(tex):
    with pytest.raises(reader.TexError, match="ambiguous"):
        prove.check(tex, math_page())


@pytest.mark.parametrize("tex", [r"2\sin x\,\cos x = \sin(2x)", r"\sin x \cos x = \frac{1}{2}\sin(2x)",
                                 r"\sin^{-1}(1) = \frac{\pi}{2}", r"\frac{1}{2}/2 = \frac{1}{4}"])
def test_what_has_one_reading_is_read(tex):
    assert prove.check(tex, math_page()) == []


@pytest.mark.parametrize("tex, expected", [
    (r"\frac1234", sp.Integer(17)),            # TeX: \frac{1}{2}34
    (r"\frac12", sp.Rational(1, 2)),
    (r"\tfrac14", sp.Rational(1, 4)),
    (r"x^23", 3 * sp.Symbol("x", real=True) ** 2),  # TeX: x^{2}3
    (r"\sqrt2x", sp.sqrt(2) * sp.Symbol("x", real=True)),
    (r"x_12", 2 * sp.Symbol("x_1", real=True)),  # TeX: x_{1}2
])
def test_one_token_arguments_are_read_as_tex_renders_them(tex, expected):
    """TeX takes one character for an argument without braces (KaTeX renders \\frac1234 as ½·34)."""
    assert sp.simplify(reader.parse_expression(tex, math_page()) - expected) == 0


KATEX_TREE = """const katex = require(process.argv[1] + "/node_modules/katex");
const lines = require("fs").readFileSync(0, "utf8").split("\\n").filter(Boolean);
console.log(JSON.stringify(lines.map(tex => katex.__parse(tex, {}))));"""


def katex_value(node):
    """A value from KaTeX's own parse tree, for the subset of one-token tests: numbers, letters,
    \\frac, ^, \\sqrt and juxtaposition (digits side by side are one number, as TeX sets them)."""
    if isinstance(node, list):
        value, digits = sp.Integer(1), ""
        for item in node + [None]:
            if item is not None and item["type"] == "textord" and item["text"].isdigit():
                digits += item["text"]
                continue
            if digits:
                value, digits = value * sp.Integer(digits), ""
            if item is not None:
                value = value * katex_value(item)
        return value
    kind = node["type"]
    if kind in ("textord", "mathord"):
        return sp.Integer(node["text"]) if node["text"].isdigit() else sp.Symbol(node["text"], real=True)
    if kind == "ordgroup":
        return katex_value(node["body"])
    if kind == "genfrac":
        return katex_value(node["numer"]) / katex_value(node["denom"])
    if kind == "supsub":
        return katex_value(node["base"]) ** katex_value(node["sup"])
    if kind == "sqrt":
        index = katex_value(node["index"]) if node.get("index") else 2
        return sp.root(katex_value(node["body"]), index)
    raise ValueError(f"not in the subset: {kind}")


ONE_TOKEN = [r"\frac1234", r"\frac12", r"\tfrac14", r"x^23", r"\sqrt2x", r"2^{10}x", r"\frac{1}{2}x^{2}",
             r"\sqrt[3]{8}", r"\frac12x^2", r"3^2"]


def test_the_reader_reads_one_token_arguments_as_katex_parses_them():
    """The oracle is KaTeX's own parse tree (the renderer the reader sees), not the reader's rules."""
    import json
    import subprocess

    from sitebuild import ROOT

    out = subprocess.run(["node", "-e", KATEX_TREE, str(ROOT)], input="\n".join(ONE_TOKEN), capture_output=True,
                         text=True, check=True).stdout
    for tex, tree in zip(ONE_TOKEN, json.loads(out)):
        assert sp.simplify(reader.parse_expression(tex, math_page()) - katex_value(tree)) == 0, tex


@pytest.mark.parametrize("tex", [r"\frac{d^{n}}{dx^{n}} s(x) = 0", r"\frac{d^{2}}{dx^{3}} s(x) = 0"])
def test_a_derivative_order_that_is_not_one_whole_number_is_refused_not_a_traceback(tex):
    with pytest.raises(reader.TexError, match="whole number|orders differ"):
        prove.check(tex, math_page())


@pytest.mark.parametrize("tex", [r"\frac{d}{dx}\,x\,s(x) = s(x)", r"\frac{d}{dx} x s(x) = s(x) + x\,s'(x)"])
def test_a_derivative_of_a_product_without_parentheses_is_refused_with_both_readings(tex):
    """d/dx x s(x) read as (d/dx x) s(x) = s(x) made a true claim look wrong, and a wrong one true."""
    with pytest.raises(reader.TexError, match="two readings"):
        prove.check(tex, math_page())


def test_a_derivative_of_a_product_in_parentheses_is_read():
    assert prove.check(r"\frac{d}{dx}\bigl(x\,s(x)\bigr) = s(x) + x\,s'(x)", math_page()) == []


# SymPy 1.14 gives 0 for this limit; it is 1 (x e^-x vanishes). The checker holds every limit
# against the values approaching it (prove.limit_value), so the wrong value can prove nothing.
SYMPY_WRONG_LIMIT = r"\lim_{x\to\infty} \Bigl(1 + x\bigl(1-s(x)\bigr)\Bigr)"


def test_sympy_gets_this_limit_wrong_so_the_test_below_can_bite():
    x = sp.Symbol("x", real=True)
    s = 1 / (1 + sp.exp(-x))
    assert sp.limit(1 + x * (1 - s), x, sp.oo) == 0 and sp.limit(sp.together(1 + x * (1 - s)), x, sp.oo) == 1


def test_a_limit_sympy_gets_wrong_proves_nothing_false_and_its_true_value_holds():
    (failure,) = prove.check(SYMPY_WRONG_LIMIT + " = 0", math_page())
    assert "the left side is 1.00000" in failure.reason
    assert prove.check(SYMPY_WRONG_LIMIT + " = 1", math_page()) == []


def test_a_limit_whose_values_do_not_confirm_sympys_is_refused():
    x = sp.Symbol("x", real=True)
    limit = sp.Limit(1 + x * (1 - 1 / (1 + sp.exp(-x))), x, sp.oo)
    assert "do not approach" in prove.why_not_limit(limit, sp.Integer(0))
    assert prove.why_not_limit(limit, sp.Integer(1)) is None
    assert "do not grow" in prove.why_not_limit(sp.Limit(-x, x, sp.oo), sp.oo)


def test_sympy_running_out_of_recursion_is_a_message_not_a_traceback():
    """SymPy recursed without end on p_i with p_i defined nowhere and an indexed sum (a traceback
    from the build before)."""
    (failure,) = prove.check(r"p_i = \frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}}", math_page())
    assert "SymPy could not evaluate it (RecursionError" in failure.reason
