"""The checking made visible: marks beside formulas, the \\unchecked escape hatch, and `make audit`
(the mutation test) with its recorded run on the How-it-checks page."""

import copy
import json
import re
import subprocess
import sys

import mpmath
import oracles
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from devtools.project_copy import copy_project, env_for
from site_pages import with_class
from sitebuild import audit, placeholders
from sitebuild.config import math_vocabulary
from sitebuild.errors import BuildError
from sitebuild.mathcheck import page_math

UNCHECKED_PAGE = "docs/how-it-checks.md"  # the audit's small page: few formulas, fast to mutate


# -- the escape hatch, in page_math ---------------------------------------------------------------

@pytest.mark.parametrize("tex, stripped, reason", [
    (r"a = b \unchecked{too hard}", "a = b", "too hard"),
    (r"\unchecked{a {nested} reason} x < 1", "x < 1", "a {nested} reason"),
    (r"\unchecked {}  \lim x", r"\lim x", "no reason given"),
    (r"s(x) = 1", r"s(x) = 1", None),
])
def test_the_marker_is_cut_out_with_its_reason(tex, stripped, reason):
    assert page_math.unchecked(tex) == (stripped, reason)


def arithmatex(tex, display):
    return (f'<div class="arithmatex">\\[{tex}\\]</div>' if display
            else f'<span class="arithmatex">\\({tex}\\)</span>')


def test_a_marked_formula_is_shown_with_a_visible_mark_and_counted_and_katex_never_sees_the_marker(
        tmp_path, monkeypatch):
    markdown = ("Intro.\n\n$$\ns'(x) = s(x)\\bigl(1-s(x)\\bigr)\n$$\n\nThen $\\lim_{x\\to 0} x = 0 "
                "\\unchecked{a limit}$ and\n\n$$\n\\int s = ?? \\unchecked{not \"yet\" <read>}\n$$\n")
    page = "<p>Intro.</p>" + arithmatex(r"s'(x) = s(x)\bigl(1-s(x)\bigr)", True) + "<p>Then " + \
        arithmatex(r"\lim_{x\to 0} x = 0 \unchecked{a limit}", False) + " and</p>" + \
        arithmatex(r"\int s = ?? \unchecked{not &quot;yet&quot; &lt;read&gt;}", True)
    seen, counted = [], []
    real_render = page_math.render
    monkeypatch.setattr(page_math, "render", lambda formulas, *a: seen.extend(t for _, t, _ in formulas)
                        or real_render(formulas, *a))
    cache = page_math.Cache(tmp_path / "math.json")
    out = page_math.process(page, markdown, ("test", "test"), cache, pytest.fail, link="../how-it-checks/",
                            on_unchecked=lambda line, reason: counted.append((line, reason)),
                            vocabulary=math_vocabulary())
    assert seen and not any("unchecked" in tex for tex in seen)
    lines = [n for n, text in enumerate(markdown.split("\n"), 1) if "unchecked" in text]
    assert counted == list(zip(lines, ["a limit", 'not "yet" <read>']))
    soup = BeautifulSoup(out, "html.parser")
    checked, inline, display = soup.select(".math-mark")
    assert "math-mark-unchecked" not in checked["class"] and checked["href"] == "../how-it-checks/"
    assert checked["title"] == page_math.CHECKED_TITLE == checked.select_one(".math-mark-text").get_text()
    for mark, reason in ((inline, "a limit"), (display, 'not "yet" <read>')):
        assert "math-mark-unchecked" in mark["class"] and mark["href"] == "../how-it-checks/#what-is-not-checked"
        assert mark["title"] == f"Not machine-checked: {reason}" == mark.select_one(".math-mark-text").get_text()
        assert mark.has_attr("data-search-exclude") and mark.select_one("svg[aria-hidden=true]")
    assert "unchecked{" not in out


# -- the built site ---------------------------------------------------------------------------------

def test_every_checked_display_formula_carries_its_mark(pages, site):
    from sitebuild.notebooks import markdown_lines  # a notebook's Markdown cells are comment lines

    sources = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "docs" / "notebooks").glob("*.py")]
    texts = [markdown_lines(p.read_text()) if p.suffix == ".py" else p.read_text() for p in sources]
    written = sum("\\unchecked{" in tex for text in texts for _, tex, _ in audit.formulas(text))  # in math
    unchecked, checked = 0, 0
    for path, soup in pages.items():
        for box in with_class(soup, "math-display"):
            marked = box.parent
            assert "math-marked" in marked.get("class", []), f"{path}: a display formula without its mark"
            (mark,) = marked.select(":scope > .math-mark")
            checked += "math-mark-unchecked" not in mark["class"]
            target = (site / path).parent / mark["href"].split("#")[0] / "index.html"
            assert target.resolve() == (site / "how-it-checks" / "index.html").resolve(), path
            assert mark.has_attr("data-search-exclude") and mark.select_one("svg")
        unchecked += len(with_class(soup, "math-mark-unchecked"))
    display = re.compile(r"^\$\$\n.*?\n\$\$$", re.S | re.M)
    in_pages = sum(len(display.findall(p.read_text())) for p in (ROOT / "docs").glob("*.md"))
    assert checked >= in_pages - written > 20  # the notebooks add their own
    assert unchecked == written  # the sources' markers, counted independently of the build


def test_the_marks_stay_out_of_the_search_index(site):
    index = (site / "search" / "search_index.json").read_text()
    assert page_math.CHECKED_TITLE not in index and "machine-checked:" not in index


def test_the_page_shows_the_recorded_audit_and_a_real_error(pages):
    record = json.loads(audit.RECORD.read_text())
    text = " ".join(pages["how-it-checks/index.html"].select_one("article").get_text().split())
    assert f"caught {record['caught']} of {record['wrong']} wrong edits planted" in text
    assert record["date"] in text and record["commit"] in text
    assert re.match(r"\d{4}-\d\d-\d\d$", record["date"]) and 0 < record["caught"] <= record["wrong"]
    assert f"{audit.EXAMPLE_PAGE}:" in text and "does not hold" in text
    for entry in record["missed"] + record["undecided"]:  # listed, with the formula as a reader sees it
        assert f"{entry['page']}:{entry['line']} ({entry['kind']}): {' '.join(entry['after'].split())}" in text
    for entry in record["still_true"]:  # a true edit is never shown as a miss
        assert entry["after"] not in text


def test_the_recorded_counts_add_up_and_nothing_shows_template_syntax(pages):
    record = json.loads(audit.RECORD.read_text())
    assert record["caught"] + len(record["missed"]) == record["wrong"]
    assert record["edits"] == (record["wrong"] + len(record["still_true"]) + len(record["undecided"])
                               + record["definitions"])
    assert 0 <= record["definitions_flagged"] <= record["definitions"]
    assert "{{" not in audit.RECORD.read_text()
    article = copy.copy(pages["how-it-checks/index.html"].select_one("article"))
    assert not placeholders.PLACEHOLDER.search(str(article))  # no {{ name }}, not even in the TeX
    for math in article.select(".katex"):
        math.decompose()  # TeX has its own }} (\frac{1}{s(x)}), not template syntax
    assert "{{" not in article.get_text()
    for code in article.select("code"):
        code.decompose()  # the listed formulas are TeX too
    assert "}}" not in article.get_text()


# -- the audit ----------------------------------------------------------------------------------

def test_the_edits_are_enumerated_in_order():
    assert audit.edits(r"s'(0) = \frac{1}{4} - e^{-x} \text{ for 2 }") == [
        ("flipped sign", r"s'(0) = \frac{1}{4} + e^{-x} \text{ for 2 }"),
        ("flipped sign", r"s'(0) = \frac{1}{4} - e^{x} \text{ for 2 }"),
        ("changed constant", r"s'(1) = \frac{1}{4} - e^{-x} \text{ for 2 }"),
        ("changed constant", r"s'(0) = \frac{2}{4} - e^{-x} \text{ for 2 }"),
        ("changed constant", r"s'(0) = \frac{1}{5} - e^{-x} \text{ for 2 }"),
    ]
    assert audit.edits(r"x^{2} + y^3 = 0.01") == [
        ("flipped sign", r"x^{2} - y^3 = 0.01"), ("changed exponent", r"x^{3} + y^3 = 0.01"),
        ("changed exponent", r"x^{2} + y^4 = 0.01"), ("changed constant", r"x^{2} + y^3 = 0.02")]


def test_the_pages_are_read_with_their_numbers_filled_in():
    markdown, front = audit.read_page("docs/properties.md")
    raw = (ROOT / "docs" / "properties.md").read_text()
    assert placeholders.PLACEHOLDER.search(raw) and not placeholders.PLACEHOLDER.search(markdown)
    assert markdown.count("\n") == raw.count("\n") - front  # the lines the build names stay put


def ds(x):  # s'(x) = s(x)(1 - s(x)), by mpmath alone (tests/oracles.py)
    return oracles.s(x) * (1 - oracles.s(x))


RATIO = int(mpmath.nint(1 / ds(-5)))  # the page's 1/s'(-5), rounded as shown


@pytest.mark.parametrize("before, after, verdict", [
    # s' is even: s'(5) = s'(-5) to every digit, so the flipped sign changed nothing
    (r"s'(-5) = \frac{e^{-5}}{(1+e^{-5})^{2}}", r"s'(5) = \frac{e^{-5}}{(1+e^{-5})^{2}}", "still true"),
    (r"s'(-5) = \frac{e^{-5}}{(1+e^{-5})^{2}}", r"s'(-4) = \frac{e^{-5}}{(1+e^{-5})^{2}}", "wrong"),
    (fr"\frac{{1}}{{s'(-5)}} \approx {RATIO}", fr"\frac{{1}}{{s'(5)}} \approx {RATIO}", "still true"),
    (fr"\frac{{1}}{{s'(-5)}} \approx {RATIO}", fr"\frac{{1}}{{s'(-5)}} \approx {RATIO + 1}", "wrong"),
    # s' <= 1/4, so the product of n factors is at most 4^-n, and 4^n is a weaker, true bound
    (r"\prod_{k=1}^{n} s'(z_k) \le 4^{-n}", r"\prod_{k=1}^{n} s'(z_k) \le 4^{n}", "still true"),
    (r"\prod_{k=1}^{n} s'(z_k) \le 4^{-n}", r"\prod_{k=1}^{n} s'(z_k) \le 4^{-n-1}", "wrong"),
    (None, r"s(-x) = 1 - s(x)", "still true"),
    (None, r"s(-x) = 1 + s(x)", "wrong"),
    (None, r"0 < s(x) < 2", "still true"),
    (None, r"s(0) = \frac{1}{3}", "wrong"),
    (None, r"p(1-p) \le \frac{1}{4} \quad p \in (0, 1)", "still true"),
    # a new definition is no wrong step; a claim after := is judged as a claim
    (r"z := w_1 x_1 + w_2 x_2 + b", r"z := w_1 x_1 - w_2 x_2 + b", "definition"),
    (r"z := w_1 x_1 + b = b + x_1 w_1", r"z := w_1 x_1 + b = b - x_1 w_1", "wrong"),
    (None, r"\frac{d}{dx} f(x) = f'(x)", "undecided"),  # an arbitrary function: no value
])
def test_the_judge_decides_an_edit_by_evaluation(before, after, verdict):
    if "s'(5)" in after:  # the oracle agrees: s' is even
        assert mpmath.almosteq(ds(5), ds(-5), rel_eps=mpmath.mpf(10) ** -80)
    assert audit.judge(before, after)[0] == verdict


def test_the_judge_reads_what_the_page_defined_before_the_formula():
    markdown = "$$\nt(x) := 2\\,s(2x) - 1\n$$\n\nso\n\n$$\nt'(x) = 4\\,s'(2x) \\le 1\n$$\n"
    before = r"t'(x) = 4\,s'(2x) \le 1"
    page = audit.context(markdown, markdown.index(before))
    assert audit.judge(before, r"t'(x) = 4\,s'(2x) \le 2", page)[0] == "still true"  # weaker, still true
    assert audit.judge(before, r"t'(x) = 4\,s'(2x) \le \frac{1}{2}", page)[0] == "wrong"  # t'(0) = 1
    assert audit.judge(before, r"t'(x) = 3\,s'(2x) \le 1", page)[0] == "wrong"


def test_the_audit_catches_the_planted_edits():
    result = audit.run([UNCHECKED_PAGE])
    assert result["wrong"] >= 5 and result["caught"] == result["wrong"]
    assert result["missed"] == [] and result["undecided"] == []


@pytest.mark.parametrize("elsewhere", [False, True], ids=["passes all", "errs elsewhere"])
def test_a_stubbed_checker_lets_wrong_edits_through_and_the_audit_lists_them(monkeypatch, elsewhere):
    calls = []  # the first call checks the page as it is; the others its mutants

    def stub(*args, **kwargs):
        calls.append(1)
        return {0: BuildError("wrong", line=1)} if elsewhere and len(calls) > 1 else {}  # line 1: the title
    monkeypatch.setattr(page_math, "check", stub)
    result = audit.run([UNCHECKED_PAGE])
    assert result["caught"] == 0 and len(result["missed"]) == result["wrong"] > 0
    assert result["edits"] == result["wrong"] + len(result["still_true"]) + len(result["undecided"])
    missed = {(s["page"], s["after"].strip()) for s in result["missed"]}
    assert (UNCHECKED_PAGE, r"s'(0) = \frac{1}{5}") in missed
    assert (UNCHECKED_PAGE, r"0 < s(x) < 2") in {(s["page"], s["after"].strip()) for s in result["still_true"]}


def test_the_figure_lists_the_misses_and_the_undecided_as_a_reader_sees_them(tmp_path, monkeypatch):
    entry = {"page": "docs/properties.md", "line": 152, "kind": "changed constant",
             "before": r"s'(-5) \approx -6.6\times 10^{-3}", "after": r"s'(-5) \approx -6.7\times 10^{-3}",
             "why": "fails"}
    record = {"date": "2026-01-01", "commit": "abc", "seconds": 1.0, "edits": 9, "wrong": 4, "caught": 3,
              "unreadable": 0, "missed": [entry], "undecided": [{**entry, "line": 158, "why": "no value"}],
              "still_true": [{**entry, "after": "1 = 1"}] * 2, "definitions": 2, "definitions_flagged": 1}
    monkeypatch.setattr(audit, "RECORD", tmp_path / "record.json")
    audit.RECORD.write_text(json.dumps(record))
    monkeypatch.setattr(audit, "example_error", lambda: "an error")
    figure = audit.snippets()["how-it-checks-audit.md"]
    assert "caught **3 of 4 wrong edits planted**. It missed these" in figure
    assert r"- `docs/properties.md:152` (changed constant): `s'(-5) \approx -6.7\times 10^{-3}` (fails)" in figure
    assert "could not decide 1 edits" in figure and "`docs/properties.md:158`" in figure
    assert "Not counted: 2 edits that left their formula true" in figure and "1 = 1" not in figure
    assert "2 edits of a `:=` definition (for 1 of them" in figure


# -- end to end: real builds of a copy ------------------------------------------------------------

def build(project):
    return subprocess.run([sys.executable, "-m", "sitebuild.build"], cwd=project, env=env_for(project),
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_a_mutant_fails_the_real_build_as_the_audit_says(tmp_path):
    page = "docs/properties.md"
    markdown, front = audit.read_page(page)
    mutant = next(m for m in audit.mutants(page, markdown, front) if m.kind == "changed exponent")
    (error,) = audit.check_page(audit.Converter(), mutant.edit(markdown), page_math.Cache(),
                                page_math.checker_key()).values()
    copy_project(tmp_path, warm=True)
    raw = (tmp_path / page).read_text()
    front_matter = "".join(raw.splitlines(keepends=True)[:front])
    (tmp_path / page).write_text(front_matter + mutant.edit(markdown))  # the numbers filled in, as published
    result = build(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{page}:{mutant.line}: {error.message}" in output, output


@pytest.mark.slow
def test_a_marked_formula_builds_is_counted_and_shown(tmp_path):
    copy_project(tmp_path, warm=True)
    page = tmp_path / "docs" / "forms.md"
    text = page.read_text()
    text += "\n\nA limit: $\\lim_{x\\to\\infty} s(x) = 1 \\unchecked{limits are read later}$.\n"
    page.write_text(text)
    line = text.count("\n", 0, text.index("A limit:")) + 1
    result = build(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # the count covers the whole site (the softmax page marks its general formulas), the planted one first
    m = re.search(r"(\d+) formulas not machine-checked \(([^)]*)\)", output)
    assert m and m[2].split(", ")[0] == f"docs/forms.md:{line}", output
    assert int(m[1]) == len(m[2].split(", ")) >= 2, output
    soup = BeautifulSoup((tmp_path / "site" / "forms" / "index.html").read_text(), "html.parser")
    (mark,) = soup.select(".math-mark-unchecked")
    assert mark["title"] == "Not machine-checked: limits are read later"
    assert not any("unchecked" in a.get_text() for a in soup.select("annotation"))


def test_a_change_to_the_checker_remakes_the_audit_snippets_only():
    from sitebuild import SCRIPTS, cache, generate

    shared = {p.name for p in cache.source_closure(SCRIPTS / "sitebuild" / "generate.py")}  # in every key
    assert not shared & {"audit.py", "page_math.py", "prove.py", "reader.py"}
    assert "prove.py" in {p.name for p in cache.source_closure(SCRIPTS / "sitebuild" / "audit.py")}
    assert "audit" in generate.groups()
