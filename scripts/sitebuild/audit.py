"""`make audit`: the project's own mutation test. Does the checker catch a wrong formula?

Every formula the build checks (scripts/sitebuild/mathcheck) gets small wrong edits, one at a
time, enumerated in a fixed order: a flipped sign (+ and − swapped, a minus dropped), a changed
exponent (n → n + 1) and a changed constant (n → n + 1, a last decimal digit + 1). Each mutant
goes through the build's own path for its page: the Markdown with the published numbers filled
in, converted by Python-Markdown with the site's extensions (so pymdownx.arithmatex as in the
build), then page_math.find and page_math.check, with the build's math cache for the formulas
that did not change. A full `mkdocs build` per mutant would take minutes; the end-to-end path is
proved once by a test (tests/test_audit.py) that builds the site with one mutant.

A mutant is caught when check() reports an error on a line of the mutated formula (an error
elsewhere would not count), or, for a definition (:=), on a line of a claim after it. One it lets pass is judged by an
independent oracle: each side of each relation, read into SymPy, evaluated by mpmath at 50
digits at fixed points. Where the mutated claim still holds there, the edit made nothing wrong
(an equivalent mutant): it is listed, not counted. Every other mutant that passes is a
survivor. The oracle shares the checker's reader (the TeX → SymPy step), not its proof.

The run is recorded in RECORD (caught/planted, survivors, date, commit), which only
`make audit` writes; the page "How this site checks itself" shows it (snippets()).
"""

import json
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
                      r"|&&[^\n]*?(?=\\\\|$)|\\[a-zA-Z]+|\{\{[^}]*\}\}|_\{[^{}]*\}|_\w", re.M)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
EXPONENT = re.compile(r"\^(?:\{(?P<sign>-?)(?P<braced>\d+)\}|(?P<bare>\d))")
RELATION = re.compile(r"(=|<|>|\\leq?(?![a-zA-Z])|\\geq?(?![a-zA-Z])|\\neq(?![a-zA-Z]))")
DEFINITION = re.compile(r":=|\\coloneqq")


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


def read_page(page):
    """(Markdown after front matter, the number of front-matter lines), as MkDocs splits it."""
    from mkdocs.utils.meta import get_data

    raw = (ROOT / page).read_text()
    markdown, _ = get_data(raw)
    return markdown, raw[:len(raw) - len(markdown)].count("\n") if raw.endswith(markdown) else 0


class Converter:
    """Markdown → HTML with mkdocs.yml's extensions, the published numbers filled in first
    (sitebuild.hooks.on_page_markdown)."""

    def __init__(self):
        import markdown

        from sitebuild import generate
        from sitebuild.config import mkdocs_config

        extensions, configs = [], {}
        for item in mkdocs_config().get("markdown_extensions") or []:
            name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            extensions.append(name)
            configs[name] = config or {}
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self.values = generate.published_values()

    def __call__(self, markdown):
        from sitebuild import placeholders

        filled = placeholders.fill(markdown, self.values, lambda error: "0")
        self.md.reset()
        return filled, self.md.convert(filled)


def check_page(convert, markdown, cache, version):
    """page_math.check's errors ({formula index: BuildError}) for one page's Markdown."""
    from sitebuild.config import math_vocabulary
    from sitebuild.mathcheck import page_math

    filled, page_html = convert(markdown)
    return page_math.check(page_math.find(page_html), filled, cache, version, vocabulary=math_vocabulary())


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


# -- the independent oracle --------------------------------------------------------------------

def still_true(tex):
    """True when the formula holds at every probe point by mpmath (50 digits), False when it
    fails at one, None when the oracle cannot read or evaluate it."""
    import mpmath
    import sympy as sp

    from sitebuild.config import math_vocabulary
    from sitebuild.mathcheck import reader

    try:
        site = reader.site_page(math_vocabulary())
        claims = []
        for line in reader.chain_lines(tex):
            parts = RELATION.split(line)
            relations = parts[1::2]
            if not parts[0].replace("&", "").strip():  # "&= b" continues the chain from the line above
                sides = [claims[-1][2]] + [reader.parse_expression(p, site) for p in parts[2::2]]
            else:
                sides = [reader.parse_expression(p, site) for p in parts[::2]]
            claims += [(a, r, b) for a, r, b in zip(sides, relations, sides[1:])]
        if not claims:
            return None
        symbols = sorted(set().union(*(a.free_symbols | b.free_symbols for a, _, b in claims)), key=str)
        with mpmath.workdps(50):
            for point in (0.3, -1.7, 2.9, 0.05, -4.2):
                values = {v: mpmath.mpf(point) % 1 if str(v) in "pqy" else mpmath.mpf(point) for v in symbols}
                for a, relation, b in claims:
                    left, right = (complex(sp.N(e.doit().subs(values), 50)) for e in (a, b))
                    if not holds(left, relation, right):
                        return False
        return True
    except Exception:  # noqa: BLE001 - anything the oracle cannot read leaves the mutant undecided
        return None


def holds(left, relation, right):
    if relation == "=":
        return abs(left - right) <= 1e-40 * max(1.0, abs(left))
    if relation == r"\neq":
        return abs(left - right) > 1e-40 * max(1.0, abs(left))
    if abs(left.imag) + abs(right.imag) > 1e-40:
        return False
    return {"<": left.real < right.real, ">": left.real > right.real}.get(
        relation, left.real <= right.real if relation.startswith(r"\le") else left.real >= right.real)


# -- the run -----------------------------------------------------------------------------------

def run(only=None, progress=None):
    """The audit's result as a dict (RECORD's content without date and commit)."""
    from sitebuild.mathcheck import page_math

    convert, cache, version = Converter(), page_math.Cache(), page_math.checker_key()
    planted, caught, equivalent, survivors, unreadable = 0, 0, [], [], 0
    for page in only or pages():
        markdown, front = read_page(page)
        if check_page(convert, markdown, cache, version):
            raise SystemExit(f"{page}: the page does not build as it is; fix it before the audit")
        for mutant in mutants(page, markdown, front):
            planted += 1
            errors = check_page(convert, mutant.edit(markdown), cache, version)
            if progress:
                progress(planted, mutant, errors)
            first = markdown.count("\n", 0, mutant.start) + 1  # the formula's lines, without front matter
            # A definition is not a claim: a wrong one fails the claims after it that use it.
            last = len(markdown) if DEFINITION.search(mutant.before) else first + mutant.after.count("\n")
            if any(e.line is not None and first <= e.line <= last for e in errors.values()):
                caught += 1  # the build stops naming a line of the mutated formula
                unreadable += all("cannot be checked" in e.message for e in errors.values())
                continue
            truth = still_true(mutant.after)
            entry = {**asdict(mutant), "oracle": {True: "still true", False: "false", None: "undecided"}[truth]}
            entry.pop("start")
            entry.update(before=" ".join(mutant.before.split()), after=" ".join(mutant.after.split()))
            (equivalent if truth else survivors).append(entry)
    return {"mutants": planted, "planted": planted - len(equivalent), "caught": caught, "unreadable": unreadable,
            "survivors": survivors, "equivalent": equivalent}


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
    from sitebuild.mathcheck import page_math

    markdown, front = read_page(EXAMPLE_PAGE)
    if EXAMPLE[0] not in markdown:
        raise ValueError(f"{EXAMPLE_PAGE} no longer has the step {EXAMPLE[0]!r} (sitebuild.audit.EXAMPLE)")
    planted = markdown.replace(EXAMPLE[0], EXAMPLE[1], 1)
    convert, cache, version = Converter(), page_math.Cache(), page_math.checker_key()
    already = check_page(convert, markdown, cache, version)  # the page's own errors are the build's to report
    (error,) = [e for i, e in check_page(convert, planted, cache, version).items() if i not in already]
    error.file, error.line = EXAMPLE_PAGE, error.line + front
    return str(error)


def snippets():
    """{snippet name: Markdown}: the page's example error and the recorded audit figure."""
    error = "```text\n" + example_error() + "\n```\n"
    if not RECORD.exists():
        return {"how-it-checks-audit.md": "No run of `make audit` has been recorded yet.\n",
                "how-it-checks-error.md": error}
    record = json.loads(RECORD.read_text())
    survivors = record["survivors"]
    verdicts = {"false": "false by the independent evaluation",
                "undecided": "the independent evaluation cannot decide it"}
    listed = "".join(f"\n- `{s['page']}:{s['line']}` ({s['kind']}; {verdicts[s['oracle']]}): `{s['after']}`"
                     for s in survivors)
    figure = (f"The last recorded run of `make audit` ({record['date']}, commit `{record['commit']}`, "
              f"{record['seconds']:.0f} s) planted {record['planted']} wrong edits in the pages' formulas; "
              f"the checker caught **{record['caught']} of {record['planted']}**"
              + (f". It let these through:\n{listed}\n" if survivors else ", with no survivor.\n"))
    if record["equivalent"]:
        figure += (f"\n{len(record['equivalent'])} further edits left their formula true (found by an "
                   f"independent evaluation with mpmath) and are not counted.\n")
    return {"how-it-checks-audit.md": figure, "how-it-checks-error.md": error}


def main():
    started = time.perf_counter()
    only = [a for a in sys.argv[1:] if a.endswith(".md")] or None

    def progress(n, mutant, errors):
        if n % 25 == 0:
            print(f"  {n} mutants planted ({time.perf_counter() - started:.0f} s)", flush=True)

    result = run(only, progress)
    seconds = time.perf_counter() - started
    record = {"date": time.strftime("%Y-%m-%d", time.gmtime()), "commit": commit(), "seconds": round(seconds, 1),
              **result}
    print(f"audit: caught {result['caught']} of {result['planted']} planted wrong edits in {seconds:.0f} s "
          f"({result['unreadable']} caught as unreadable; {len(result['equivalent'])} still true, not counted)")
    for s in result["survivors"]:
        print(f"  survivor {s['page']}:{s['line']} ({s['kind']}, oracle: {s['oracle']}): {s['after']}")
    if only:
        print("(a partial run, on the pages named: not recorded)")
        return
    RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    print(f"recorded in {RECORD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
