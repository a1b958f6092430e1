"""Every construct an author may write, as a correct example that passes and a wrong twin that
fails with the page's line, the step and a counterexample. The tests are generated from one
table; each case is a small Markdown page read by the same arithmatex extension as the site and
checked by page_math.check, the build's per-page loop."""

import markdown
import published
import pytest
from sigmoid import values  # noqa: F401 (registers the sigmoid's published numbers)
from site_pages import math_page
from sitebuild import placeholders
from sitebuild.config import math_vocabulary
from sitebuild.mathcheck import page_math, prove

GRADIENT = r"\Bigl(\frac{\partial L}{\partial w_1}, \frac{\partial L}{\partial w_2}\Bigr) = "
# (construct, setup formulas on the page before it, correct TeX, wrong TeX, failing step).
# TeX between $...$ is an inline formula, anything else a display formula.
PHI = r"\Phi(x) := \frac{1}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)"
CONSTRUCTS = [
    ("range", [], r"0 < s(x) < 1", r"0 < s(x) < \frac{1}{2}", "step 2"),
    ("inline range", [], r"$0 < s(x) < 1$", r"$2 < s(x) < 1$", "step 1"),
    ("maximum", [], r"s'(x) \le \frac{1}{4}", r"s'(x) \le \frac{1}{5}", "step 1"),
    ("inline maximum", [], r"$s'(x) \leq \frac{1}{4}$", r"$s'(x) \leq \frac{1}{5}$", "step 1"),
    ("mixed chain", [], r"s'(x) \le s'(0) = \frac{1}{4}", r"s'(x) \le s'(0) = \frac{1}{5}", "step 2"),
    ("greater or equal", [], r"1 - s(x) \geq 0", r"s(x) - \frac{1}{2} \ge 0", "step 1"),
    ("greater", [], r"s(x) > 0", r"s(x) > \frac{1}{2}", "step 1"),
    ("not equal", [], r"s(x) \neq 0", r"s(x) \neq \frac{1}{2}", "step 1"),
    ("condition after \\quad", [], r"s(x) > \frac{1}{2} \quad x > 0", r"s(x) > \frac{1}{2} \quad x > -1", "step 1"),
    ("for all, trailing period", [], r"0 < s(x) < 1 \quad \text{for all } x \in \mathbb{R}.",
     r"0 < s(x) < \frac{1}{2} \quad \text{for all } x \in \mathbb{R}.", "step 2"),
    ("declared domain", [r"$p \in (0, 1)$"], r"0 < p(1-p) \le \frac{1}{4}", r"0 < p(1-p) \le \frac{1}{5}", "step 2"),
    ("approximation", [], r"s(2) \approx 0.88", r"s(2) \approx 0.12", "step 1"),
    ("inline approximation", [], r"$s(2) \approx 0.8808$", r"$s(2) \approx 0.8807$", "step 1"),
    ("scientific approximation", [], r"s'(10) \approx 4.54 \times 10^{-5}", r"s'(10) \approx 4.54 \times 10^{-4}",
     "step 1"),
    ("limit at infinity", [], r"\lim_{x\to\infty} s(x) = 1", r"\lim_{x\to\infty} s(x) = 0", "step 1"),
    ("limit at both ends", [], r"\lim_{x\to\pm\infty} s'(x) = 0",
     r"\lim_{x\to\pm\infty} s(x) = 1", "reading \\pm as -"),
    ("limit at a point", [], r"\lim_{x\to 0} \frac{s(x) - s(0)}{x} = \frac{1}{4}",
     r"\lim_{x\to 0} \frac{s(x) - s(0)}{x} = \frac{1}{2}", "step 1"),
    ("antiderivative", [], r"\int s(x)\,dx = \ln\left(1+e^{x}\right) + C",
     r"\int s(x)\,dx = \ln\left(1+e^{-x}\right) + C",
     "step 1"),
    ("definite integral", [], r"\int_{-\infty}^{\infty} s'(x)\,dx = 1",
     r"\int_{-\infty}^{\infty} s'(x)\,dx = 2", "step 1"),
    ("definite integral, approximately", [], r"\int_{0}^{1} s(x)\,dx \approx 0.6201",
     r"\int_{0}^{1} s(x)\,dx \approx 0.5", "step 1"),
    ("definite integral by quadrature", [], r"\int_{0}^{1} s(x^{2})\,dx \approx 0.5805",
     r"\int_{0}^{1} s(x^{2})\,dx \approx 0.5800", "step 1"),
    ("finite sum", [], r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}", r"\sum_{k=1}^{n} k = \frac{n(n-1)}{2}", "step 1"),
    ("infinite sum", [], r"\sum_{k=0}^{\infty} 2^{-k} = 2", r"\sum_{k=0}^{\infty} 2^{-k} = 3", "step 1"),
    ("finite product", [], r"\prod_{k=1}^{3} k = 6", r"\prod_{k=1}^{3} k = 5", "step 1"),
    ("vanishing product", [], r"\prod_{k=1}^{n} s'(z_k) \le 4^{-n}", r"\prod_{k=1}^{n} s'(z_k) \le 5^{-n}", "step 1"),
    ("definition :=", [r"t(x) := 2\,s(2x) - 1"], r"t'(x) = 1 - t(x)^{2}", r"t'(x) = 1 + t(x)^{2}", "step 1"),
    ("definition \\coloneqq", [r"$q(x) \coloneqq s(x)\,s(-x)$"], r"q(x) = s'(x)", r"q(x) = s(x)", "step 1"),
    ("definition with a chain", [], r"t(x) := 2\,s(2x) - 1 = \tanh(x)", r"t(x) := 2\,s(2x) - 1 = \tanh(2x)", "step 1"),
    ("capital Greek name, erf", [PHI], r"\frac{d}{dx}\Phi(x) = \frac{1}{\sqrt{2\pi}}\,e^{-x^{2}/2}",
     r"\frac{d}{dx}\Phi(x) = \frac{1}{\sqrt{2\pi}}\,e^{-x^{2}}", "step 1"),
    ("erfc", [PHI], r"\Phi(x) = \frac{1}{2}\operatorname{erfc}\left(-\frac{x}{\sqrt{2}}\right)",
     r"\Phi(x) = \frac{1}{2}\operatorname{erfc}\left(\frac{x}{\sqrt{2}}\right)", "step 1"),
    ("second derivative, order braced", [], r"\frac{d^{2}}{dx^{2}}\tanh(x) = -2\tanh(x)\left(1 - \tanh^{2}(x)\right)",
     r"\frac{d^{2}}{dx^{2}}\tanh(x) = 2\tanh(x)\left(1 - \tanh^{2}(x)\right)", "step 1"),
    ("Greek variable", [], r"\frac{d}{d\theta} s(\theta) = s(\theta)\bigl(1 - s(\theta)\bigr)",
     r"\frac{d}{d\theta} s(\theta) = s(\theta)^{2}", "step 1"),
    ("subscripts", [], r"\frac{\partial}{\partial w_1} s(w_1 x_1 + w_2 x_2) = s'(w_1 x_1 + w_2 x_2)\,x_1",
     r"\frac{\partial}{\partial w_1} s(w_1 x_1 + w_2 x_2) = s'(w_1 x_1 + w_2 x_2)\,x_2", "step 1"),
    ("dot product", [r"\mathbf{w} := (w_1, w_2)", r"\mathbf{x} := (x_1, x_2)"],
     r"\mathbf{w}\cdot\mathbf{x} = w_1 x_1 + w_2 x_2", r"\mathbf{w}\cdot\mathbf{x} = w_1 x_2 + w_2 x_1", "step 1"),
    ("gradient componentwise", [r"\mathbf{x} := (x_1, x_2)", r"L := \ln s(w_1 x_1 + w_2 x_2)"],
     GRADIENT + r"\bigl(1 - s(w_1 x_1 + w_2 x_2)\bigr)\,\mathbf{x}", GRADIENT + r"s(w_1 x_1 + w_2 x_2)\,\mathbf{x}",
     "step 1"),
    ("\\tfrac14", [], r"\tfrac14 + \tfrac14 = \tfrac12", r"\tfrac14 + \tfrac14 = \tfrac13", "step 1"),
    ("trailing comma", [], r"s(0) = \frac{1}{2},", r"s(0) = \frac{1}{3},", "step 1"),
    ("inline equality", [], r"$s(0) = \frac{1}{2}$", r"$s(0) = 1$", "step 1"),
    # The everyday calculus vocabulary (not this site's own): each as an author from outside writes it.
    ("sine and cosine", [], r"\sin^2 x + \cos^2 x = 1", r"\sin^2 x + \cos^2 x = 2", "step 1"),
    ("tangent's derivative", [], r"\frac{d}{dx}\tan x = \sec^{2} x", r"\frac{d}{dx}\tan x = \csc^{2} x", "step 1"),
    ("cotangent", [], r"\cot x = \frac{\cos x}{\sin x}", r"\cot x = \frac{\sin x}{\cos x}", "step 1"),
    ("inverse sine as ^{-1}", [], r"\frac{d}{dx}\sin^{-1} x = \frac{1}{\sqrt{1-x^{2}}} \quad 0 < x < 1",
     r"\frac{d}{dx}\sin^{-1} x = \frac{-1}{\sqrt{1-x^{2}}} \quad 0 < x < 1", "step 1"),
    ("arctangent", [], r"\frac{d}{dx}\arctan x = \frac{1}{1+x^{2}}", r"\frac{d}{dx}\arctan x = \frac{1}{1-x^{2}}",
     "step 1"),
    ("hyperbolic", [], r"\cosh^2 x - \sinh^2 x = 1", r"\cosh^2 x + \sinh^2 x = 1", "step 1"),
    ("logarithm with a base", [], r"\log_2 8 = 3", r"\log_{2} 8 = 4", "step 1"),
    ("logarithm base change", [], r"\log_{a} x = \frac{\ln x}{\ln a} \quad x > 0",
     r"\log_{a} x = \frac{\ln a}{\ln x} \quad x > 0", "step 1"),
    ("lg", [], r"\lg 1000 = 3", r"\lg 1000 = 2", "step 1"),
    ("factorial", [], r"5! = 120", r"5! = 24", "step 1"),
    ("binomial", [], r"\binom{5}{2} = 10", r"\binom{5}{2} = 20", "step 1"),
    ("min and max", [], r"\max(2, 3) - \min(2, 3) = 1", r"\max(2, 3) - \min(2, 3) = 0", "step 1"),
    ("floor and ceiling", [], r"\lfloor 2.5 \rfloor + \lceil 2.5 \rceil = 5",
     r"\lfloor 2.5 \rfloor + \lceil 2.5 \rceil = 4", "step 1"),
    ("n-th root", [], r"\sqrt[3]{27} = 3", r"\sqrt[3]{27} = 9", "step 1"),
    ("division sign", [], r"6 \div 3 = 2", r"6 \div 3 = 3", "step 1"),
    ("times sign", [], r"2 \times 3 = 6", r"2 \times 3 = 5", "step 1"),
    ("limit with \\rightarrow", [], r"\lim_{x \rightarrow 3} x^{2} = 9", r"\lim_{x \rightarrow 3} x^{2} = 6", "step 1"),
    ("limit with \\longrightarrow", [], r"\lim_{x \longrightarrow 0} \frac{\sin x}{x} = 1",
     r"\lim_{x \longrightarrow 0} \frac{\sin x}{x} = 0", "step 1"),
    ("upright d", [], r"\int_{0}^{1} 2x \, \mathrm{d}x = 1", r"\int_{0}^{1} 2x \, \mathrm{d}x = 2", "step 1"),
    ("upright d in a derivative", [], r"\frac{\mathrm{d}}{\mathrm{d}x} x^{3} = 3x^{2}",
     r"\frac{\mathrm{d}}{\mathrm{d}x} x^{3} = 3x", "step 1"),
    ("differential on top", [], r"\int_{1}^{e} \frac{dz}{z} = 1", r"\int_{1}^{e} \frac{dz}{z} = 2", "step 1"),
    ("integrand 1", [], r"\int_0^1 dx = 1", r"\int_0^1 dx = 2", "step 1"),
    ("italic name", [], r"\mathit{x} + \mathit{x} = 2x", r"\mathit{x} + \mathit{x} = 3x", "step 1"),
    ("operatorname of a known function", [], r"\operatorname{sin}(0) = 0", r"\operatorname{sin}(0) = 1", "step 1"),
    ("spacing commands", [], r"2 \thinspace x \medspace + \thickspace x = 3x",
     r"2 \thinspace x \medspace + \thickspace x = 2x", "step 1"),
    ("TeX's one-token \\frac", [], r"\frac1234 = 17", r"\frac1234 = \frac{1}{234}", "step 1"),
    ("TeX's one-token exponent", [], r"x^23 = 3x^{2}", r"x^23 = x^{23}", "step 1"),
    ("TeX's one-token root", [], r"\sqrt2x = \sqrt{2}\,x", r"\sqrt2x = \sqrt{2x}", "step 1"),
    ("aligned chain with a note", [],
     "\\begin{aligned}\ns'(x) &= s(x)\\bigl(1-s(x)\\bigr) && \\text{shown above} \\\\\n&= s(x)\\,s(-x)\n\\end{aligned}",
     "\\begin{aligned}\ns'(x) &= s(x)\\bigl(1-s(x)\\bigr) && \\text{shown above} \\\\\n&= s(x)\\,s(x)\n\\end{aligned}",
     "step 2"),
]
IDS = [c[0] for c in CONSTRUCTS]
# What each kind of failure shows as its counterexample or reason.
EVIDENCE = ("the left side is", "does not round to", "is a counterexample")


def formula_markdown(tex):
    return tex if tex.startswith("$") else f"$$\n{tex}\n$$"


def page(setup, tex):
    """A small page: a title, the setup formulas, some prose, then the formula under test."""
    parts = ["# A page", "Some prose first."] + [formula_markdown(s) for s in setup]
    parts += ["The claim:", formula_markdown(tex), "The end."]
    return "\n\n".join(parts) + "\n"


def check_page(md, tmp_path, stats=None, cache=None, inline_claims=True):
    html = markdown.markdown(md, extensions=["pymdownx.arithmatex"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})
    formulas = page_math.find(html)
    assert formulas, "the test page has no math"
    cache = cache or page_math.Cache(tmp_path / "math.json")
    return page_math.check(formulas, md, cache, "test", stats, math_vocabulary(), inline_claims)


@pytest.mark.parametrize("construct, setup, correct, wrong, step", CONSTRUCTS, ids=IDS)
def test_correct_example_passes(tmp_path, construct, setup, correct, wrong, step):
    assert check_page(page(setup, correct), tmp_path) == {}


@pytest.mark.parametrize("construct, setup, correct, wrong, step", CONSTRUCTS, ids=IDS)
def test_wrong_twin_fails_with_line_step_and_counterexample(tmp_path, construct, setup, correct, wrong, step):
    md = page(setup, wrong)
    errors = check_page(md, tmp_path)
    assert len(errors) == 1, errors
    (error,) = errors.values()
    # The line of the wrong formula, found here in the Markdown (the last line that differs
    # from the correct page's), independently of the checker's own search.
    right_lines, wrong_lines = page(setup, correct).split("\n"), md.split("\n")
    differing = [i + 1 for i, (a, b) in enumerate(zip(right_lines, wrong_lines)) if a != b]
    assert error.line in differing, (error.line, differing)
    message = str(error)
    assert step in message and "does not hold" in message, message
    assert any(evidence in message for evidence in EVIDENCE), message


def test_the_domain_declaration_matters(tmp_path):
    """Without `p \\in (0, 1)`, p(1-p) > 0 is false (p = -1), so the declaration is what proves it."""
    errors = check_page(page([], r"0 < p(1-p) \le \frac{1}{4}"), tmp_path)
    assert "left side is" in str(next(iter(errors.values())))


def test_a_definition_is_not_a_claim_and_holds_for_the_rest_of_the_page(tmp_path):
    md = page([r"t(x) := 2\,s(2x) - 1"], r"t(0) = 0")
    assert check_page(md, tmp_path) == {}
    before = page([], r"t(0) = 0")  # without the definition, t(0) is ambiguous: an error, not t·0
    assert "t is not a function this page defined" in str(next(iter(check_page(before, tmp_path).values())))


def test_cached_definitions_are_read_again_only_for_a_new_formula_after_them(tmp_path):
    cache = page_math.Cache(tmp_path / "math.json")
    md = page([r"t(x) := 2\,s(2x) - 1"], r"t'(x) = 1 - t(x)^{2}")
    assert check_page(md, tmp_path, cache=cache) == {}
    stats = {}
    assert check_page(md, tmp_path, stats, cache) == {}
    assert stats.get("checked", 0) == 0  # all cached: nothing is read, SymPy need not load
    edited = md.replace("The end.", "$$\nt(0) = 0\n$$\n\nThe end.")
    assert check_page(edited, tmp_path, stats, cache) == {}  # the new claim sees the cached definition
    assert stats["checked"] == 1
    wrong = md.replace("The end.", "$$\nt(0) = 1\n$$\n\nThe end.")
    assert "left side is 0" in str(next(iter(check_page(wrong, tmp_path, cache=cache).values())))


def test_a_site_may_leave_inline_formulas_to_their_author(tmp_path):
    """The plugin's inline_claims: false. An inline relation is then no claim (a wrong one passes),
    an inline definition still defines, and display formulas are checked as ever."""
    md = "Here $t(x) := 2x$ and $s(0) = 1$.\n\n$$\nt(1) = 2\n$$\n"
    (wrong,) = check_page(md, tmp_path).values()  # by default an inline relation is a claim
    assert "inline formula 2" in str(wrong) and "left side is 0.500000" in str(wrong)
    assert check_page(md, tmp_path, inline_claims=False) == {}
    (wrong,) = check_page(md.replace("t(1) = 2", "t(1) = 3"), tmp_path, inline_claims=False).values()
    assert "equation 1" in str(wrong) and "left side is 2" in str(wrong), wrong


def test_unchecked_formula_is_skipped_and_counted(tmp_path):
    stats = {}
    md = page([], r"s(x) \le \frac{1}{5} \unchecked{a planted wrong claim, marked}")
    assert check_page(md, tmp_path, stats) == {}
    assert stats["unchecked"] == 1


def test_what_cannot_be_proved_fails_and_says_how_to_mark_it(tmp_path):
    errors = check_page(page([], r"x^{2} + y^{2} + 1 \ge x + y"), tmp_path)  # true, not proved
    message = str(next(iter(errors.values())))
    assert "could not be proved" in message and r"\unchecked{" in message


@pytest.mark.parametrize("tex, role", [
    (r"x = 0", "assignment"),
    (r"u = 1+e^{-x}", "assignment"),
    (r"g(x) = 1+e^{-x}", "assignment"),
    (r"0 < p < 1", "condition"),
    (r"x > 0", "condition"),
    (r"p \in (0, 1)", "declaration"),
    (r"x \to \infty", "phrase"),
    (r"s(x) \to 1", "claim"),  # then unreadable: \to only under \lim
    (r"s'(x)", "text"),
    (r"\lim_{x\to\infty} s(x)", "expression"),
    (r"s(0) = \frac{1}{2}", "claim"),
    (r"0 < s(x) < 1", "claim"),
    (r"s(2) \approx 0.88", "claim"),
    (r"t(x) := 2\,s(2x) - 1", "definition"),
])
def test_inline_roles(tex, role):
    assert prove.role(tex, display=False) == role


@pytest.mark.parametrize("claim, name", [
    (r"s(2) \approx {{ sigmoid_at_two }}", "sigmoid_at_two"),          # fixed decimals
    (r"s'(10) \approx {{ derivative_at_ten }}", "derivative_at_ten"),  # a × 10^b
])
def test_a_published_number_inside_math_is_the_checked_number(claim, name):
    """Inside math the number is put in as TeX (outside, as HTML), and the claim holds for it."""
    md = f"Prose {{{{ {name} }}}}.\n\nThe claim ${claim}$ holds.\n"
    filled = placeholders.fill(md, {name: published.html(name)}, on_error=pytest.fail)
    assert filled.count("\n") == md.count("\n")  # lines keep their numbers
    prose, math = filled.split("\n")[0], filled.split("$")[1]
    assert published.html(name) in prose and "<" not in math
    assert prove.check(math, math_page(), display=False) == []
    wrong = math.replace(math.split(r"\approx")[1].strip(), "0.5")
    assert prove.check(wrong, math_page(), display=False)


@pytest.mark.parametrize("tex, changes", [
    (r"t(x) := 2\,s(2x) - 1", True),
    (r"q(x) \coloneqq s(x)", True),
    (r"p \in (0, 1)", True),
    (r"0 < s(x) < 1 \quad \text{for all } x \in \mathbb{R}", False),
    (r"s'(x) \le \frac{1}{4} \quad x \in \mathbb{R}", False),
    (r"\int s(x)\,dx = \ln(1+e^{x}) + C", False),
])
def test_which_formulas_are_read_again_from_the_cache(tex, changes):
    assert page_math.changes_page(tex) is changes


def test_sympy_giving_up_fails_the_step_with_a_message_not_a_traceback():
    # SymPy raises on a limit that does not exist (from the left -oo, from the right +oo).
    failures = prove.check(r"\lim_{h\to 0}\frac{(x+h)^{2}-x^{2}}{h^{2}} = 2x", math_page())
    assert len(failures) == 1 and "SymPy could not evaluate it" in failures[0].reason
    assert r"\unchecked{why}" in failures[0].reason
