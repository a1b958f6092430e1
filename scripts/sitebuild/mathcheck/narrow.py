"""The narrow layout of a display formula, for phones: the same TeX, laid out to fit 375 px.

A derivation laid out for a wide page (each step's reason after `&&`, several `=` on a line) is
wider than a phone. This module rewrites its TeX for narrow screens: each step's reason goes on
a line of its own under the step, and a line that is still too long is broken before an `=`.
Only the layout changes: the chain's terms are the original TeX's, character for character, and
a reason's words and math are kept inside one `\\text{}` (math in `$...$`), so the narrow TeX
reads as the same chain (the math checker ignores `\\text{}`). The build checks the original TeX;
KaTeX renders both and the page's stylesheet shows one (page_math.render, site.css).

Widths come from KaTeX (katex_render.js measures each piece in ems of the formula's font), so
a line is broken only where it would not fit.
"""

import re

# The content column of a 375 px screen (Material: 375 px less two 16 px margins), less the check
# mark beside each display formula (site.css: a 1.1em icon and a 0.2em gap, at 16 px), in ems of a
# display formula's font (KaTeX's 1.21 x Material's 16 px text), less 3 % for what the width
# estimate leaves out (italic corrections).
BUDGET = (343 - 1.3 * 16) / (16 * 1.21) * 0.97
INDENTS = [(r"\quad", 1.0), ("", 0.0)]  # of the steps under a left side that has a line of its own

ALIGNED = re.compile(r"\s*\\begin\{aligned\}(.*)\\end\{aligned\}\s*", re.S)
TOKEN = re.compile(r":=|\\[a-zA-Z]+|\\.|\s+|.", re.S)  # := is one relation, not a colon and an =
OPEN = {"{", "(", "[", r"\{", r"\lbrack"}
CLOSE = {"}", ")", "]", r"\}", r"\rbrack"}
TEXT = re.compile(r"\\text\s*\{")
DISPLAY = "\\displaystyle "  # a reason's math keeps the display style it has in the wide layout


def split(tex, separator):
    """`tex` cut at every `separator` token (=, &, \\\\) outside brackets and \\left...\\right."""
    parts, depth, start, skip = [], 0, 0, False
    for m in TOKEN.finditer(tex):
        token = m.group()
        if skip and not token.isspace():  # the delimiter after \left or \right
            skip = False
            continue
        if token in (r"\left", r"\right"):
            depth += 1 if token == r"\left" else -1
            skip = True
        elif token in OPEN:
            depth += 1
        elif token in CLOSE:
            depth -= 1
        elif token == separator and depth == 0:
            parts.append(tex[start:m.start()])
            start = m.end()
    parts.append(tex[start:])
    return parts


def rows(tex):
    """[(left side, [pieces], reason)] of a chain: each piece is `= term` (the first one keeps
    what stands before its `=`); None for a formula that is not a chain of this shape."""
    found = ALIGNED.fullmatch(tex)
    if found:
        lines = [line for line in split(found.group(1), "\\\\") if line.strip()]
    elif len(split(tex, "&")) > 1 or len(split(tex, "\\\\")) > 1:
        return None
    else:
        lines = [tex]
    out = []
    for line in lines:
        cells = split(line, "&") if found else _first_relation(line)
        if found and len(cells) == 1:
            cells = ["", cells[0]]
        left, right = cells[0].strip(), cells[1]
        reason = " ".join(cell.strip() for cell in cells[2:] if cell.strip())
        terms = split(right, "=")
        pieces = [f"= {term.strip()}" for term in terms[1:]]
        head = terms[0].strip()
        if head and pieces:
            pieces[0] = f"{head} {pieces[0]}"
        elif head:
            pieces = [head]
        out.append((left, pieces, reason))
    return out


def _first_relation(line):
    terms = split(line, "=")
    return [terms[0], "".join("=" + term for term in terms[1:])]


def reason_parts(reason):
    """A reason's words and math, the math cut before each `=`: the places where a reason
    too long for one line may be broken. Each part is text-mode TeX (math in `$...$`)."""
    parts, pos = [], 0
    for m in TEXT.finditer(reason):
        if m.start() < pos:
            continue
        end = _group_end(reason, m.end())
        parts += _math(reason[pos:m.start()]) + [reason[m.end():end - 1].strip()]
        pos = end
    return [part for part in parts + _math(reason[pos:]) if part]


def reason_tex(parts):
    """A reason's line: indented under its step, smaller than the math, one \\text{}; parts
    of one formula side by side are joined again into one."""
    text = ""
    for part in parts:
        joined = text.endswith("$") and part.startswith("$")
        text = f"{text[:-1]} {part[1:].removeprefix(DISPLAY)}" if joined else f"{text} {part}".strip()
    return r"\quad\text{\small " + text + "}"


def _math(tex):
    terms = split(tex, "=") if tex.strip() else []
    return [f"${DISPLAY}{'{}= ' if i else ''}{term.strip()}$" for i, term in enumerate(terms)]


def _group_end(tex, start):
    """The offset just after the `}` that closes the group opened before `start`."""
    depth, i = 1, start
    while i < len(tex) and depth:
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        i += 1
    return i


def measures(tex):
    """The TeX pieces whose widths layout() needs, each as it sits in its column."""
    found = rows(tex) or []
    wanted = set()
    for left, pieces, reason in found:
        parts = reason_parts(reason)
        wanted |= {left, *("{}" + piece for piece in pieces)}
        wanted |= {"{}" + reason_tex(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
    return sorted(wanted)


def layout(tex, width):
    """The narrow TeX of `tex`, or None when it has no narrow form. `width` maps each piece of
    measures(tex) to its width in ems. The steps stay aligned at `=` when that fits; else the
    left side gets a line of its own and the steps go under it."""
    found = rows(tex)
    if not found or any(width.get(piece) is None for piece in measures(tex)):
        return None
    column = max(width[left] for left, _, _ in found)
    candidates = [_lines(found, width, column, "&")]
    if [left for left, _, _ in found if left] == [found[0][0]]:  # one left side, on the first row
        unaligned = [("", pieces, reason) for _, pieces, reason in found]
        for indent, shift in INDENTS:
            lines, widest = _lines(unaligned, width, shift, f"& {indent}".rstrip())
            candidates.append(([f"& {found[0][0]}", *lines], max(widest, width[found[0][0]])))
    fitting = [c for c in candidates if c[1] <= BUDGET]
    lines, _ = fitting[0] if fitting else min(candidates, key=lambda c: c[1])
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def _lines(found, width, column, start):
    """([line], widest) for the rows: each row's pieces packed into lines that fit beside the
    left column (`column` ems), each reason on lines of its own under its step."""
    lines, widest, room = [], 0.0, BUDGET - column
    for left, pieces, reason in found:
        steps = _pack(pieces, lambda line: sum(width["{}" + piece] for piece in line), room)
        for number, (line, used) in enumerate(steps):
            head = f"{left} &" if number == 0 and left else start
            lines.append(f"{head} {' '.join(line)}")
            widest = max(widest, column + used)
        for line, used in _pack(reason_parts(reason), lambda line: width["{}" + reason_tex(line)], room):
            lines.append(f"{start} {reason_tex(line)}")
            widest = max(widest, column + used)
    return lines, widest


def _pack(items, cost, room):
    """Greedy line breaking: [(items of a line, its width)], each line as long as fits in
    `room` ems (one item at least)."""
    out, i = [], 0
    while i < len(items):
        j = i + 1
        while j < len(items) and cost(items[i:j + 1]) <= room:
            j += 1
        out.append((items[i:j], cost(items[i:j])))
        i = j
    return out
