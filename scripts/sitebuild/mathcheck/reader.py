"""Read the LaTeX that the site displays into SymPy, so the rendered text itself is checked.

SymPy's own parse_latex cannot read this notation (s'(x), \\operatorname{sech}, \\frac{d}{dx},
\\left( \\right)), so this is a small recursive-descent reader for the subset the pages use:

  numbers, variables (x, \\theta, x_1, w_{2}), e, \\pi, \\infty, + - \\cdot \\times / ^,
  \\frac \\dfrac \\tfrac (also \\tfrac14), \\sqrt, ( ) [ ] { } with \\left \\right \\bigl ...,
  |x|, \\underbrace{..}_{..}, \\ln \\log \\exp \\sinh \\cosh \\tanh \\operatorname{sech},
  the site's own functions (site_page: s(x), \\sigma(x), \\operatorname{softplus}(x), declared by
  the site as := definitions) and their primes, \\frac{d}{dx}, \\frac{\\partial L}{\\partial w_1},
  \\lim_{x\\to a}, \\int f\\,dx, \\int_a^b f\\,dx, \\sum_{k=1}^{n}, \\prod_{k=1}^{n}, vectors
  (a, b) and \\mathbf{w} with the dot product \\cdot, functions and values the page defined
  with := (a `Page`), and chains a = b < c \\le d \\approx 0.5 over aligned lines, each line
  possibly followed by a condition (\\quad x > 0, \\text{for all } x \\in \\mathbb{R}).
"""

import re
from dataclasses import dataclass, field

import sympy as sp

# The functions every page knows. A site's own functions (the sigmoid s, softplus...) are not
# here: the site declares them (site_page), so the checker knows no subject by name.
NAMED_FUNCTIONS = {
    r"\ln": sp.log, r"\log": sp.log, r"\exp": sp.exp, r"\lg": lambda x: sp.log(x, 10),
    r"\sin": sp.sin, r"\cos": sp.cos, r"\tan": sp.tan, r"\sec": sp.sec, r"\csc": sp.csc, r"\cot": sp.cot,
    r"\arcsin": sp.asin, r"\arccos": sp.acos, r"\arctan": sp.atan,
    r"\sinh": sp.sinh, r"\cosh": sp.cosh, r"\tanh": sp.tanh, r"\coth": sp.coth,
    "sech": sp.sech, "csch": sp.csch, "erf": sp.erf, "erfc": sp.erfc,  # the last four as \operatorname{...}
}
# f^{-1} after a trigonometric or hyperbolic name is its inverse (\sin^{-1} x is arcsin x), as every
# textbook writes it; f^{2} x is the square of f(x). After \ln, \log or \exp, ^{-1} is refused.
INVERSES = {sp.sin: sp.asin, sp.cos: sp.acos, sp.tan: sp.atan, sp.sec: sp.asec, sp.csc: sp.acsc,
            sp.cot: sp.acot, sp.sinh: sp.asinh, sp.cosh: sp.acosh, sp.tanh: sp.atanh, sp.coth: sp.acoth,
            sp.sech: sp.asech, sp.csch: sp.acsch}
# Notation with one meaning, written another way: arrows in a limit, \mathrm{d} of a differential,
# the spacing commands, \div.
SAME_AS = {r"\rightarrow": r"\to", r"\longrightarrow": r"\to", r"\div": "/", r"\ast": "*"}
# Letters that name an arbitrary function when called, as in the rules of calculus:
# f(g(x)), u'(x), v(x)^2. Elsewhere (u^{-1}, f alone) they are plain variables.
GENERIC_FUNCTIONS = {"f", "g", "h", "u", "v"}
GREEK = {r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\varepsilon", r"\eta", r"\theta", r"\sigma",
         r"\lambda", r"\mu", r"\nu", r"\xi", r"\rho", r"\tau", r"\phi", r"\varphi", r"\chi", r"\psi",
         r"\omega", r"\kappa", r"\zeta",
         # capitals that are letters, not operators (\Phi, the normal distribution; not \Delta, \Sigma, \Pi)
         r"\Phi", r"\Psi", r"\Theta", r"\Lambda", r"\Omega"}
IGNORED = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\displaystyle", "&", r"\limits", r"\thinspace", r"\medspace",
           r"\thickspace", r"\negthinspace", r"\negmedspace", r"\negthickspace", r"\textstyle",
           r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr",
           r"\big", r"\Big", r"\bigg", r"\Bigg"}
DEFINES = {":=", r"\coloneqq"}
ORDER = {"<": "<", ">": ">", r"\le": "<=", r"\leq": "<=", r"\ge": ">=", r"\geq": ">="}
RELATIONS = {"=", r"\neq", r"\ne", r"\approx", *ORDER, *DEFINES}
OPEN = {"(": ")", "[": "]", r"\{": r"\}", r"\lbrack": r"\rbrack"}
BIG_OPERATORS = {r"\lim", r"\int", r"\sum", r"\prod"}

TOKEN = re.compile(r":=|\\[a-zA-Z]+|\\[,;:!{} ]|\d+(?:\.\d+)?|'+|\S")
NOTE = re.compile(r"\\(?:text|tag|label|textrm|mbox)\s*\{")
# Where a line's claim ends and its condition begins: \quad, \qquad or a \text{...} note.
CONDITION_START = re.compile(r"\\q?quad(?![a-zA-Z])|\\text\s*\{|\\mbox\s*\{")


class TexError(ValueError):
    """The LaTeX is outside the subset this module reads."""


@dataclass
class Page:
    """What a page has said so far: functions and values defined with :=, and the domains its
    variables were declared in (`p \\in (0, 1)`). `key` changes with every definition, so a
    cached result is only reused where the same definitions stand before it."""
    functions: dict = field(default_factory=dict)  # name -> sp.Lambda
    values: dict = field(default_factory=dict)     # name -> SymPy expression (or Matrix)
    domains: dict = field(default_factory=dict)    # name -> sp.Interval
    key: tuple = ()
    site: frozenset = frozenset()  # the names the site defined for every page (site_page)


@dataclass
class Formula:
    terms: list           # [(tex, SymPy expression)]
    relations: list       # relations[i] stands between terms[i] and terms[i + 1]
    domains: dict         # symbol -> sp.Interval: the page's declarations and the formula's conditions
    definition: tuple = None  # (name, parameters, tex) when the first relation is :=


def symbol(name):
    return sp.Symbol(name, real=True)


def strip_notes(tex):
    """Remove \\text{...}, \\tag{...} and similar notes (balanced braces), which carry no math. A
    space stands where a note stood, so what was on either side stays apart: `\\quad\\text{for }p`
    is \\quad and p, not a control word \\quadp."""
    out, pos = [], 0
    for m in NOTE.finditer(tex):
        if m.start() < pos:
            continue
        out.append(tex[pos:m.start()])
        pos = _group_end(tex, m.end())
    out.append(tex[pos:])
    return " ".join(out)


def _group_end(tex, i, depth=1):
    while i < len(tex) and depth:
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        i += 1
    return i


def _lines(tex):
    body = re.sub(r"\\(begin|end)\{(aligned|align\*?|gathered|split)\}", "", tex)
    return [line for line in re.split(r"\\\\", body) if line.strip()]


def split_condition(line):
    """(claim, condition) of one line: what follows a top-level \\quad or \\text{...} is a
    condition or a note, such as `\\quad x > 0` or `\\text{for all } x \\in \\mathbb{R}`."""
    lead = re.match(r"(\s*&?\s*)\\q?quad(?![a-zA-Z])(?!\s*\\text\s*\{)", line)
    if lead:  # a \quad that starts a line of math indents it (the narrow layout's steps)
        line = lead.group(1) + line[lead.end():]
    depth = 0
    for m in re.finditer(r"[{}]|" + CONDITION_START.pattern, line):
        if m.group() in "{}":
            depth += 1 if m.group() == "{" else -1
        elif depth > 0:
            depth += m.group().endswith("{")
        else:
            return line[:m.start()], re.sub(r"\\q?quad(?![a-zA-Z])", " ", strip_notes(line[m.start():]))
    return line, ""


def trim(tex):
    """Without the punctuation that ends a sentence: a trailing `.` or `,`."""
    return re.sub(r"(?:\s|\\[,;:! ])*[.,]?(?:\s|\\[,;:! ])*$", "", tex)


def chain_lines(tex):
    """The lines of a formula's chain (aligned or single line), without the notes column
    (whatever follows `&&` says why the step holds) and without conditions."""
    return [trim(split_condition(line.split("&&")[0])[0]) for line in _lines(tex)]


def conditions(tex):
    """The conditions written after the claims of a formula's lines."""
    found = [split_condition(line.split("&&")[0])[1] for line in _lines(tex)]
    return [trim(c) for c in found if c.strip()]


def note_equations(tex):
    """(line number, equation) for every note after `&&` that states an equality, such as
    `\\text{chain rule: } \\tfrac{d}{du}u^{-1} = -u^{-2}`: those are claims too."""
    found = []
    for number, line in enumerate(_lines(tex), 1):
        for note in line.split("&&")[1:]:
            math = trim(strip_notes(note))
            if relations(math):
                found.append((number, " ".join(math.split())))
    return found


def tokens(tex):
    return TOKEN.findall(strip_notes(tex))


def relations(tex):
    """The relation tokens that appear at the top level of a formula."""
    return [t for t, _, _ in _top_level(strip_notes(tex)) if t in RELATIONS or t == r"\coloneqq"]


def _top_level(line):
    """(token, start, end) for the tokens outside any bracket or brace."""
    depth = 0
    for m in TOKEN.finditer(line):
        t = m.group()
        if t in ("(", "[", "{", r"\{", r"\lbrack"):
            depth += 1
        elif t in (")", "]", "}", r"\}", r"\rbrack"):
            depth -= 1
        elif depth == 0:
            yield t, m.start(), m.end()


def split_relations(line):
    """[part, relation, part, relation, part, ...] of one line, split at top-level relations."""
    out, start = [], 0
    for t, begin, end in _top_level(line):
        if t in RELATIONS:
            out += [line[start:begin], t]
            start = end
        elif t == r"\to":
            raise TexError(r"'\to' is read only under a limit, as in \lim_{x\to\infty}")
        elif t == r"\in":
            raise TexError(r"'\in' is read only in a condition, as in \quad x \in \mathbb{R}")
    return out + [line[start:]]


def parse_formula(tex, page=None):
    """Read a whole formula: its chain (possibly over aligned lines) and its conditions."""
    page = page or Page()
    domains = {symbol(k): v for k, v in page.domains.items()}
    for condition in conditions(tex):
        domains.update(parse_condition(condition, page))
    parts, relations_ = [], []
    for number, line in enumerate(chain_lines(tex), 1):
        pieces = split_relations(line)
        if not _Reader(pieces[0], page).tokens:
            if not parts:
                raise TexError(f"line {number} starts with a relation but nothing comes before it")
            if len(pieces) == 1:
                continue
            pieces = pieces[1:]
        elif parts:
            raise TexError(f"line {number} does not start with a relation (write '&= ...')")
        else:
            parts.append(pieces.pop(0).strip())
        for relation, piece in zip(pieces[::2], pieces[1::2]):
            relations_.append(relation)
            parts.append(piece.strip())
    definition = None
    if relations_ and relations_[0] in DEFINES:
        definition = definition_head(parts[0])
        if any(r in DEFINES for r in relations_[1:]):
            raise TexError("only the first relation of a formula can be ':='")
    elif any(r in DEFINES for r in relations_):
        raise TexError("':=' defines what stands on its left: write it first, as in t(x) := ...")
    terms = [(part, None) for part in parts[:1]] if definition else []
    terms += [(part, parse_expression(part, page)) for part in parts[len(terms):]]
    return Formula(terms, relations_, domains, definition)


def definition_head(tex):
    """`t(x)`, `L(w_1, w_2)`, `z` or `\\mathbf{w}` on the left of := : (name, [parameters])."""
    reader = _Reader(tex, Page())
    name = reader.name()
    if name is None:
        raise TexError(f"cannot define {tex.strip()!r}: write a name, as in t(x) := ...")
    parameters = []
    if reader.peek() == "(":
        reader.take()
        while True:
            parameter = reader.name()
            if parameter is None:
                raise TexError(f"the parameters of {name} must be names, in {tex.strip()!r}")
            parameters.append(symbol(parameter))
            if reader.take() == ")":
                break
    if reader.peek() is not None:
        raise TexError(f"cannot define {tex.strip()!r}: write a name, as in t(x) := ...")
    return name, parameters, tex


def define(page, head, value_tex):
    """Record a definition on the page (for the formulas that follow)."""
    name, parameters, _ = head
    if name in page.site or name in NAMED_FUNCTIONS or name in ("e", r"\pi"):
        raise TexError(f"{name} already has a meaning on every page; define another name")
    if name in page.functions or name in page.values:
        raise TexError(f"{name} is already defined on this page")
    inside = Page(page.functions, {k: v for k, v in page.values.items() if symbol(k) not in parameters})
    value = parse_expression(value_tex, inside)
    if parameters:
        page.functions[name] = sp.Lambda(tuple(parameters), value)
    else:
        page.values[name] = value
    page.key = page.key + ((name, value_tex),)


def site_page(definitions):
    """A Page that knows a site's own functions, declared once by the site as := definitions
    (`s(x) := \\frac{1}{1+e^{-x}}`, `\\operatorname{softplus}(x) := \\ln\\left(1+e^{x}\\right)`):
    every page of the site starts from it, and none may define those names again."""
    page = Page()
    for tex in definitions:
        if not re.search(r":=|\\coloneqq", tex):
            raise TexError(f"the site's vocabulary holds definitions only, as in s(x) := ..., not {tex!r}")
        formula = parse_formula(tex, page)
        if formula.definition is None or len(formula.relations) != 1:
            raise TexError(f"the site's vocabulary holds definitions only, as in s(x) := ..., not {tex!r}")
        define(page, formula.definition, formula.terms[1][0])
    page.site = frozenset(page.functions) | frozenset(page.values)
    return page


SETS = {r"\mathbb{R}": sp.Reals, r"\mathbb{R}_{>0}": sp.Interval.open(0, sp.oo),
        r"\mathbb{R}^{+}": sp.Interval.open(0, sp.oo)}


def parse_condition(tex, page):
    """{symbol: interval} from `x \\in \\mathbb{R}`, `p \\in (0, 1)`, `x > 0`, `0 < p < 1`; a
    condition with no math (a \\text{} note alone) says nothing."""
    compact = "".join(tex.split())
    if not compact:
        return {}
    m = re.fullmatch(r"(.+?)\\in(.+)", compact)
    if m:
        names, where = m.group(1).split(","), m.group(2)
        listed = re.fullmatch(r"\\\{(.+)\\\}", where)
        if where in SETS:
            interval = SETS[where]
        elif listed:
            interval = sp.FiniteSet(*(parse_expression(v, page) for v in listed.group(1).split(",")))
        else:
            bounds = re.fullmatch(r"(\(|\[)(.+),(.+)(\)|\])", where)
            if not bounds:
                raise TexError(f"cannot read the set in {tex.strip()!r}: write \\mathbb{{R}} or an interval (a, b)")
            low, high = (parse_expression(b, page) for b in bounds.group(2, 3))
            interval = sp.Interval(low, high, bounds.group(1) == "(", bounds.group(4) == ")")
        return {symbol(_Reader(n, page).name() or n): interval for n in names}
    pieces = split_relations(tex)
    if len(pieces) not in (3, 5) or any(r not in ORDER for r in pieces[1::2]):
        raise TexError(f"cannot read the condition {tex.strip()!r}: write x > 0, a < x < b or x \\in (a, b)")
    names = [p for p in pieces[::2] if _Reader(p, page).is_name()]
    if len(names) != 1:
        raise TexError(f"the condition {tex.strip()!r} must bound one variable")
    var = symbol(_Reader(names[0], page).name())
    interval = sp.Reals
    for left, rel, right in zip(pieces[::2], pieces[1::2], pieces[2::2]):
        strict, op = ORDER[rel] in "<>", ORDER[rel][0]
        if left is names[0]:
            bound = parse_expression(right, page)
            part = sp.Interval(-sp.oo, bound, True, strict) if op == "<" else sp.Interval(bound, sp.oo, strict, True)
        else:
            bound = parse_expression(left, page)
            part = sp.Interval(bound, sp.oo, strict, True) if op == "<" else sp.Interval(-sp.oo, bound, True, strict)
        interval = interval.intersect(part)
    return {var: interval}


def parse_chain(tex, page=None):
    """The terms of `a = b = c` (possibly over several aligned lines) as [(tex, SymPy)]."""
    return parse_formula(tex, page).terms


def parse_expression(tex, page=None):
    return _Reader(tex, page or Page()).read_all()


class _Reader:
    def __init__(self, tex, page, bound=()):
        self.tex = tex
        self.page = page
        self.bound = set(bound)  # index variables of an enclosing \sum or \prod
        self.tokens = self._drop_ignored(tokens(tex))
        self.pos = 0

    @staticmethod
    def _drop_ignored(tokens):
        out, prev, i = [], None, 0
        while i < len(tokens):
            t = tokens[i]
            i += 1
            if t == "." and prev in (r"\left", r"\right"):
                prev = t
                continue  # \left. is an invisible delimiter
            if t in (r"\mathrm", r"\mathit") and tokens[i:i + 1] == ["{"] and "}" in tokens[i:]:
                end = tokens.index("}", i)  # \mathrm{d}x is dx; \mathit{x} is x
                tokens = tokens[:i - 1] + tokens[i + 1:end] + tokens[end + 1:]
                i -= 1
                continue
            t = SAME_AS.get(t, t)
            if t not in IGNORED:
                out.append(t)
            prev = t
        return out

    def split_digits(self):
        """TeX reads a one-token argument as one character: \frac1234 is \frac{1}{2}34 and x^23 is
        x^{2}3, so a number standing for a one-token argument gives up its first digit only."""
        t = self.peek()
        if t is not None and len(t) > 1 and re.fullmatch(r"\d+(\.\d+)?", t):
            self.tokens[self.pos:self.pos + 1] = [t[0], t[1:]]

    # -- token helpers ------------------------------------------------------------------------
    def peek(self, ahead=0):
        i = self.pos + ahead
        return self.tokens[i] if i < len(self.tokens) else None

    def take(self, expected=None):
        t = self.peek()
        if t is None or (expected is not None and t != expected):
            want = f"'{expected}'" if expected else "more"
            raise TexError(f"expected {want} but found {t or 'the end'!r} in {self.tex.strip()!r}")
        self.pos += 1
        return t

    def group_tokens(self):
        """The raw tokens of a {...} group (or a single token, one digit of a number)."""
        if self.peek() != "{":
            self.split_digits()
            return [self.take()]
        self.take("{")
        depth, out = 1, []
        while True:
            t = self.take()
            depth += (t == "{") - (t == "}")
            if depth == 0:
                return out
            out.append(t)

    def sub_reader(self, tokens, bound=()):
        r = _Reader("", self.page, self.bound | set(bound))
        r.tex, r.tokens = " ".join(tokens), tokens
        return r

    def read_group(self):
        return self.sub_reader(self.group_tokens()).read_all()

    def name(self):
        """A variable's name at this point (x, \\theta, x_1, w_{2}, \\mathbf{w}), taken; or None."""
        t = self.peek()
        if t == r"\mathbf":
            self.take()
            return r"\mathbf{" + "".join(self.group_tokens()) + "}"
        if t == r"\operatorname":  # a function's name, as a site declares \operatorname{softplus}(x)
            self.take()
            return "".join(self.group_tokens())
        if t is None or not (re.fullmatch(r"[a-zA-Z]", t) or t in GREEK):
            return None
        self.take()
        if self.peek() == "_":
            self.take()
            index = "".join(self.group_tokens())
            return f"{t}_{index}" if index not in self.bound else (t, index)
        return t

    def is_name(self):
        start = self.pos
        found = self.name() is not None and self.peek() is None
        self.pos = start
        return found

    # -- grammar ------------------------------------------------------------------------------
    def read_all(self):
        if not self.tokens:
            raise TexError("one side of a relation is empty")
        value = self.expr()
        if self.peek() is not None:
            raise TexError(f"cannot read {self.peek()!r} in {self.tex.strip()!r}")
        return value

    def expr(self):
        value = self.term()
        while self.peek() in ("+", "-"):
            sign = self.take()
            rhs = self.term()
            value = value + rhs if sign == "+" else value - rhs
        return value

    def term(self):
        value = self.factor()
        while True:
            t = self.peek()
            if t in (r"\cdot", r"\times", "*"):
                self.take()
                value = multiply(value, self.factor(), dot=t == r"\cdot")
            elif t == "/":
                self.take()
                start = self.pos
                value = value / self.factor()
                following = self.peek()
                if following is not None and self.starts_atom(following):  # a/bc: a/(bc) or (a/b)c?
                    below = " ".join(self.tokens[start:self.pos])
                    raise TexError(f"/{below} {following} has two readings, /({below} {following}) and "
                                   f"(/{below})\\,{following}: write the denominator in parentheses or use "
                                   f"\\frac, in {self.tex.strip()!r}")
            elif t is not None and self.starts_atom(t):
                value = multiply(value, self.factor())
            else:
                return value

    def factor(self):
        if self.peek() == "-":
            self.take()
            return -self.factor()
        if self.peek() == "+":
            self.take()
            return self.factor()
        if self.peek() in BIG_OPERATORS:
            return self.big_operator()
        return self.power()

    def power(self):
        base = self.atom()
        while self.peek() in ("^", "!"):
            if self.take() == "!":
                base = sp.factorial(base)
            else:
                base = base ** self.exponent()
        return base

    def exponent(self):
        if self.peek() == "{":
            return self.read_group()
        self.split_digits()
        return self.atom()

    @staticmethod
    def starts_atom(t):
        return (t[0].isalnum() or t in ("(", "[", "{", r"\{", r"\lbrack", r"\lvert")
                or t in (r"\frac", r"\dfrac", r"\tfrac", r"\sqrt", r"\sigma", r"\pi", r"\mathbf",
                         r"\operatorname", r"\underbrace", r"\infty", r"\binom", r"\lfloor", r"\lceil",
                         r"\min", r"\max")
                or t in NAMED_FUNCTIONS or t in GREEK or t in BIG_OPERATORS)

    def atom(self):
        t = self.peek()
        if t is None:
            raise TexError(f"expression ends too early in {self.tex.strip()!r}")
        if re.fullmatch(r"\d+(\.\d+)?", t):
            self.take()
            return sp.Rational(t)
        if t == "(" and self.is_vector():
            return self.vector()
        if t in OPEN:
            self.take()
            inner = self.expr()
            self.take(OPEN[t])
            return inner
        if t == "{":
            return self.read_group()
        if t in ("|", r"\lvert"):
            self.take()
            inner = self.expr()
            self.take("|" if t == "|" else r"\rvert")
            return sp.Abs(inner)
        if t in (r"\frac", r"\dfrac", r"\tfrac"):
            return self.fraction()
        if t == r"\sqrt":
            self.take()
            if self.peek() == "[":  # \sqrt[3]{x}: the real cube root, as on a calculator
                self.take()
                n = self.sub_reader(self.tokens_until("]")).read_all()
                return sp.real_root(self.read_group(), n) if n.is_odd else sp.root(self.read_group(), n)
            return sp.sqrt(self.read_group())
        if t == r"\binom":
            self.take()
            return sp.binomial(self.read_group(), self.read_group())
        if t in (r"\lfloor", r"\lceil"):
            self.take()
            inner = self.expr()
            self.take(r"\rfloor" if t == r"\lfloor" else r"\rceil")
            return (sp.floor if t == r"\lfloor" else sp.ceiling)(inner)
        if t in (r"\min", r"\max"):
            self.take()
            return (sp.Min if t == r"\min" else sp.Max)(*self.items())
        if t == r"\underbrace":
            self.take()
            inner = self.read_group()
            if self.peek() == "_":
                self.take()
                self.group_tokens()  # the label under the brace is a note
            return inner
        if t == r"\pi":
            self.take()
            return sp.pi
        if t == r"\infty":
            self.take()
            return sp.oo
        if t in NAMED_FUNCTIONS or t == r"\operatorname":
            return self.function_call()
        if t in self.page.functions or (t in GENERIC_FUNCTIONS and (
                self.peek(1) in OPEN or (self.peek(1) or "").startswith("'"))):
            return self.call()
        if re.fullmatch(r"[a-zA-Z]", t) and (self.peek(1) or "").startswith("'"):
            raise TexError(f"{t}{self.peek(1)} is the derivative of a function {t} that this page has not "
                           f"defined: define it first, as in {t}(x) := ...")
        start = self.pos
        name = self.name()
        if name is not None:
            if name == "e":
                return sp.E
            if isinstance(name, tuple):  # z_k under \prod_{k=...}
                return sp.Indexed(sp.IndexedBase(name[0], real=True), symbol(name[1]))
            if self.peek() == "(" and self.pos == start + 1 and name not in self.page.values:
                self.check_not_a_call(name)
            return self.page.values.get(name, symbol(name))
        raise TexError(f"cannot read {t!r} in {self.tex.strip()!r}")

    def check_not_a_call(self, name):
        """`x(1-x)` is a product, but `t(x)` or `t(0)` reads as a call of a function t that the page
        has not defined: an error rather than a guess. A product names its letter inside."""
        depth, inside = 0, []
        for t in self.tokens[self.pos:]:
            depth += (t == "(") - (t == ")")
            if depth == 0:
                break
            inside.append(t)
        if name not in inside[1:]:
            argument = " ".join(inside[1:])
            raise TexError(f"{name}({argument}) reads as a function call, but {name} is not a function this page "
                           f"defined: define it first, as in {name}(x) := ..., or write {name}\\cdot({argument}) "
                           f"for a product")

    def tokens_until(self, end):
        """The tokens up to `end` (taken, not returned)."""
        start = self.pos
        while self.peek() not in (end, None):
            self.pos += 1
        self.take(end)
        return self.tokens[start:self.pos - 1]

    def is_vector(self):
        depth = 0
        for t in self.tokens[self.pos:]:
            depth += (t in ("(", "[", "{")) - (t in (")", "]", "}"))
            if depth == 0:
                return False
            if depth == 1 and t == ",":
                return True
        return False

    def items(self):
        """(a, b, ...): the values in parentheses, separated by commas."""
        self.take("(")
        items = [self.expr()]
        while self.peek() == ",":
            self.take()
            items.append(self.expr())
        self.take(")")
        return items

    def vector(self):
        return sp.Matrix(self.items())

    def fraction(self):
        self.take()
        num, den = self.group_tokens(), self.group_tokens()
        operator = self.derivative_operator(num, den)
        if operator:
            var, order, function = operator
            if function:
                return sp.Derivative(self.sub_reader(function).read_all(), (var, order))
            start = self.pos
            target = self.power()
            following = self.peek()
            if following is not None and self.starts_atom(following):  # d/dx x s(x): of x, or of x s(x)?
                first = " ".join(self.tokens[start:self.pos])
                raise TexError(f"a derivative of {first} {following}... has two readings, of the product "
                               f"or of {first} alone: put what is differentiated in parentheses, in "
                               f"{self.tex.strip()!r}")
            return sp.Derivative(target, (var, order))
        return (self.sub_reader(num).read_all()) / (self.sub_reader(den).read_all())

    def derivative_operator(self, num, den):
        """\\frac{d}{dx}, \\frac{d^2}{dx^2}, \\frac{\\partial}{\\partial z}, \\frac{dL}{d\\theta},
        \\frac{\\partial L}{\\partial w_1}: (variable, order, tokens of what is differentiated)."""
        if not num or not den or num[0] not in ("d", r"\partial") or den[0] != num[0]:
            return None
        order, function = 1, num[1:]
        if function[:1] == ["^"]:  # d^2 or d^{2}
            end = function.index("}") + 1 if function[1:2] == ["{"] and "}" in function else 2
            written = "".join(function[1:end]).strip("{}")
            if not written.isdigit():
                raise TexError(f"the order of \\frac{{{''.join(num)}}}{{{''.join(den)}}} is not a whole number")
            order, function = int(written), function[end:]
        denominator = self.sub_reader(den[1:])
        name = denominator.name()
        if name is None or isinstance(name, tuple):
            return None
        if denominator.peek() == "^":
            denominator.take()
            if int("".join(denominator.group_tokens())) != order:
                raise TexError(f"derivative orders differ in \\frac{{{''.join(num)}}}{{{''.join(den)}}}")
        elif order != 1:
            raise TexError(f"derivative orders differ in \\frac{{{''.join(num)}}}{{{''.join(den)}}}")
        if denominator.peek() is not None:
            return None
        if name in self.page.values:
            raise TexError(f"cannot differentiate with respect to {name}, which this page defined as a value")
        return symbol(name), order, function

    def primes(self):
        if self.peek() and self.peek().startswith("'"):
            return len(self.take())
        if self.peek() == "^" and self.peek(1) == "{" and self.peek(2) == r"\prime":
            self.pos += 3
            count = 1
            while self.peek() == r"\prime":
                self.take()
                count += 1
            self.take("}")
            return count
        return 0

    def argument(self, name):
        if self.peek() not in OPEN:
            raise TexError(f"write {name}(x) with its argument in parentheses, in {self.tex.strip()!r}")
        if self.peek() == "(" and self.is_vector():
            return list(self.vector())
        return [self.atom()]

    def call(self):
        """t(x) defined on the page, or f(x), f'(x), f''(g(x)) for an arbitrary function: its
        derivatives taken at the argument."""
        name = self.take()
        order = self.primes()
        args = self.argument(name + "'" * order)
        fn = self.page.functions.get(name) or sp.Function(name, real=True)
        if order == 0:
            return fn(*args)
        if len(args) != 1:
            raise TexError(f"{name}' takes one argument; write partial derivatives with \\partial")
        t = sp.Dummy("t", real=True)
        derivative = sp.Derivative(fn(t), (t, order))
        if name in self.page.functions:
            return derivative.doit().subs(t, args[0])
        return sp.Subs(derivative, t, args[0])

    def function_call(self):
        """\\sin x, \\ln(1+x), \\log_2 x, \\sin^2 x (the square of \\sin x), \\sin^{-1} x (arcsin x),
        \\operatorname{softplus}(x). An argument without parentheses is one factor: a letter or
        number right after it would make two readings (\\ln xy: ln(xy) or y ln x), and is refused."""
        name = self.take()
        shown = name
        if name == r"\operatorname":
            name = "".join(self.group_tokens())
            shown = f"\\operatorname{{{name}}}"
            if "\\" + name in NAMED_FUNCTIONS:
                name = "\\" + name  # \operatorname{sin} is \sin
            elif name not in NAMED_FUNCTIONS and name not in self.page.functions:
                raise TexError(f"unknown function {shown} in {self.tex.strip()!r}: "
                               f"declare the site's own functions with := in its vocabulary (site_page)")
        fn = NAMED_FUNCTIONS.get(name) or self.page.functions[name]
        base = power = None
        while self.peek() in ("_", "^"):
            if self.take() == "_":
                if name != r"\log":
                    raise TexError(f"{shown} takes no subscript, in {self.tex.strip()!r}")
                base = self.sub_reader(self.group_tokens()).read_all()
            else:
                power = self.exponent()
        if power == -1:
            if fn not in INVERSES:
                raise TexError(f"{shown}^{{-1}} is ambiguous (the inverse function, or 1/{shown}): write "
                               f"the inverse by its name or 1/{shown}(x), in {self.tex.strip()!r}")
            fn, power = INVERSES[fn], None
        bare = self.peek() not in OPEN
        start = self.pos
        arg = self.power() if bare else self.atom()
        following = self.peek()
        if bare and following is not None and self.starts_atom(following) and not (
                following in NAMED_FUNCTIONS or following in self.page.functions or following in BIG_OPERATORS
                or following in (r"\operatorname", r"\frac", r"\dfrac", r"\tfrac")):
            argument = " ".join(self.tokens[start:self.pos])
            rest = " ".join(self.tokens[self.pos:self.pos + 1])
            raise TexError(f"{shown} {argument} {rest} has two readings, {shown}({argument} {rest}) and "
                           f"{rest}\\,{shown} {argument}: write the argument in parentheses, in {self.tex.strip()!r}")
        value = sp.log(arg, base) if base is not None else fn(arg)
        return value ** power if power is not None else value

    # -- limits, integrals, sums and products ---------------------------------------------------
    def limits(self):
        """The _{...} and ^{...} after a big operator, in either order: (lower tokens, upper tokens)."""
        lower = upper = None
        while self.peek() in ("_", "^"):
            which = self.take()
            if which == "_":
                lower = self.group_tokens()
            else:
                upper = self.group_tokens()
        return lower, upper

    def big_operator(self):
        kind = self.take()
        lower, upper = self.limits()
        if kind == r"\lim":
            return self.limit(lower)
        if kind == r"\int":
            return self.integral(lower, upper)
        if not lower or "=" not in lower or upper is None:
            raise TexError(f"write {kind}_{{k=1}}^{{n}} with the index, its start and its end, in {self.tex.strip()!r}")
        at = lower.index("=")
        index = self.sub_reader(lower[:at]).name()
        if index is None or isinstance(index, tuple):
            raise TexError(f"the index of {kind} must be a name, in {self.tex.strip()!r}")
        start, end = self.sub_reader(lower[at + 1:]).read_all(), self.sub_reader(upper).read_all()
        body = self.sub_reader(self.rest_of_term(), bound=[index]).read_all()
        k = symbol(index)
        return (sp.Sum if kind == r"\sum" else sp.Product)(body, (k, start, end))

    def rest_of_term(self):
        """The tokens up to the next top-level + or - (a big operator's body)."""
        depth, start = 0, self.pos
        while self.peek() is not None:
            t = self.peek()
            depth += (t in ("(", "[", "{", r"\{")) - (t in (")", "]", "}", r"\}"))
            if depth < 0 or depth == 0 and t in ("+", "-", ",") and self.pos > start:
                break
            self.pos += 1
        return self.tokens[start:self.pos]

    def limit(self, lower):
        if not lower or r"\to" not in lower:
            raise TexError(f"write \\lim_{{x\\to a}}, in {self.tex.strip()!r}")
        at = lower.index(r"\to")
        var = self.sub_reader(lower[:at]).name()
        target = lower[at + 1:]
        direction = "+-"
        if len(target) >= 2 and target[-2] == "^" and target[-1] in "+-":
            direction, target = target[-1], target[:-2]
        elif target[-4:-1] == ["^", "{", "+"] or target[-4:-1] == ["^", "{", "-"]:
            direction, target = target[-2], target[:-4]
        point = self.sub_reader(target).read_all()
        if point in (sp.oo, -sp.oo):
            direction = "-" if point == sp.oo else "+"
        body = self.sub_reader(self.rest_of_term()).read_all()
        return sp.Limit(body, symbol(var), point, direction)

    def integral(self, lower, upper):
        if (self.peek() in (r"\frac", r"\dfrac", r"\tfrac") and self.peek(1) == "{" and self.peek(2) == "d"
                and self.peek(4) == "}"):  # \int \frac{dz}{z}: the differential on top
            self.take()
            top, bottom = self.group_tokens(), self.group_tokens()
            body, var = 1 / self.sub_reader(bottom).read_all(), symbol(self.sub_reader(top[1:]).name())
        else:
            depth, start = 0, self.pos
            while True:
                t = self.peek()
                if t is None:
                    raise TexError(f"an integral needs its variable, as in \\int f(x)\\,dx, in {self.tex.strip()!r}")
                depth += (t in ("(", "[", "{", r"\{")) - (t in (")", "]", "}", r"\}"))
                if depth == 0 and t == "d" and re.fullmatch(r"[a-zA-Z]|\\[a-z]+", self.peek(1) or ""):
                    break
                self.pos += 1
            # \int_0^1 dx: nothing before the differential is the integrand 1
            body = self.sub_reader(self.tokens[start:self.pos]).read_all() if self.pos > start else sp.Integer(1)
            self.take("d")
            var = symbol(self.name())
        if (lower is None) != (upper is None):
            raise TexError(f"a definite integral needs both bounds, in {self.tex.strip()!r}")
        if lower is None:
            return sp.Integral(body, var)
        return sp.Integral(body, (var, self.sub_reader(lower).read_all(), self.sub_reader(upper).read_all()))


def multiply(a, b, dot=False):
    """a times b; two vectors joined by \\cdot make their dot product."""
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        if not dot or a.shape != b.shape:
            raise TexError("vectors multiply only by a dot product of the same length: write a \\cdot b")
        return a.dot(b)
    return a * b
