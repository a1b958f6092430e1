"""What the site search indexes of a formula: one plain-text copy, as a reader would write it.

KaTeX puts each formula in the page three times (MathML for screen readers, the TeX source as
its annotation, the HTML a reader sees), and Material's search would index the three run
together: "s(x)=11+e−xs(x) = \\frac{1}{1+e^{-x}}s(x)=1+e−x1". Instead the KaTeX markup is left
out of the index (`data-search-exclude`) and the index gets this module's copy, made from
KaTeX's MathML, so from the same TeX: "s(x) = 1/(1 + e⁻ˣ)", with Unicode exponents, minus signs
and primes as the page shows them. The copy is `hidden`: not shown, and not read out (screen
readers read the MathML).

Typed queries meet this text in the browser: overrides/assets/javascripts/workers/search-math.js
rewrites e^-x as e⁻ˣ with this module's SUPERSCRIPT table (worker_table() publishes it), and
the `separator` in mkdocs.yml splits both at spaces and at + − = ⋅ but keeps s(x), 1/4 and e⁻ˣ/(1
together.
"""

import html
import json
import re
from functools import lru_cache

# A notebook repeats its page's words: the page should come first. Material's search weighs a
# word in a heading 1000 times one in the text (its title field boost); at 1/1000 a notebook's
# heading counts no more than the page's text, and the notebooks still rank among themselves.
NOTEBOOK_BOOST = 0.001

SUPERSCRIPT = dict(zip("0123456789+−=()abcdefghijklmnoprstuvwxyz",
                       "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
KEEP = set("/|.")  # as they are in an exponent: eˣ/², e⁻|ˣ|
WORKER_TABLE = "assets/javascripts/workers/search-math-table.js"  # beside the search worker shim
SUBSCRIPT = dict(zip("0123456789+−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SPACED = set("=+−⋅·×±∓≈≠<>≤≥∈∉→↦≡∼∝⇒⇔÷")  # binary operators and relations: a + b, a = b
SIGNS = set("+−±∓")  # these are also prefixes: −x, (−e⁻ˣ), x = −
INVISIBLE = {"\u2061", "\u2062", "\u2063"}  # function application, invisible times and comma
APPLY = "\u2061"
CHARACTERS = {"∣": "|", "\u00a0": " "}
SCRIPTS = set(SUPERSCRIPT.values()) | set(SUBSCRIPT.values()) | set("′")
MATH = re.compile(r"<math\b.*?</math>", re.S)
FORMULA = '<span class="math-text" hidden>{text}</span>'
# place()'s boxes of KaTeX markup left out of the index: (opening tag, closing tag).
EXCLUDED = (('<div class="math-display" data-search-exclude>', "</div>"),
            ("<katex-formula data-search-exclude>", "</katex-formula>"))
# What a box's content must not hold for the search plugin to pass it by without a trace: a tag of
# its own name (it would end the exclusion), a heading (it starts a section even when excluded),
# another exclusion, and anything an HTML parser reads other than as plain tags and text.
INDEXED = re.compile(r"<(?:h[1-6]\b|script\b|style\b|object\b|[!?])|data-search-exclude|linenodiv", re.I)


def worker_table():
    """The search worker shim's copy of SUPERSCRIPT and KEEP, as JavaScript: one table for the
    index and the queries."""
    return (f"const SUPERSCRIPT = {json.dumps(SUPERSCRIPT, ensure_ascii=False, sort_keys=True)}\n"
            f"const KEEP = {json.dumps(''.join(sorted(KEEP)))}\n")


def place(math_html, display, text=None):
    """The page HTML for one formula KaTeX rendered: the search copy (`text`, the formula as plain
    text, made here when not given), then KaTeX's output left out of the index. A display formula's
    box is a div; inline, KaTeX's spans are wrapped in an element of their own, because the search
    plugin tracks excluded elements by tag name and would stop excluding at the first nested </span>."""
    copy = FORMULA.format(text=html.escape(plain(math_html) if text is None else text, quote=False))
    if display:
        return f'{copy}<div class="math-display" data-search-exclude>{math_html}</div>'
    return f"{copy}<katex-formula data-search-exclude>{math_html}</katex-formula>"


def light(page_html):
    """The page as the search index reads it, without the KaTeX markup it leaves out: the content
    of every box place() made is dropped, the box itself stays. Material's search plugin parses
    all of a page's HTML, most of it KaTeX (three copies of each formula) that it then skips;
    given this view it makes the same index (tests/test_search_index.py holds the two equal on
    every page) in a fraction of the time. A box whose content could leave a trace in the index
    (INDEXED, a tag of the box's own name, a tag left open) is kept whole."""
    out, last = [], 0
    starts = sorted((m.start(), opening, closing) for opening, closing in EXCLUDED
                    for m in re.finditer(re.escape(opening), page_html))
    for at, opening, closing in starts:
        if at < last:
            continue  # inside a box already passed
        start = at + len(opening)
        end = page_html.find(closing, start)
        if end < 0:
            break
        content = page_html[start:end]
        if INDEXED.search(content) or not _balanced(content, closing[2:-1]):
            continue
        out.append(page_html[last:start])
        last = end
    out.append(page_html[last:])
    return "".join(out)


TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


def _balanced(content, box):
    """True if every < in the content starts a tag, none is named `box`, and every tag it opens it
    closes, in order: the parser leaves the content as it entered it, still excluding."""
    tags = TAG.findall(content)
    if len(tags) != content.count("<"):
        return False
    stack = []
    for closing, name, self_closing in tags:
        name = name.lower()
        if name == box:
            return False
        if closing:
            if not stack or stack.pop() != name:
                return False
        elif not self_closing and name not in VOID:
            stack.append(name)
    return not stack


@lru_cache(maxsize=None)
def plain(math_html):
    """The formula of KaTeX's output as one line of plain text."""
    from bs4 import BeautifulSoup  # only for a formula not rendered before

    found = MATH.search(math_html)
    if not found:
        raise ValueError("no MathML in the KaTeX output")
    math = BeautifulSoup(found.group(0), "html.parser").find("math")
    return tidy(_text(math))


def tidy(text):
    text = re.sub(r"\s*:\s*=\s*", " := ", text)  # KaTeX sets := as two operators, : and =
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"([(\[{]) ", r"\1", text)
    text = re.sub(r" ([)\]},])", r"\1", text)
    return text.strip()


def _children(node):
    return [child for child in node.children if getattr(child, "name", None)]


def _atomic(text):
    """True if `text` needs no parentheses as a numerator, denominator or root: no space or
    slash outside brackets."""
    depth = 0
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        if depth == 0 and char in " /":
            return False
    return True


def _product(text):
    """True if `text` is factors side by side, as 2h or eˣ(1 + e⁻ˣ) (s(x) is a call, not a
    product): as a denominator it needs parentheses, 1/(2h), or it reads as 1/2 times h."""
    depth = 0
    for char, after in zip(text, text[1:]):
        depth += char in "([{"
        depth -= char in ")]}"
        ends_factor = char.isdigit() or char in SCRIPTS or char in ")]}"
        if depth == 0 and ends_factor and (after.isascii() and after.isalnum() or after in "(["):
            return True
    return False


def _script(text, table, mark):
    """x², e⁻ˣ, e⁻|ˣ|, eˣ/² where the characters have Unicode forms (or read well as they are,
    KEEP), else e^(σ)."""
    if any(char in table for char in text) and all(char in table or char in KEEP for char in text):
        return "".join(table.get(char, char) for char in text)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _row(nodes, compact):
    """Children written one after the other, with spaces where a reader puts them."""
    out, after_apply, after_fraction = "", False, False
    for node in nodes:
        text = _text(node, compact)
        if node.name == "mo" and text in INVISIBLE:
            after_apply = after_apply or text == APPLY
            continue
        if not text.strip():
            out += text  # \, and the like
            continue
        last = out.rstrip()[-1:]
        if node.name == "mo" and text in SPACED and not compact:
            unary = text in SIGNS and (not last or last in SPACED or last in "([{,")
            text = text if unary else f" {text} "
        elif node.name == "mo" and text == ",":
            text = ", "
        elif after_apply:
            text = f"({text})" if _fraction(node) else text  # ln(p/(1 − p)), not ln p/(1 − p)
            text = text if text[0] in "([{" else " " + text  # ln s(z)
        elif (last.isalnum() or last in ")]}′") and (text[0].isalnum() or text[0] in "([√") and (
                after_fraction or _fraction(node) or _word(node, text)):
            text = " " + text  # 1/4 sech², d/dx (1 + e⁻ˣ), y ln, 4 cosh²
        out += text
        after_apply, after_fraction = False, _fraction(node)
    return out


def _fraction(node):
    while node.name in ("mstyle", "mrow", "mpadded") and len(_children(node)) == 1:
        node = _children(node)[0]  # \\tfrac is a fraction in an mstyle
    return node.name == "mfrac"


def _word(node, text):
    """A function name such as ln, cosh or softplus (several letters), as opposed to a product
    of one-letter variables."""
    first = node
    while first.name in ("msup", "msub", "msubsup", "mrow") and _children(first):
        first = _children(first)[0]
    return first.name == "mi" and len(first.get_text()) > 1 and text[:2].isalpha()


def _text(node, compact=False):
    name = node.name
    kids = _children(node)
    if name in ("mi", "mn", "mo"):
        text = node.get_text()
        return "".join(CHARACTERS.get(char, char) for char in text)
    if name == "mtext":
        text = node.get_text().replace("\u00a0", " ")
        return f" {text.strip()} " if text.strip() else " "
    if name == "mspace":
        return " "
    if name in ("annotation", "annotation-xml", "mphantom"):
        return ""
    if name == "semantics":
        return _text(kids[0], compact) if kids else ""
    if name == "mfrac":
        top, bottom = (_text(kid, compact) for kid in kids[:2])
        top, bottom = tidy(top), tidy(bottom)
        top = top if _atomic(top) else f"({top})"
        return f"{top}/{bottom if _atomic(bottom) and not _product(bottom) else f'({bottom})'}"
    if name in ("msup", "msub", "msubsup"):
        base = tidy(_text(kids[0], compact))
        scripts = [tidy(_text(kid, True)) for kid in kids[1:]]
        if name == "msup":
            sub, sup = "", scripts[0]
        elif name == "msub":
            sub, sup = scripts[0], ""
        else:
            sub, sup = scripts
        out = base + (_script(sub, SUBSCRIPT, "_") if sub else "")
        if sup and set(sup) <= set("′″‴"):
            return out + sup  # primes: s′, s′′
        return out + (_script(sup, SUPERSCRIPT, "^") if sup else "")
    if name in ("msqrt", "mroot"):
        radicand = tidy(_row(kids[:1] if name == "mroot" else kids, compact))
        radicand = radicand if _atomic(radicand) else f"({radicand})"
        index = _script(tidy(_text(kids[1], True)), SUPERSCRIPT, "^") if name == "mroot" else ""
        return f"{index}√{radicand}"
    if name in ("munder", "mover", "munderover"):
        base = _text(kids[0], compact)
        notes = [tidy(_text(kid, compact)) for kid in kids[1:]]
        notes = [note for kid, note in zip(kids[1:], notes) if note and kid.name != "mo"]  # braces, bars
        return base + "".join(f" ({note})" for note in notes)
    if name == "mtable":
        rows = [" ".join(tidy(_text(cell, compact)) for cell in _children(row)) for row in kids]
        return " " + " ".join(row for row in rows if row.strip()) + " "
    return _row(kids, compact)  # math, mrow, mstyle, mpadded, menclose, mtd and the like
