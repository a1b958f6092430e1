"""The phone layout of display formulas (sitebuild/mathcheck/narrow.py): reasons go under their
steps, long lines break before an `=`, and the narrow TeX is the same chain as the page's TeX.
The oracle for "the same chain" is the math checker itself (SymPy): the narrow TeX must read
as the same terms and every step must still hold. Widths are KaTeX's (Node), as in the build;
that the result really fits a phone is tests/browser/test_formulas_fit.py's job."""

import functools
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from site_pages import math_page
from sitebuild import generate, placeholders, search_text
from sitebuild.mathcheck import narrow, page_math, prove, reader

DOCS = ROOT / "docs"
CHAIN_RULE = r"""\begin{aligned}
s'(x) &= \frac{d}{dx}\left(1+e^{-x}\right)^{-1} \\
&= -\left(1+e^{-x}\right)^{-2}\cdot\frac{d}{dx}\left(1+e^{-x}\right)
  && \text{chain rule: } \tfrac{d}{du}u^{-1} = -u^{-2} \\
&= -\left(1+e^{-x}\right)^{-2}\cdot\left(-e^{-x}\right)
  && \text{chain rule again: } \tfrac{d}{dx}e^{-x} = e^{-x}\cdot(-1) \\
&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}
  && \text{the two minus signs cancel}
\end{aligned}"""
LONG_LINE = r"s''(x) = s'(x)\bigl(1-s(x)\bigr) - s(x)\,s'(x) = s(x)\bigl(1-s(x)\bigr)\bigl(1-2s(x)\bigr)"
WIDE_LEFT = r"\frac{\partial}{\partial z}\Bigl[-y\ln s(z) - (1-y)\ln\bigl(1-s(z)\bigr)\Bigr] = s(z) - y"


def display_formulas():
    """Every display formula the pages and notebooks write, with the published numbers filled in
    as the build does, and the page's formulas before it (its definitions hold for it)."""
    published = generate.published_values()
    found = []
    for path in sorted([*DOCS.glob("*.md"), *(DOCS / "notebooks").glob("*.py")]):
        text = path.read_text()
        if path.suffix == ".py":  # jupytext: Markdown cells are comment lines
            text = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in text.splitlines())
        text = placeholders.fill(text, published, lambda error, name=path.name: pytest.fail(f"{name}: {error}"))
        before = []
        for m in placeholders.MATH.finditer(text):
            display = m.group().startswith("$$")
            tex = m.group()[2:-2].strip() if display else m.group()[1:-1]
            if page_math.unchecked(tex)[1] is not None:
                continue  # marked as not checked: the checker does not read it, nor lay it out anew
            if display:
                found.append((path.name, tex, list(before)))
            before.append((tex, display))
    return found


FORMULAS = display_formulas()


KATEX_WIDTHS = {}  # tex: width, from KaTeX (Node): one run per batch, not per formula (a run costs 0.2 s)


def measure(texs):
    missing = sorted(set(texs) - KATEX_WIDTHS.keys())
    KATEX_WIDTHS.update(zip(missing, (out.get("width") for out in page_math.katex([(t, True) for t in missing]))))
    return {tex: KATEX_WIDTHS[tex] for tex in texs}


def widths(tex):
    return measure(narrow.measures(tex))


def width(tex):
    return measure([tex])[tex]


@functools.cache
def page_layouts():
    """{tex: narrow layout} of every page formula too wide for a phone, measured in three KaTeX runs:
    the formulas, then the pieces of the wide ones, then their layouts."""
    texs = measure({tex for _, tex, _ in FORMULAS})
    wide = sorted(tex for tex, w in texs.items() if w > narrow.BUDGET)
    measure({piece for tex in wide for piece in narrow.measures(tex)})
    made = {tex: narrow.layout(tex, widths(tex)) for tex in wide}
    measure(set(filter(None, made.values())))
    return made


def lines(tex):
    body = re.sub(r"\\(begin|end)\{aligned\}", "", tex)
    return [" ".join(line.split()) for line in body.split("\\\\")]


def terms(tex, page=None):
    return [expr for _, expr in reader.parse_chain(tex, page or math_page())]


def test_the_pages_have_formulas_wider_than_a_phone():
    """Guards the tests below: they must have wide formulas to work on."""
    assert len(FORMULAS) > 20
    assert sum(w > narrow.BUDGET for w in measure({tex for _, tex, _ in FORMULAS}).values()) >= 5


@pytest.mark.parametrize("tex, before", [(tex, before) for _, tex, before in FORMULAS],
                         ids=[f"{name}-{i}" for i, (name, _, _) in enumerate(FORMULAS)])
def test_a_wide_formula_gets_a_narrow_layout_of_the_same_chain(tex, before):
    if tex not in page_layouts():
        assert width(tex) <= narrow.BUDGET
        return  # fits a phone as it is: no second layout (render() makes none)
    layout = page_layouts()[tex]
    assert layout and layout != tex
    assert width(layout) <= narrow.BUDGET, layout
    assert "&&" not in layout  # no reason column left
    page = math_page()
    for formula, display in before:  # the page's definitions so far (claims leave the page as it is)
        if prove.role(formula, display) in ("definition", "declaration"):
            prove.check(formula, page, display)
    assert terms(layout, page) == terms(tex, page)  # the same terms, in the same order
    assert prove.check(layout, page) == []  # and every step still holds


def test_each_reason_goes_on_a_line_under_its_step():
    layout = lines(narrow.layout(CHAIN_RULE, widths(CHAIN_RULE)))
    steps = [r"\cdot\frac{d}{dx}\left(1+e^{-x}\right)", r"\cdot\left(-e^{-x}\right)",
             r"= \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}"]
    reasons = ["chain rule:", "chain rule again:", "the two minus signs cancel"]
    for step, reason in zip(steps, reasons):
        at = next(i for i, line in enumerate(layout) if line.endswith(step))
        assert reason in layout[at + 1] and r"\text{\small" in layout[at + 1], layout
    # The reasons' math is kept: the words and formulas of the notes, in order.
    assert r"\tfrac{d}{du}u^{-1} {}= -u^{-2}" in " ".join(layout)
    assert r"\tfrac{d}{dx}e^{-x}" in " ".join(layout) and r"{}= e^{-x}\cdot(-1)" in " ".join(layout)
    # The steps stay aligned at their `=` beside s'(x).
    assert layout[0].startswith("s'(x) & =")


def test_a_long_line_breaks_before_an_equals_sign():
    layout = lines(narrow.layout(LONG_LINE, widths(LONG_LINE)))
    assert len(layout) == 2 and layout[0].startswith("s''(x) & =") and layout[1].startswith("& =")
    joined = "".join(line.replace("&", "") for line in layout)
    assert joined.replace(" ", "") == LONG_LINE.replace(" ", "")


def test_a_left_side_too_wide_to_align_on_gets_a_line_of_its_own():
    layout = lines(narrow.layout(WIDE_LEFT, widths(WIDE_LEFT)))
    assert layout[0] == "& " + WIDE_LEFT.split(" = ")[0] and layout[1].startswith("& \\quad =")


def test_equals_signs_inside_brackets_are_not_break_points():
    assert narrow.split(r"\left(a = b\right) = c", "=") == [r"\left(a = b\right) ", " c"]
    assert narrow.split(r"f\bigl(a = b\bigr) = {c = d}", "=") == [r"f\bigl(a = b\bigr) ", " {c = d}"]


def test_a_definition_sign_is_not_a_break_point():
    """`:=` is one relation: cut before its `=`, `f(x) :` would be left on a line (it was)."""
    assert narrow.split(r"f(x) := a = b", "=") == [r"f(x) := a ", " b"]


def test_a_reason_keeps_its_words_and_math_in_one_text():
    parts = narrow.reason_parts(r"\text{chain rule: } \tfrac{d}{du}u^{-1} = -u^{-2}")
    assert parts == ["chain rule:", r"$\displaystyle \tfrac{d}{du}u^{-1}$", r"$\displaystyle {}= -u^{-2}$"]
    assert narrow.reason_tex(parts) == r"\quad\text{\small chain rule: $\displaystyle \tfrac{d}{du}u^{-1} {}= -u^{-2}$}"
    assert reader.strip_notes(narrow.reason_tex(parts)).strip() == r"\quad"  # the checker skips it


def test_render_gives_a_wide_formula_two_variants_and_a_narrow_one_one(tmp_path):
    cache = page_math.Cache(tmp_path / "math.json")
    fits = r"s(-x) = 1 - s(x)"
    both, one = page_math.render([(None, CHAIN_RULE, True), (None, fits, True)], cache, "test")
    soup = BeautifulSoup(both, "html.parser")
    wide, small = soup.select(".katex-display")
    assert wide["class"] == ["katex-display", "math-wide"] and small["class"] == ["katex-display", "math-narrow"]
    annotations = [a.get_text() for a in soup.select('annotation[encoding="application/x-tex"]')]
    assert annotations == [CHAIN_RULE, narrow.layout(CHAIN_RULE, widths(CHAIN_RULE))]
    assert "math-wide" not in one and "math-narrow" not in one


def test_the_search_index_gets_one_copy_of_a_formula_with_two_layouts(tmp_path):
    (both,) = page_math.render([(None, CHAIN_RULE, True)], page_math.Cache(tmp_path / "m.json"), "test")
    soup = BeautifulSoup(search_text.place(both, True), "html.parser")
    copy, box = soup.find_all(recursive=False)
    assert copy.has_attr("hidden") and box.has_attr("data-search-exclude")  # both layouts left out
    assert len(box.select(".katex")) == 2 and copy.get_text().startswith("s′(x) = d/dx (1 + e⁻ˣ)⁻¹")


def test_the_built_search_index_has_each_formula_once(site):
    import json
    index = json.loads((site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("derivative/"))
    markdown = (DOCS / "derivative.md").read_text()
    for reason in ("constant rule", "the two minus signs cancel"):  # reasons in the derivations
        assert markdown.count(reason) >= 1 and text.count(reason) == markdown.count(reason), reason
