"""`make audit`: the project's own mutation test. Does the checker catch a wrong formula?

Every formula the build checks (scripts/sitebuild/mathcheck) gets small wrong edits, one at a
time, enumerated in a fixed order: a flipped sign (+ and − swapped, a minus dropped), a changed
exponent (n → n + 1) and a changed constant (n → n + 1, a last decimal digit + 1). Each mutant
goes through the build's own path for its page: the Markdown with the published numbers filled
in (placeholders.fill with the values the build stores, before the edits are planted: they are
judged and listed with the numbers a reader sees), converted by Python-Markdown with the site's
extensions (so pymdownx.arithmatex as in the build), then page_math.find and page_math.check,
with the build's math cache for the formulas that did not change. A full `mkdocs build` per
mutant would take minutes; the end-to-end path is proved once by a test (tests/test_audit.py)
that builds the site with one mutant.

A mutant is caught when check() reports an error on a line of the mutated formula (an error
elsewhere would not count). One it lets pass is judged by judge(), independently of the
checker's proof: each step the edit changed, read into SymPy by the checker's reader, is
evaluated at 50 digits (mpmath, through SymPy's evalf) at fixed pseudo-random points of its
variables; `\approx` holds when the value rounds to the digits shown. A step that fails makes
the mutant a miss; one that holds everywhere leaves the formula true (an equivalent mutant,
no wrong edit, listed with its reason); one that cannot be evaluated is undecided, listed
apart. An edit of a `:=` definition's value defines something new rather than making a step
wrong: counted apart, with how often a claim after it failed.

The run is recorded in RECORD (caught/wrong, the misses, the rest, date, commit), which only
`make audit` writes; the page "How this site checks itself" shows it (snippets()).
"""

import json
import random
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

from sitebuild import ROOT

RECORD = Path(__file__).with_name("audit-record.json")
# The example error on the page: this step of EXAMPLE_PAGE, planted wrong (one exponent changed).
EXAMPLE_PAGE = "docs/derivative.md"
EXAMPLE = (r"&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}", r"&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{3}}")

DISPLAY = re.compile(r"^(?P<fence>\$\$)\n(?P<tex>.*?)\n\$\$", re.S | re.M)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)(?P<tex>[^$\n]+?)(?<!\\)\$")
# Parts of a formula that are no math to mutate: notes, names, the notes column after &&.
NOT_MATH = re.compile(r"\\(?:text|tag|label|mathrm|textrm|operatorname|mathbf|unchecked)\s*\{[^{}]*\}"
                      r"|&&[^\n]*?(?=\\\\|$)|\\[a-zA-Z]+|_\{[^{}]*\}|_\w", re.M)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
EXPONENT = re.compile(r"\^(?:\{(?P<sign>-?)(?P<braced>\d+)\}|(?P<bare>\d))")
DEFINITION = re.compile(r":=|\\coloneqq")
FORMULA_END = re.compile(r"^[ \t]*\$\$[ \t]*$", re.M)  # the line that closes a display formula


@dataclass
class Mutant:
    page: str    # docs/NAME.md
    line: int    # line of the edit in the page's file
    kind: str    # "flipped sign", "changed exponent", "changed constant"
    before: str  # the formula as written
    after: str   # the formula with the edit
    start: int   # offset of the formula in the page's Markdown (after any front matter)

    def edit(self, markdown):
        assert markdown[self.start:self.start + len(self.before)] == self.before
        return markdown[:self.start] + self.after + markdown[self.start + len(self.before):]


# -- the pages, as the build reads them --------------------------------------------------------

def pages():
    """The Markdown pages in nav (the notebooks repeat their pages' formulas)."""
    from sitebuild.config import nav_files

    return [f"docs/{name}" for name in nav_files() if name.endswith(".md")]


def read_page(page, strict=True):
    """(Markdown after front matter with the published numbers filled in, the number of
    front-matter lines), as the build checks it (MkDocs, then sitebuild.hooks.on_page_markdown):
    the edits are planted in, judged on and listed with the numbers a reader sees. An unknown
    number stops the audit; not `strict` (the build's example error), it is the build's to report
    on its page and line, and reads as 0 here."""
    from mkdocs.utils.meta import get_data

    from sitebuild import generate, placeholders

    def unknown(error):
        if strict:
            raise error
        return "0"

    raw = (ROOT / page).read_text()
    markdown, _ = get_data(raw)
    front = raw[:len(raw) - len(markdown)].count("\n") if raw.endswith(markdown) else 0
    return placeholders.fill(markdown, generate.published_values(), unknown), front


class Converter:
    """Markdown → HTML with mkdocs.yml's extensions."""

    def __init__(self):
        import markdown

        from sitebuild.config import mkdocs_config

        extensions, configs = [], {}
        for item in mkdocs_config().get("markdown_extensions") or []:
            name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            extensions.append(name)
            configs[name] = config or {}
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def __call__(self, markdown):
        self.md.reset()
        return self.md.convert(markdown)


def check_page(convert, markdown, cache, version):
    """page_math.check's errors ({formula index: BuildError}) for one page's Markdown."""
    from sitebuild.config import math_vocabulary
    from sitebuild.mathcheck import page_math

    return page_math.check(page_math.find(convert(markdown)), markdown, cache, version, vocabulary=math_vocabulary())


# -- the mutants -------------------------------------------------------------------------------

def formulas(markdown):
    """(offset, TeX, display) of every formula written in the Markdown, in page order."""
    found = [(m.start("tex"), m.group("tex"), True) for m in DISPLAY.finditer(markdown)]
    blocked = [(m.start(), m.end()) for m in DISPLAY.finditer(markdown)]
    code = [(m.start(), m.end()) for m in re.finditer(r"```.*?```|`[^`\n]*`", markdown, re.S)]
    for m in INLINE.finditer(markdown):
        if not any(a <= m.start() < b for a, b in blocked + code):
            found.append((m.start("tex"), m.group("tex"), False))
    return sorted(found)


def edits(tex):
    """(kind, mutated TeX) for each small wrong edit of the formula's math, in order."""
    masked = NOT_MATH.sub(lambda m: "\0" * len(m.group()), tex)
    out = []
    for i, char in enumerate(masked):
        if char in "+-" and re.match(r"\s*C\b", tex[i + 1:]):
            continue  # the constant of integration is arbitrary: -C is as good as +C
        if char == "+":
            out.append(("flipped sign", tex[:i] + "-" + tex[i + 1:]))
        elif char == "-":
            before = masked[:i].rstrip()[-1:]
            binary = before and (before.isalnum() or before in ")}]") and not masked[:i].endswith("^{")
            out.append(("flipped sign", tex[:i] + ("+" if binary else "") + tex[i + 1:]))
    exponents = set()
    for m in EXPONENT.finditer(masked):
        group = "braced" if m.group("braced") else "bare"
        exponents.add(m.start(group))
        bumped = str(int(m.group(group)) + 1)
        out.append(("changed exponent", tex[:m.start(group)] + bumped + tex[m.end(group):]))
    for m in NUMBER.finditer(masked):
        if m.start() in exponents:
            continue
        digits = m.group()
        step = Decimal(1).scaleb(-len(digits.partition(".")[2]))
        out.append(("changed constant", tex[:m.start()] + str(Decimal(digits) + step) + tex[m.end():]))
    return out


def mutants(page, markdown, front):
    """Every mutant of the page's checked formulas (claims, not marked \\unchecked)."""
    from sitebuild.mathcheck import page_math, prove

    found = []
    for start, tex, display in formulas(markdown):
        if page_math.unchecked(tex)[1] is not None or not prove.is_claim(tex, display):
            continue
        for kind, after in edits(tex):
            changed = next(i for i, (a, b) in enumerate(zip(tex, after)) if a != b)
            line = front + markdown.count("\n", 0, start + changed) + 1
            found.append(Mutant(page, line, kind, tex, after, start))
    return found


# -- the independent judge ---------------------------------------------------------------------

POINTS = 8  # sample points per judged claim
SHOWN = re.compile(r"(-?\d+(?:\.(\d+))?)(?:\\times10\^\{?(-?\d+)\}?)?")  # 0.88, -6.6\times 10^{-3}


def context(markdown, start):
    """What the page defined (:=) and declared (p \\in (0, 1)) before the formula at `start`,
    read by the reader alone, so a judged formula may use t(x) from above."""
    from sitebuild.config import math_vocabulary
    from sitebuild.mathcheck import page_math, reader

    page = reader.site_page(math_vocabulary())  # the site's own functions, as on every page
    for offset, tex, _ in formulas(markdown):
        if offset >= start:
            break
        if not page_math.changes_page(tex) or page_math.unchecked(tex)[1] is not None:
            continue
        try:
            if DEFINITION.search(tex):
                formula = reader.parse_formula(tex, page)
                reader.define(page, formula.definition, formula.terms[1][0])
            else:
                for var, where in reader.parse_condition(reader.trim(reader.strip_notes(tex)), page).items():
                    page.domains[var.name] = where
        except reader.TexError:
            pass  # the build read it; a judged formula that needs it is left undecided
    return page


def judge(before, after, page=None):
    """("still true" | "wrong" | "undecided" | "definition", why) for the edit before → after, by
    evaluating each step the edit changed (all of after's when before is None) at sample points,
    50 digits (mpmath, through SymPy's evalf); never by the checker's proof. The steps the edit
    left alone are the published formula's, and their truth is not the edit's doing."""
    from sitebuild.config import math_vocabulary
    from sitebuild.mathcheck import reader

    page = page if page is not None else reader.site_page(math_vocabulary())
    try:
        new = reader.parse_formula(after, page)
        old = reader.parse_formula(before, page) if before is not None else None
        same = set() if old is None or old.domains != new.domains else {c[:3] for c in claims(old)}
        changed = [c for c in claims(new) if c[:3] not in same]
        if new.definition and not changed:
            return "definition", "an edited := defines something new: no wrong step of itself"
        if not changed:
            return "still true", "the edit changed no claim"
        rng = random.Random(1)  # fixed points: a rerun judges alike
        whys = []
        for claim in changed:
            verdict, why = evaluate(claim, new.domains, rng)
            if verdict != "still true":
                return verdict, why
            whys.append(why)
        return "still true", "; ".join(whys)
    except Exception as error:  # noqa: BLE001 - what cannot be read or evaluated stays undecided
        return "undecided", f"cannot evaluate it ({type(error).__name__}: {' '.join(str(error).split())[:100]})"


def claims(formula):
    """(left TeX, relation, right TeX, left, right) for each step of a formula, := left out."""
    tex = [" ".join(t.replace("&", "").split()) for t, _ in formula.terms]
    value = [v for _, v in formula.terms]
    return [(tex[i], r, tex[i + 1], value[i], value[i + 1])
            for i, r in enumerate(formula.relations) if not DEFINITION.fullmatch(r)]


def evaluate(claim, domains, rng):
    """(verdict, why) for one step: wrong at the first sample point where it fails."""
    import sympy as sp

    left_tex, relation, right_tex, left, right = claim
    shown = "".join(right_tex.replace("{,}", "").split())
    if relation == r"\approx" and not SHOWN.fullmatch(shown):
        left, right, left_tex, right_tex = right, left, right_tex, left_tex
        shown = "".join(right_tex.replace("{,}", "").split())
    tested, variables = 0, set()
    for _ in range(POINTS):
        sides, point = sample((left, right), domains, rng)
        variables |= set(point)
        a, b = (sp.N(side, 50) for side in sides)
        if not all(v.is_number and not v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) for v in (a, b)):
            continue  # a pole or an unevaluated part at this point: no verdict
        tested += 1
        if not holds(a, relation, b, shown):
            at = " at " + ", ".join(f"{k} = {float(v):g}" for k, v in point.items()) if point else ""
            return "wrong", f"`{left_tex} {relation} {right_tex}` fails{at}: {sp.N(a, 8)} vs {sp.N(b, 8)}"
        if not point:
            break  # a constant claim: one evaluation is all there is
    if not tested:
        return "undecided", f"`{left_tex} {relation} {right_tex}` has no value at any sample point"
    if relation == r"\approx":
        return "still true", f"`{left_tex}` = {sp.N(a, 8)} still rounds to {right_tex}"
    if not variables:
        return "still true", f"`{left_tex} {relation} {right_tex}` holds: {sp.N(a, 12)} vs {sp.N(b, 12)}"
    names = ", ".join(sorted({str(v) for v in variables}))
    return "still true", f"`{left_tex} {relation} {right_tex}` holds at {tested} sample points of {names}"


def confirmed_limits(side):
    """The side with each limit replaced by its value where the values approaching it confirm
    SymPy's (prove.limit_value), else by nan (no verdict): SymPy gets some limits wrong."""
    import sympy as sp

    from sitebuild.mathcheck import prove

    for limit in prove.limits_in(side):
        value, _ = prove.limit_value(limit)
        side = side.xreplace({limit: sp.nan if value is None else value})
    return side


def sample(sides, domains, rng):
    """The sides at one random point, and the point: a sum's or product's bound (n) a whole number
    from 1 to 6, every other variable (z_k ones too) drawn from its domain."""
    import sympy as sp

    point = {}
    bounds = {s for side in sides for big in side.atoms(sp.Sum, sp.Product)
              for _, low, high in big.limits for s in (low.free_symbols | high.free_symbols)}
    point.update({n: sp.Integer(rng.randint(1, 6)) for n in sorted(bounds, key=str)})
    sides = [confirmed_limits(side.subs(point)).doit() for side in sides]
    indexed = sorted(set().union(*(side.atoms(sp.Indexed) for side in sides)), key=str)
    free = sorted(set().union(*(side.free_symbols for side in sides)) - set(indexed)
                  - {i.base.label for i in indexed}, key=str)
    drawn = {v: draw(domains.get(v, sp.Reals), rng) for v in indexed + free}
    point.update(drawn)
    return [side.subs(drawn) for side in sides], point


def draw(where, rng):
    """A point of the domain, exact to three decimals, in (-6, 6) where the domain allows."""
    import sympy as sp

    if isinstance(where, sp.FiniteSet):
        return rng.choice(sorted(where, key=str))
    low, high = max(float(where.inf), -6.0), min(float(where.sup), 6.0)
    for _ in range(100):
        value = sp.Rational(str(round(rng.uniform(low, high), 3)))
        if where.contains(value) == sp.true:
            return value
    raise ValueError(f"no sample point in {where}")


def holds(a, relation, b, shown=""):
    """Whether `a relation b` holds for two 50-digit values (an equality to 40 digits)."""
    import sympy as sp

    tolerance = sp.Float("1e-40", 50) * max(1, abs(a), abs(b))
    if relation == r"\approx":  # `a \approx 0.88`: a rounds to the digits shown
        m = SHOWN.fullmatch(shown)
        if not m:
            raise ValueError(f"no decimal number shown in {shown!r}")
        digits, exponent = len(m.group(2) or ""), int(m.group(3) or 0)
        return abs(a - b) <= sp.Rational(1, 2) * sp.Integer(10) ** (exponent - digits) + tolerance
    if relation == "=":
        return abs(a - b) <= tolerance
    if relation in (r"\neq", r"\ne"):
        return abs(a - b) > tolerance
    if abs(sp.im(a)) + abs(sp.im(b)) > tolerance:
        return False  # an order between values that are not real
    a, b = sp.re(a), sp.re(b)
    if relation in (">", r"\ge", r"\geq"):
        a, b = -a, -b
    # a ≤ b allows equality up to rounding; a < b needs b above a beyond it
    return b - a >= -tolerance if relation in (r"\le", r"\leq", r"\ge", r"\geq") else b - a > tolerance


# -- the run -----------------------------------------------------------------------------------

def run(only=None, progress=None):
    """The audit's result as a dict (RECORD's content without date and commit)."""
    from sitebuild.mathcheck import page_math

    convert, cache, version = Converter(), page_math.Cache(), page_math.checker_key()
    result = {"edits": 0, "wrong": 0, "caught": 0, "unreadable": 0, "missed": [], "undecided": [],
              "still_true": [], "definitions": 0, "definitions_flagged": 0}
    for page in only or pages():
        markdown, front = read_page(page)
        if check_page(convert, markdown, cache, version):
            raise SystemExit(f"{page}: the page does not build as it is; fix it before the audit")
        for mutant in mutants(page, markdown, front):
            result["edits"] += 1
            errors = check_page(convert, mutant.edit(markdown), cache, version)
            if progress:
                progress(result["edits"], mutant, errors)
            first = markdown.count("\n", 0, mutant.start) + 1  # the formula's lines, without front matter
            verdict = None
            if DEFINITION.search(mutant.before):
                verdict, why = judge(mutant.before, mutant.after, context(markdown, mutant.start))
            if verdict == "definition":
                # Counted apart; the checker flags it when a claim after it no longer holds.
                result["definitions"] += 1
                result["definitions_flagged"] += any(e.line is not None and e.line >= first for e in errors.values())
                continue
            last = first + mutant.after.count("\n")
            if any(e.line is not None and first <= e.line <= last for e in errors.values()):
                result["wrong"] += 1
                result["caught"] += 1  # the build stops naming a line of the mutated formula
                result["unreadable"] += all("cannot be checked" in e.message for e in errors.values())
                continue
            if verdict is None:
                verdict, why = judge(mutant.before, mutant.after, context(markdown, mutant.start))
            entry = {**asdict(mutant), "before": " ".join(mutant.before.split()),
                     "after": " ".join(mutant.after.split()), "why": why}
            entry.pop("start")
            result["wrong"] += verdict == "wrong"
            result[{"wrong": "missed", "undecided": "undecided", "still true": "still_true"}[verdict]].append(entry)
    return result


def commit():
    """The commit the audit ran on, with "+changes" when the working tree differs from it."""
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                            f":!{RECORD.relative_to(ROOT)}"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return head.stdout.strip() + (" + uncommitted changes" if dirty else "")


# -- what the page shows -------------------------------------------------------------------------

def example_error():
    """The build's own message for EXAMPLE's wrong step planted in its page, as check() words it
    (file and line as the build names them)."""
    from sitebuild.cache import code_key, reuse
    from sitebuild.mathcheck import page_math

    page, front = read_page(EXAMPLE_PAGE, strict=False)
    if EXAMPLE[0] not in page:
        raise ValueError(f"{EXAMPLE_PAGE} no longer has the step {EXAMPLE[0]!r} (sitebuild.audit.EXAMPLE)")
    # The page up to the end of the example's formula: nothing after it changes the message (its
    # line, its equation's number, the definitions it reads), and an edit there remakes nothing.
    end = FORMULA_END.search(page, page.index(EXAMPLE[0]))
    markdown = page[:end.end()] if end else page
    planted = markdown.replace(EXAMPLE[0], EXAMPLE[1], 1)

    def make():
        convert, cache, version = Converter(), page_math.Cache(), page_math.checker_key()
        already = check_page(convert, markdown, cache, version)  # the page's own errors are the build's to report
        (error,) = [e for i, e in check_page(convert, planted, cache, version).items() if i not in already]
        error.file, error.line = EXAMPLE_PAGE, error.line + front
        return str(error)

    # Kept by the one cache rule: that part of the page as the build reads it (numbers filled in), its front
    # matter, this code and the checker (its import closure), and mkdocs.yml (the Markdown
    # extensions, the vocabulary). The planted step is wrong, so the checker's own cache, which
    # keeps successes only, checks it anew every time.
    return reuse("audit-example", code_key(Path(__file__), ROOT / "mkdocs.yml", extra=[markdown, front]), make)


def snippets():
    """{snippet name: Markdown}: the page's example error and the recorded audit figure."""
    error = "```text\n" + example_error() + "\n```\n"
    if not RECORD.exists():
        return {"how-it-checks-audit.md": "No run of `make audit` has been recorded yet.\n",
                "how-it-checks-error.md": error}
    r = json.loads(RECORD.read_text())

    def listed(entries):
        return "".join(f"\n- `{e['page']}:{e['line']}` ({e['kind']}): `{e['after']}` ({e['why']})" for e in entries)

    figure = (f"The last recorded run of `make audit` ({r['date']}, commit `{r['commit']}`, {r['seconds']:.0f} s) "
              f"made {r['edits']} edits; {r['wrong']} of them made a formula wrong, and the checker caught "
              f"**{r['caught']} of {r['wrong']} wrong edits planted**"
              + (f". It missed these (as a reader would see them):\n{listed(r['missed'])}\n"
                 if r["missed"] else ", missing none.\n"))
    if r["undecided"]:
        figure += (f"\nThe independent evaluation could not decide {len(r['undecided'])} edits the checker let "
                   f"through; they are in neither count:\n{listed(r['undecided'])}\n")
    figure += (f"\nNot counted: {len(r['still_true'])} edits that left their formula true "
               f"(`scripts/sitebuild/{RECORD.name}` gives each one's reason) and {r['definitions']} edits of a `:=` "
               f"definition (for {r['definitions_flagged']} of them a claim after the definition failed, and the "
               f"checker said so).\n")
    return {"how-it-checks-audit.md": figure, "how-it-checks-error.md": error}


def main():
    from sitebuild.mathcheck import page_math

    started = time.perf_counter()
    only = [a for a in sys.argv[1:] if a.endswith(".md")] or None

    def progress(n, mutant, errors):
        if n % 25 == 0:
            print(f"  {n} mutants planted ({time.perf_counter() - started:.0f} s)", flush=True)

    result = run(only, progress)
    seconds = time.perf_counter() - started
    # "checker" and "command": what the mathcheck plugin's audit_record compares and names (a record
    # made by another version of the checker fails the build).
    record = {"date": time.strftime("%Y-%m-%d", time.gmtime()), "commit": commit(), "seconds": round(seconds, 1),
              "checker": page_math.audit_key(), "command": "make audit", **result}
    print(f"audit: caught {result['caught']} of {result['wrong']} wrong edits planted in {seconds:.0f} s "
          f"({result['unreadable']} caught as unreadable); of {result['edits']} edits, "
          f"{len(result['still_true'])} left their formula true, {result['definitions']} edited a definition")
    for verdict in ("missed", "undecided"):
        for s in result[verdict]:
            print(f"  {verdict} {s['page']}:{s['line']} ({s['kind']}): {s['after']}\n    {s['why']}")
    if only:
        print("(a partial run, on the pages named: not recorded)")
        return
    RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded in {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
