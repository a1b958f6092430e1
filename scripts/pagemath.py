"""The math on a built page: find it, check every claimed equality, render it with KaTeX.

Input is the page HTML as pymdownx.arithmatex (generic mode) leaves it, so the TeX checked
here is exactly the TeX KaTeX renders.
"""

import functools
import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDERER = Path(__file__).resolve().parent / "katex_render.js"
CACHE = ROOT / ".cache" / "math.json"

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])</(?P=tag)>',
    re.S)


class MathError(Exception):
    """A formula is wrong or unreadable; the message names the page, the formula and the step."""


def find(page_html):
    """[(match, tex, display)] for every formula on the page, in page order."""
    found = []
    for m in ARITHMATEX.finditer(page_html):
        display = m.group("display") is not None
        tex = html.unescape(m.group("display") if display else m.group("inline"))
        found.append((m, tex, display))
    return found


def _line_of(tex, markdown):
    at = markdown.find(tex.strip()[:60]) if markdown else -1
    return markdown.count("\n", 0, at) + 1 if at >= 0 else None


@functools.cache
def _code_version():
    h = hashlib.sha256()
    for name in ("texmath.py", "texcheck.py", "sigmoid.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


class Cache:
    """Results keyed by (formula, version of the code that produced them). Only successes
    are stored, so a wrong formula is checked again on every build until it is fixed."""

    def __init__(self, path=CACHE):
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


def check(formulas, page, markdown, cache):
    """Raise MathError for the first formula on the page that is wrong or unreadable."""
    version = _code_version()
    counts = {True: 0, False: 0}  # equations and inline formulas are numbered separately
    for _, tex, display in formulas:
        counts[display] += 1
        number = counts[display]
        if cache.get("checked", version, tex, display):
            continue
        import texcheck  # SymPy loads only when a formula is not in the cache
        import texmath

        if not texcheck.is_claim(tex, display):
            cache.put(True, "checked", version, tex, display)
            continue
        line = _line_of(tex, markdown)
        where = f"{page}:{line}" if line else page
        kind = "equation" if display else "inline formula"
        shown = " ".join(tex.split())
        try:
            failures = texcheck.check(tex)
        except texmath.TexError as error:
            raise MathError(f"{where}: {kind} {number} cannot be checked: {error}\n  formula: {shown}") from None
        if failures:
            steps = "\n  ".join(f.describe() for f in failures)
            raise MathError(f"{where}: {kind} {number} has a wrong step:\n  {steps}\n  formula: {shown}")
        cache.put(True, "checked", version, tex, display)


def render(formulas, page, cache, katex_version):
    """KaTeX HTML for each formula (one Node process for all the page's uncached formulas)."""
    todo = [(tex, display) for _, tex, display in formulas if cache.get("katex", katex_version, tex, display) is None]
    todo = list(dict.fromkeys(todo))
    if todo:
        batch = [{"tex": tex, "display": display} for tex, display in todo]
        result = subprocess.run(["node", str(RENDERER)], input=json.dumps(batch), capture_output=True,
                                text=True, cwd=ROOT)
        if result.returncode != 0:
            raise MathError(f"{page}: the KaTeX renderer failed: {result.stderr.strip()[-500:]}")
        for (tex, display), out in zip(todo, json.loads(result.stdout)):
            if "error" in out:
                raise MathError(f"{page}: KaTeX cannot render {' '.join(tex.split())!r}: {out['error']}")
            cache.put(out["html"], "katex", katex_version, tex, display)
    return [cache.get("katex", katex_version, tex, display) for _, tex, display in formulas]


def process(page_html, page, markdown, katex_version, cache):
    """Check and render every formula of a page; returns the page HTML with KaTeX output.
    `cache` (a Cache) lives for the whole build; it is saved after each page that added to it."""
    formulas = find(page_html)
    try:
        check(formulas, page, markdown, cache)
        rendered = render(formulas, page, cache, katex_version)
    finally:
        cache.save()
    out, last = [], 0
    for (m, _, display), math_html in zip(formulas, rendered):
        out.append(page_html[last:m.start()])
        out.append(f'<div class="math-display">{math_html}</div>' if display else math_html)
        last = m.end()
    out.append(page_html[last:])
    return "".join(out)
