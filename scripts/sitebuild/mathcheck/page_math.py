"""The math on a built page: find it, check every claimed equality, render it with KaTeX.

Input is the page HTML as pymdownx.arithmatex (generic mode) leaves it, so the TeX checked
here is exactly the TeX KaTeX renders. Each error carries the line of the wrong step in the
page's Markdown.

Readers see the checking: every checked display formula carries a small check mark linking to
the page that explains it, and a formula an author marked `\\unchecked{reason}` carries a
visible "not machine-checked" mark instead. The marker stays in the TeX that check() gets (it
skips such formulas, and process() drops any error it reports for one) and is cut out of the
TeX that render() gets, so KaTeX never sees it.
"""

import hashlib
import html
import json
import re
import subprocess
import threading
from pathlib import Path

from sitebuild import CACHE, ROOT
from sitebuild.cache import code_key, digest
from sitebuild.errors import BuildError
from sitebuild.mathcheck import narrow

HERE = Path(__file__).resolve().parent
RENDERER = HERE / "katex_render.js"
LAYOUT = HERE / "narrow.py"
CACHE_FILE = CACHE / "math.json"
KATEX = ROOT / "node_modules" / "katex"  # installed by npm (package-lock.json pins it)

UNCHECKED = re.compile(r"\\unchecked\s*\{")
# Material's check icon (a path, inline: no icon font, no request), and a circled "?".
CHECK_ICON = ('<svg class="math-mark-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
              '<path d="M9 16.17 4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z"/></svg>')
UNCHECKED_ICON = ('<svg class="math-mark-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
                  '<path d="M11 18h2v-2h-2v2zm1-16a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 '
                  '0 16zm0-14a4 4 0 0 0-4 4h2a2 2 0 1 1 4 0c0 2-3 1.75-3 5h2c0-2.25 3-2.5 3-5a4 4 0 0 0-4-4z"/></svg>')
CHECKED_TITLE = "Every step checked by SymPy when this page was built"
UNCHECKED_TITLE = "Not machine-checked"

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])</(?P=tag)>',
    re.S)


def checker_key():
    """Changes with the checker's code (and what it imports) and the tool versions."""
    return code_key(HERE / "prove.py")[:16]


def audit_key():
    """Changes with whatever a mutation audit's verdicts depend on: how formulas are found and
    checked (this module and all it imports, the checker with it) and the tools' versions."""
    return code_key(Path(__file__))[:16]


def stale_audit(record, shown=None):
    """None when the audit record (a JSON file with the "checker" it was made with) was made by
    this checker; else what is wrong with it, naming it as `shown`. A page that shows an audit's
    figure must not show one that today's checker did not earn."""
    shown = shown or record
    try:
        data = json.loads(Path(record).read_text())
    except FileNotFoundError:
        return f"{shown}: the audit record is missing"
    except (OSError, ValueError) as error:
        return f"{shown}: the audit record cannot be read: {error}"
    made_with = data.get("checker") if isinstance(data, dict) else None
    if made_with == audit_key():
        return None
    again = f"`{data['command']}`" if isinstance(data, dict) and data.get("command") else "the audit"
    return (f"{shown} was made by another version of the checker ({made_with or 'not named'}; "
            f"now {audit_key()}): run {again} again and publish its new record")


def renderer_key(katex_version):
    """Changes with KaTeX's version, with the render script (its options) and with the narrow
    layout's rules."""
    return digest([RENDERER], katex_version, hashlib.sha256(LAYOUT.read_bytes()).hexdigest())[:16]


def katex_version():
    """The installed KaTeX's version (part of the renderer's key); a BuildError when it is missing."""
    if not (KATEX / "dist" / "katex.min.css").exists():
        raise BuildError("KaTeX is not installed: run `npm ci` (or `make setup`)")
    return json.loads((KATEX / "package.json").read_text())["version"]


def katex_assets():
    """[(folder, file, address on the site)]: KaTeX's stylesheet and fonts, as a site publishes them."""
    dist = KATEX / "dist"
    fonts = [f"fonts/{p.name}" for p in sorted((dist / "fonts").glob("*.woff2"))]
    return [(dist, name, f"assets/katex/{name}") for name in ["katex.min.css", *fonts]]


def front_matter_lines(raw, markdown):
    """How many lines of the file `raw` came before `markdown` (its front matter, which MkDocs
    cuts off), so that an error names the file's own line."""
    return raw[:len(raw) - len(markdown)].count("\n") if raw.endswith(markdown) else 0


def find(page_html):
    """[(match, tex, display)] for every formula on the page, in page order."""
    found = []
    for m in ARITHMATEX.finditer(page_html):
        display = m.group("display") is not None
        tex = html.unescape(m.group("display") if display else m.group("inline"))
        found.append((m, tex, display))
    return found


def unchecked(tex):
    """(the TeX without its `\\unchecked{reason}` marker, the reason); reason None when unmarked.
    The reason may hold balanced braces; an unclosed marker runs to the end of the formula."""
    m = UNCHECKED.search(tex)
    if not m:
        return tex, None
    depth, i = 1, m.end()
    while i < len(tex) and depth:
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        i += 1
    reason = " ".join(tex[m.end():i - 1 if depth == 0 else i].split())
    rest, more = unchecked(tex[:m.start()].rstrip() + " " + tex[i:].lstrip())
    return rest.strip(), "; ".join(filter(None, [reason or "no reason given", more]))


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


def check(formulas, markdown, cache, version, stats=None, vocabulary=(), inline_claims=True):
    """{index: BuildError} for every formula on the page that is wrong or unreadable. The page's
    formulas are read in order: a definition `t(x) := ...` holds for the formulas after it, and
    the site's `vocabulary` (its own functions as := definitions) for all of them. Without
    `inline_claims`, an inline formula is only read when it defines or declares something."""
    errors, offsets, page = {}, None, None
    stats = stats if stats is not None else {}
    counts = {True: 0, False: 0}  # equations and inline formulas are numbered separately
    state = []  # the definitions and declarations so far, (tex, display), in page order
    for index, (_, tex, display) in enumerate(formulas):
        counts[display] += 1
        if UNCHECKED.search(tex):  # the author's mark: a formula the checker cannot handle
            stats["unchecked"] = stats.get("unchecked", 0) + 1
            continue
        if not (display or inline_claims or changes_page(tex)):
            continue
        key = ("checked", version, list(vocabulary), tex, display, [t for t, _ in state])
        if cache.get(*key):
            if changes_page(tex):
                state.append((tex, display))
                if page is not None:
                    checker()[0].check(tex, page, display)
            continue
        prove, reader = checker()
        if page is None:  # read the page's definitions so far (all passed when they were cached)
            page = reader.site_page(vocabulary)
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
    """KaTeX HTML for each formula (one Node process for all the page's uncached formulas, and a
    second for their phone layouts). A display formula too wide for a phone comes in two
    variants from the same TeX, the page's and narrow.layout()'s, which the stylesheet shows by
    screen width; the hidden one is display: none, so a screen reader reads one."""
    todo = list(dict.fromkeys((tex, display) for _, tex, display in formulas
                              if cache.get("katex", key, tex, display) is None))
    if todo:
        pieces = sorted({piece for tex, display in todo if display for piece in narrow.measures(tex)})
        results = katex([*todo, *((piece, True) for piece in pieces)])
        wide, widths = results[:len(todo)], {p: out.get("width") for p, out in zip(pieces, results[len(todo):])}
        for (tex, _), out in zip(todo, wide):
            if "error" in out:
                raise BuildError(f"KaTeX cannot render {' '.join(tex.split())!r}: {out['error']}")
        narrow_tex = {(tex, display): narrow.layout(tex, widths) for (tex, display), out in zip(todo, wide)
                      if display and out["width"] > narrow.BUDGET}
        narrow_tex = {item: layout for item, layout in narrow_tex.items() if layout and layout != item[0]}
        narrow_html = dict(zip(narrow_tex, katex([(layout, True) for layout in narrow_tex.values()])))
        for item, out in zip(todo, wide):
            variant = narrow_html.get(item, {})
            if "error" in variant:
                raise BuildError(f"KaTeX cannot render the narrow layout {narrow_tex[item]!r}: {variant['error']}")
            html_out = _variant(out["html"], "wide") + _variant(variant["html"], "narrow") if variant else out["html"]
            cache.put(html_out, "katex", key, *item)
    return [cache.get("katex", key, tex, display) for _, tex, display in formulas]


def katex(batch):
    """[{"html", "width"} or {"error"}] for each (tex, display), from KaTeX (Node)."""
    if not batch:
        return []
    request = json.dumps([{"tex": tex, "display": display} for tex, display in batch])
    with _WORKER["lock"]:
        answer = _ask_worker(request)
    if answer is None:  # the worker died: one run of its own, for the renderer's message
        result = subprocess.run(["node", str(RENDERER)], capture_output=True, text=True, cwd=ROOT, input=request)
        if result.returncode != 0:
            raise BuildError(f"the KaTeX renderer failed: {result.stderr.strip()[-500:]}")
        answer = result.stdout
    return json.loads(answer)


# One Node process renders every batch of this Python process (`mkdocs serve` keeps it across
# rebuilds): starting Node and KaTeX costs 0.2 s, twice for a page with a new formula. It is
# started anew when the render script or KaTeX changed on disk, so a rebuild renders with them as
# they are now, and it ends when this process closes its input (at exit, or with a reloaded module).
_WORKER = {"lock": threading.Lock(), "process": None, "version": None}


def _ask_worker(request):
    """The worker's answer line to one request line, or None when the worker died."""
    version = [RENDERER.stat().st_mtime_ns, (KATEX / "package.json").stat().st_mtime_ns, str(RENDERER)]
    process = _WORKER["process"]
    if process is not None and (process.poll() is not None or _WORKER["version"] != version):
        process.stdin.close()
        process = None
    if process is None:
        process = subprocess.Popen(["node", str(RENDERER), "--lines"], cwd=ROOT, text=True, encoding="utf-8",
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        _WORKER.update(process=process, version=version)
    try:
        process.stdin.write(request + "\n")
        process.stdin.flush()
        answer = process.stdout.readline()
    except (BrokenPipeError, OSError):
        answer = ""
    if not answer:
        _WORKER["process"] = None
        process.kill()
        return None
    return answer


def _variant(display_html, name):
    """KaTeX's display box, marked as the wide or the narrow variant (site.css picks one)."""
    box = '<span class="katex-display">'
    if not display_html.startswith(box):
        raise BuildError(f"unexpected KaTeX display output: {display_html[:80]!r}")
    return f'<span class="katex-display math-{name}">' + display_html[len(box):]


def place(math_html, display):
    """KaTeX's output as it goes into the page: a display formula in a box of its own."""
    return f'<div class="math-display">{math_html}</div>' if display else math_html


def mark(link, reason=None):
    """The mark beside a formula: a check (checked) or a question mark (not machine-checked,
    with the author's reason). Left out of the search index (data-search-exclude) and of a
    copied selection (site.css); its words are for tooltips and screen readers only."""
    if reason is None:
        kind, label, icon = "math-mark", CHECKED_TITLE, CHECK_ICON
    else:
        kind, label, icon = "math-mark math-mark-unchecked", f"{UNCHECKED_TITLE}: {reason}", UNCHECKED_ICON
    label = html.escape(label)
    target = link + ("#what-is-not-checked" if reason is not None else "") if link else None
    tag, href = ("a", f' href="{html.escape(target)}"') if target else ("span", "")
    return (f'<{tag} class="{kind}"{href} title="{label}" data-search-exclude>{icon}'
            f'<span class="math-mark-text">{label}</span></{tag}>')


PUNCTUATION_AFTER = re.compile(r"[.,;:!?)\]]+")  # what a line must not start with, after a formula


def process(page_html, markdown, keys, cache, on_error, stats=None, place=place, link=None, on_unchecked=None,
            vocabulary=(), inline_claims=True):
    """Check and render every formula of a page; returns the page HTML with KaTeX output, each
    formula put in by place(KaTeX HTML, display) with its mark (mark(); `link` is the address
    of the page that explains the checking). A wrong formula goes to on_error(BuildError),
    which raises or returns HTML to show in its place; a formula marked `\\unchecked{reason}`
    goes to on_unchecked(line in `markdown` or None, reason). `keys` is (checker key, renderer
    key); `cache` lives for the whole build, and its owner saves it once (a save writes all of
    it); `vocabulary` is the site's own functions, as := definitions every formula may use
    (reader.site_page); `inline_claims` as for check()."""
    formulas = find(page_html)
    reasons = [unchecked(tex)[1] for _, tex, _ in formulas]
    if on_unchecked and any(r is not None for r in reasons):
        offsets = locate(formulas, markdown)
        for start, reason in zip(offsets, reasons):
            if reason is not None:
                on_unchecked(line_at(markdown, start) if start is not None else None, reason)
    found = check(formulas, markdown, cache, keys[0], stats, vocabulary, inline_claims)
    errors = {i: e for i, e in found.items() if reasons[i] is None}
    replacements = {i: on_error(error) for i, error in errors.items()}
    rendered = iter(render([(m, unchecked(tex)[0], display) for i, (m, tex, display) in enumerate(formulas)
                            if i not in errors], cache, keys[1]))
    out, last = [], 0
    for index, (m, _, display) in enumerate(formulas):
        out.append(page_html[last:m.start()])
        if index in replacements:
            out.append(replacements[index])
        elif display:  # every display formula is a claim: checked, or marked as not
            out.append(f'<div class="math-marked">{place(next(rendered), display)}{mark(link, reasons[index])}</div>')
        else:  # inline, only the marked ones carry a mark (most inline math is no claim)
            formula = place(next(rendered), display) + (mark(link, reasons[index]) if reasons[index] else "")
            # The browser may break a line after KaTeX's inline boxes, which would start the next
            # line with the sentence's full stop: the formula and its punctuation stay together.
            tail = PUNCTUATION_AFTER.match(page_html, m.end())
            if tail:
                out.append(f'<span class="math-nowrap">{formula}{tail.group()}</span>')
                last = tail.end()
                continue
            out.append(formula)
        last = m.end()
    out.append(page_html[last:])
    return "".join(out)
