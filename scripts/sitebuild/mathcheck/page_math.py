"""The math on a built page: find it, check every claimed equality, render it with KaTeX.

Input is the page HTML as pymdownx.arithmatex (generic mode) leaves it, so the TeX checked
here is exactly the TeX KaTeX renders. Each error carries the line of the wrong step in the
page's Markdown.
"""

import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

from sitebuild import CACHE, ROOT
from sitebuild.cache import code_key, digest
from sitebuild.errors import BuildError

HERE = Path(__file__).resolve().parent
RENDERER = HERE / "katex_render.js"
CACHE_FILE = CACHE / "math.json"

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])</(?P=tag)>',
    re.S)


def checker_key():
    """Changes with the checker's code (and what it imports) and the tool versions."""
    return code_key(HERE / "prove.py")[:16]


def renderer_key(katex_version):
    """Changes with KaTeX's version and with the render script (its options)."""
    return digest([RENDERER], katex_version)[:16]


def find(page_html):
    """[(match, tex, display)] for every formula on the page, in page order."""
    found = []
    for m in ARITHMATEX.finditer(page_html):
        display = m.group("display") is not None
        tex = html.unescape(m.group("display") if display else m.group("inline"))
        found.append((m, tex, display))
    return found


def find_text(markdown, needle, start=0):
    """Offset of `needle` in `markdown` at or after `start`, whitespace-insensitive; -1 if absent."""
    words = needle.split()
    if not markdown or not words:
        return -1
    m = re.compile(r"\s*".join(map(re.escape, words))).search(markdown, start)
    return m.start() if m else -1


def line_at(markdown, offset):
    return markdown.count("\n", 0, offset) + 1


def locate(formulas, markdown):
    """The offset of each formula in the Markdown (None when it comes from an include), found in
    page order so a formula written twice is found at its own place."""
    offsets, cursor = [], 0
    for _, tex, display in formulas:
        at = find_text(markdown, tex, cursor) if display else find_text(markdown, f"${tex}$", cursor)
        at = at + 1 if at >= 0 and not display else at  # the formula starts after its `$`
        offsets.append(at if at >= 0 else None)
        cursor = at + 1 if at >= 0 else cursor
    return offsets


class Cache:
    """Results keyed by (kind, version of the code that produced them, formula). Only successes
    are stored, so a wrong formula is checked again on every build until it is fixed."""

    def __init__(self, path=CACHE_FILE):
        self.path = path
        self.data = json.loads(path.read_text()) if path.exists() else {}
        self.dirty = False

    def get(self, *key):
        return self.data.get(hashlib.sha256(json.dumps(key).encode()).hexdigest())

    def put(self, value, *key):
        self.data[hashlib.sha256(json.dumps(key).encode()).hexdigest()] = value
        self.dirty = True

    def save(self):
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data, sort_keys=True))
            tmp.replace(self.path)
            self.dirty = False


UNCHECKED = "\\unchecked{"  # the author's mark on a formula the checker cannot handle


def changes_page(tex):
    """Whether a formula may change what the page knows: a definition (:=) or a declaration
    (`p \\in (0, 1)` with no relation). The cached results of the formulas after it are keyed by
    its TeX, and it is read again whenever a formula after it must be checked anew."""
    if re.search(r":=|\\coloneqq", tex):
        return True
    return bool(re.search(r"\\in\b", tex)) and not re.search(r"[=<>]|\\(?:le|ge|leq|geq|neq|ne|approx)\b", tex)


def checker():
    from sitebuild.mathcheck import prove, reader  # SymPy loads only when a formula is new
    return prove, reader


def check(formulas, markdown, cache, version, stats=None):
    """{index: BuildError} for every formula on the page that is wrong or unreadable. The page's
    formulas are read in order: a definition `t(x) := ...` holds for the formulas after it."""
    errors, offsets, page = {}, None, None
    stats = stats if stats is not None else {}
    counts = {True: 0, False: 0}  # equations and inline formulas are numbered separately
    state = []  # the definitions and declarations so far, (tex, display), in page order
    for index, (_, tex, display) in enumerate(formulas):
        counts[display] += 1
        if UNCHECKED in tex:
            stats["unchecked"] = stats.get("unchecked", 0) + 1
            continue
        key = ("checked", version, tex, display, [t for t, _ in state])
        if cache.get(*key):
            if changes_page(tex):
                state.append((tex, display))
                if page is not None:
                    checker()[0].check(tex, page, display)
            continue
        prove, reader = checker()
        if page is None:  # read the page's definitions so far (all passed when they were cached)
            page = prove.Page()
            for earlier, earlier_display in state:
                prove.check(earlier, page, earlier_display)
        stats["checked"] = stats.get("checked", 0) + 1
        offsets = offsets or locate(formulas, markdown)
        start = offsets[index]
        kind = f"{'equation' if display else 'inline formula'} {counts[display]}"
        shown = " ".join(tex.split())
        shown = shown if len(shown) <= 160 else shown[:157] + "..."
        try:
            failures = prove.check(tex, page, display)
        except reader.TexError as error:
            line = line_at(markdown, start) if start is not None else None
            errors[index] = BuildError(f"{kind} cannot be checked: {error}\n  formula: {shown}\n  "
                                       f"(see CONTRIBUTING.md for the notation; mark a formula the checker "
                                       f"cannot read with {prove.MARK})", line=line)
            continue
        if failures:
            first = failures[0]
            at = find_text(markdown, first.anchor, start) if start is not None else -1
            line = line_at(markdown, at if at >= 0 else start) if start is not None else None
            steps = "\n  ".join(f.describe() for f in failures)
            errors[index] = BuildError(f"{kind} has a wrong step:\n  {steps}\n  formula: {shown}", line=line)
            continue
        cache.put(True, *key)
        if changes_page(tex):
            state.append((tex, display))
    return errors


def render(formulas, cache, key):
    """KaTeX HTML for each formula (one Node process for all the page's uncached formulas)."""
    todo = list(dict.fromkeys((tex, display) for _, tex, display in formulas
                              if cache.get("katex", key, tex, display) is None))
    if todo:
        batch = [{"tex": tex, "display": display} for tex, display in todo]
        result = subprocess.run(["node", str(RENDERER)], input=json.dumps(batch), capture_output=True,
                                text=True, cwd=ROOT)
        if result.returncode != 0:
            raise BuildError(f"the KaTeX renderer failed: {result.stderr.strip()[-500:]}")
        for (tex, display), out in zip(todo, json.loads(result.stdout)):
            if "error" in out:
                raise BuildError(f"KaTeX cannot render {' '.join(tex.split())!r}: {out['error']}")
            cache.put(out["html"], "katex", key, tex, display)
    return [cache.get("katex", key, tex, display) for _, tex, display in formulas]


def place(math_html, display):
    """KaTeX's output as it goes into the page: a display formula in a box of its own."""
    return f'<div class="math-display">{math_html}</div>' if display else math_html


def process(page_html, markdown, keys, cache, on_error, stats=None, place=place):
    """Check and render every formula of a page; returns the page HTML with KaTeX output, each
    formula put in by place(KaTeX HTML, display). A wrong formula goes to on_error(BuildError),
    which raises or returns HTML to show in its place. `keys` is (checker key, renderer key);
    `cache` lives for the whole build."""
    formulas = find(page_html)
    try:
        errors = check(formulas, markdown, cache, keys[0], stats)
        replacements = {i: on_error(error) for i, error in errors.items()}
        rendered = render([f for i, f in enumerate(formulas) if i not in errors], cache, keys[1])
    finally:
        cache.save()
    rendered = iter(rendered)
    out, last = [], 0
    for index, (m, _, display) in enumerate(formulas):
        out.append(page_html[last:m.start()])
        if index in replacements:
            out.append(replacements[index])
        else:
            out.append(place(next(rendered), display))
        last = m.end()
    out.append(page_html[last:])
    return "".join(out)
