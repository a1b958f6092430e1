"""The reader's structure agrees with KaTeX's parse, on every formula of the built site and every
construct of the table (issue 23). The oracle needs no second reader: KaTeX parses each formula
(katex.__parse, the KaTeX that renders the pages) and tests/katex_braced.js writes its parse
tree back as TeX with every grouping KaTeX decided in braces (\\frac1234 comes back as
\\frac{1}{2}34, x^23 as x^{2}3). The reader then reads the formula as written and as KaTeX
grouped it, and the two readings must be the same: the same SymPy expressions term by term, the
same relations, the same definition, the same declared domains, the same claims in the notes. A
formula that one of them can read and the other cannot is a disagreement too."""

import json
import re
import subprocess

import pytest
import sympy as sp
from conftest import ROOT
from site_pages import math_page
from sitebuild.mathcheck import prove, reader
from test_mathcheck import ONE_TOKEN
from test_mathcheck_constructs import CONSTRUCTS
from test_site_math import copy, formulas

BRACED = ROOT / "tests" / "katex_braced.js"
# Relations written two ways that the reader takes as one (KaTeX expands \ne into \neq's symbol).
SAME_RELATION = {r"\ne": r"\neq", ":=": r"\coloneqq"}


def katex_braced(texs):
    """{TeX: KaTeX's grouping of it written out in braces}, from one Node process for all of them.
    A formula KaTeX cannot parse, or with a node the script does not write back, fails the test."""
    texs = list(dict.fromkeys(texs))
    out = subprocess.run(["node", str(BRACED), str(ROOT)], input="".join(json.dumps(t) + "\n" for t in texs),
                         capture_output=True, text=True, check=True, timeout=120).stdout.splitlines()
    assert len(out) == len(texs), "the script answered a different number of formulas"
    braced, problems = {}, []
    for tex, line in zip(texs, out):
        result = json.loads(line)
        if "error" in result:
            problems.append(f"KaTeX cannot parse {tex!r}: {result['error']}")
        elif result["unhandled"]:
            problems.append(f"katex_braced.js does not write back {result['unhandled']} in {tex!r}")
        else:
            braced[tex] = result["tex"]
    assert not problems, "\n".join(problems)
    return braced


def expression(value):
    """A SymPy expression (or vector, Lambda, interval) as its structure, with the reader's dummy
    variables (t in s'(u) = d/dt s(t) at u) named alike in every reading."""
    return re.sub(r", dummy_index=\d+", "", sp.srepr(value))


def reading(tex, page, display=True):
    """What the reader makes of a formula, read as prove.check reads it, changing the page as it does
    (a definition or declaration holds for the formulas after it): ("unreadable",) when it cannot.
    The formulas prove.check does not read (assignments like x = 0, conditions, prose like s'(x))
    are read as a chain anyway, on a copy of the page, so that their structure is compared too."""
    try:
        return _reading(tex, page, display)
    except reader.TexError:
        return ("unreadable",)
    except Exception as error:  # the reader failing otherwise is reported with the formula, not alone
        return ("raised", type(error).__name__)


def _reading(tex, page, display):
    kind = prove.role(tex, display)
    if kind in ("assignment", "condition", "phrase", "text"):
        return kind, reading_of_chain(tex, copy(page))
    if kind == "declaration":
        prove.declare(reader.trim(reader.strip_notes(tex)), page)
        return kind, sorted((name, expression(where)) for name, where in page.domains.items())
    if kind == "expression":
        return kind, [expression(reader.parse_expression(reader.trim(variant), page))
                      for variant in prove._sign_variants(tex)]
    found = [kind]
    for variant in prove._sign_variants(tex):
        formula = reader.parse_formula(variant, page)
        terms = formula.terms
        if formula.definition:
            name, parameters, _ = formula.definition
            reader.define(page, formula.definition, terms[1][0])
            found.append(("defines", name, expression(parameters),
                          expression(page.functions.get(name, page.values.get(name)))))
            terms = terms[1:]
        found.append(chain(formula, terms))
    found += [("note", line, reading(note, page)) for line, note in reader.note_equations(tex)]
    return tuple(found)


def chain(formula, terms):
    return (("relations", [SAME_RELATION.get(r, r) for r in formula.relations]),
            ("terms", [expression(value) for _, value in terms]),
            ("domains", sorted((str(var), expression(where)) for var, where in formula.domains.items())))


def reading_of_chain(tex, page):
    try:
        formula = reader.parse_formula(tex, page)
    except reader.TexError:
        return "unreadable"
    return chain(formula, formula.terms[1:] if formula.definition else formula.terms)


def difference(written, grouped):
    """None when the two readings are the same; otherwise the first part where they differ."""
    if written == grouped:
        return None
    if written[0] != grouped[0] or len(written) != len(grouped):  # another role, or unreadable
        written, grouped = [written], [grouped]
    a, b = next((a, b) for a, b in zip(written, grouped) if a != b)
    return f"read as written: {str(a)[:400]}\n    read as KaTeX groups it: {str(b)[:400]}"


def report(disagreements, compared):
    return f"{len(disagreements)} of {compared} formulas read otherwise than KaTeX groups them:\n" + \
        "\n".join(disagreements)


@pytest.fixture(scope="module")
def site_formulas(pages):
    """{page: [(TeX, display, narrow)]} in page order, as the built site shows them."""
    return {path: list(formulas(soup)) for path, soup in sorted(pages.items())}


@pytest.fixture(scope="module")
def braced(site_formulas):
    """Every formula this module compares, grouped by KaTeX in one Node process."""
    texs = [tex for found in site_formulas.values() for tex, _, _ in found]
    for _, setup, correct, wrong, _ in CONSTRUCTS:
        texs += [inline(t)[0] for t in (*setup, correct, wrong)]
    return katex_braced(texs + ONE_TOKEN + list(vocabulary()))


def inline(tex):
    """(TeX, display) of a formula of the constructs table: $...$ is inline."""
    return (tex[1:-1], False) if tex.startswith("$") else (tex, True)


def vocabulary():
    from sitebuild.config import math_vocabulary
    return math_vocabulary()


def compare(tex, braced_tex, page, display, where):
    """Read `tex` on `page` (changing it as prove.check does) and KaTeX's grouping of it on a copy
    of the page as it was; the disagreement as a line of the report, or None."""
    before = copy(page)
    why = difference(reading(tex, page, display), reading(braced_tex, before, display))
    return why and f"{where}: {tex.strip()!r}\n    KaTeX: {braced_tex!r}\n    {why}"


def test_every_formula_of_the_site_reads_as_katex_groups_it(site_formulas, braced):
    """Page by page in page order, as test_site_math.test_rendered_claims_hold reads them: the
    phone layout of a formula is read from where its wide twin was."""
    disagreements, compared = [], 0
    for path, found in site_formulas.items():
        state = before = math_page()
        for tex, display, narrow in found:
            page = copy(before) if narrow else state
            if not narrow:
                before = copy(state)
            why = compare(tex, braced[tex], page, display, path)
            compared += 1
            if why:
                disagreements.append(why)
    assert compared > 700, compared  # every formula of the site, not a few
    assert not disagreements, report(disagreements, compared)


def test_katex_reads_its_grouping_back_as_the_same_grouping(braced):
    """The braced TeX is a faithful copy of KaTeX's parse: KaTeX parses it into the same grouping
    (written out again, it comes back unchanged)."""
    again = katex_braced(braced.values())
    changed = [f"{tex!r}\n    once:  {once!r}\n    twice: {again[once]!r}" for tex, once in braced.items()
               if again[once] != once]
    assert not changed, "\n".join(changed)


@pytest.mark.parametrize("twin", ["correct", "wrong"])
def test_every_construct_of_the_table_reads_as_katex_groups_it(braced, twin):
    """The constructs table: its correct examples and their wrong twins, each after its setup."""
    disagreements, compared = [], 0
    for construct, setup, correct, wrong, _ in CONSTRUCTS:
        page = math_page()
        for written in (*setup, correct if twin == "correct" else wrong):
            tex, display = inline(written)
            why = compare(tex, braced[tex], page, display, construct)
            compared += 1
            if why:
                disagreements.append(why)
    assert not disagreements, report(disagreements, compared)


def test_one_token_arguments_read_as_katex_groups_them(braced):
    disagreements = [why for tex in ONE_TOKEN if (why := compare(tex, braced[tex], math_page(), True, "one token"))]
    assert not disagreements, report(disagreements, len(ONE_TOKEN))


def test_the_site_vocabulary_reads_as_katex_groups_it(braced):
    """The site's own functions, declared in mkdocs.yml, define the same functions as KaTeX groups them."""
    written, grouped = reader.site_page(vocabulary()), reader.site_page([braced[t] for t in vocabulary()])
    assert written.functions.keys() == grouped.functions.keys()
    for name, function in written.functions.items():
        assert expression(function) == expression(grouped.functions[name]), name


# -- the comparison bites ----------------------------------------------------------------------

@pytest.mark.parametrize("tex, misbraced", [
    (r"\frac{1}{2}34 = 17", r"\frac{1}{234} = 17"),
    (r"x^{2}3 = 3x^{2}", r"x^{23} = 3x^{2}"),
    (r"\sqrt{2}x = \sqrt{2}\,x", r"\sqrt{2x} = \sqrt{2}\,x"),
    (r"t(x) := x^{2}3", r"t(x) := x^{23}"),
    (r"e^{-x}2 = 1", r"e^{-x2} = 1"),
    (r"\frac{1}{2}34", r"\frac{1}{2}"),  # a lost factor in an expression
])
def test_a_mis_braced_formula_is_a_disagreement(tex, misbraced):
    assert compare(tex, misbraced, math_page(), True, "test")


def test_a_reader_that_groups_otherwise_than_katex_is_caught(braced, monkeypatch):
    """A reader that splits only the first number of a formula into its first digit (so it reads
    \\frac1234 as 1/234, where KaTeX sets \\frac{1}{2}34) disagrees with KaTeX's grouping."""
    split = reader._Reader.split_digits

    def first_only(self):
        if not getattr(self, "split_once", False):
            self.split_once = True
            split(self)

    monkeypatch.setattr(reader._Reader, "split_digits", first_only)
    tex = r"\frac1234 = 17"
    assert braced[r"\frac1234"] == r"\frac{1}{2}34"
    assert reader.parse_expression(r"\frac1234") == sp.Rational(1, 234)  # the planted misreading
    why = compare(tex, katex_braced([tex])[tex], math_page(), True, "planted")
    assert why and "Rational(1, 234)" in why, why


def test_katex_braced_writes_every_grouping_in_braces():
    braced = katex_braced([r"\frac1234", r"x^23", r"\sqrt2x", r"\sqrt[3]8", r"x_12", r"\tfrac14", r"\binom52",
                           r"\mathrm dx", r"\operatorname{sech}^2x", "s''(x)"])
    assert list(braced.values()) == [r"\frac{1}{2}34", r"x^{2}3", r"\sqrt{2}x", r"\sqrt[{3}]{8}", r"x_{1}2",
                                     r"\tfrac{1}{4}", r"\binom{5}{2}", r"\mathrm{d}x", r"\operatorname{sech}^{2}x",
                                     "s''(x)"]


def test_katex_braced_marks_what_it_does_not_write_back():
    with pytest.raises(AssertionError, match="does not write back"):
        katex_braced([r"\phantom{x} = 1"])
