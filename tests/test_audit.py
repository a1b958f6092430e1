"""The checking made visible: marks beside formulas, the \\unchecked escape hatch, and `make audit`
(the mutation test) with its recorded run on the How-it-checks page."""

import json
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from devtools.project_copy import copy_project, env_for
from sitebuild import audit
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
    written = sum("\\unchecked{" in tex for p in (ROOT / "docs").rglob("*.md")  # in math, not in code
                  for _, tex, _ in audit.formulas(p.read_text()))
    unchecked, checked = 0, 0
    for path, soup in pages.items():
        for box in soup.select(".math-display"):
            marked = box.parent
            assert "math-marked" in marked.get("class", []), f"{path}: a display formula without its mark"
            (mark,) = marked.select(":scope > .math-mark")
            checked += "math-mark-unchecked" not in mark["class"]
            target = (site / path).parent / mark["href"].split("#")[0] / "index.html"
            assert target.resolve() == (site / "how-it-checks" / "index.html").resolve(), path
            assert mark.has_attr("data-search-exclude") and mark.select_one("svg")
        unchecked += len(soup.select(".math-mark-unchecked"))
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
    assert f"caught {record['caught']} of {record['planted']}" in text
    assert record["date"] in text and record["commit"] in text
    assert re.match(r"\d{4}-\d\d-\d\d$", record["date"]) and 0 < record["caught"] <= record["planted"]
    assert f"{audit.EXAMPLE_PAGE}:" in text and "does not hold" in text
    for survivor in record["survivors"]:
        assert f"{survivor['page']}:{survivor['line']}" in text


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


@pytest.mark.parametrize("tex, truth", [
    (r"1^{3} = 1", True),                       # an edit that changed nothing: still true
    (r"s(0) = \frac{1}{2}", True),
    (r"s(0) = \frac{1}{3}", False),
    (r"s(-x) = 1 - s(x)", True),
    (r"s(-x) = 1 + s(x)", False),
    (r"\frac{d}{dx} f(x) = f'(x)", None),       # an arbitrary function: cannot be evaluated
])
def test_the_oracle_tells_a_still_true_edit_from_a_wrong_one(tex, truth):
    assert audit.still_true(tex) is truth


def test_the_audit_catches_the_planted_edits():
    result = audit.run([UNCHECKED_PAGE])
    assert result["planted"] >= 5 and result["caught"] == result["planted"] and result["survivors"] == []


@pytest.mark.parametrize("elsewhere", [False, True], ids=["passes all", "errs elsewhere"])
def test_a_stubbed_checker_lets_wrong_edits_survive_and_the_audit_lists_them(monkeypatch, elsewhere):
    calls = []  # the first call checks the page as it is; the others its mutants

    def stub(*args, **kwargs):
        calls.append(1)
        return {0: BuildError("wrong", line=1)} if elsewhere and len(calls) > 1 else {}  # line 1: the title
    monkeypatch.setattr(page_math, "check", stub)
    result = audit.run([UNCHECKED_PAGE])
    assert result["caught"] == 0 and len(result["survivors"]) == result["planted"] > 0
    listed = {(s["page"], s["after"].strip()) for s in result["survivors"]}
    assert (UNCHECKED_PAGE, r"s'(0) = \frac{1}{5}") in listed
    assert all(s["oracle"] in ("false", "undecided") for s in result["survivors"])


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
    (tmp_path / page).write_text(raw[:len(raw) - len(markdown)] + mutant.edit(markdown))
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
    assert f"1 formulas not machine-checked (docs/forms.md:{line})" in output, output
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
