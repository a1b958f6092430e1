"""Read the LaTeX that the site displays into SymPy, so the rendered text itself is checked.

SymPy's own parse_latex cannot read this notation (s'(x), \\operatorname{sech}, \\frac{d}{dx},
\\left( \\right)), so this is a small recursive-descent reader for the subset the pages use:

  numbers, one-letter variables, e, \\pi, + - \\cdot \\times / ^, \\frac \\dfrac \\tfrac, \\sqrt,
  ( ) [ ] { } with \\left \\right \\bigl \\bigr ..., |x|, \\underbrace{..}_{..},
  s(x), \\sigma(x) and their primes s'(x), s''(x), ..., \\ln \\log \\exp \\sinh \\cosh \\tanh,
  \\operatorname{sech|softplus|logit}, \\frac{d}{dx} and \\frac{\\partial}{\\partial z} applied to
  what follows, and aligned chains a &= b \\\\ &= c with \\text{...} notes.
"""

import re

import sympy as sp
from sigmoid import definitions

NAMED_FUNCTIONS = {
    r"\ln": sp.log, r"\log": sp.log, r"\exp": sp.exp,
    r"\sinh": sp.sinh, r"\cosh": sp.cosh, r"\tanh": sp.tanh,
    "sech": sp.sech, "softplus": definitions.softplus, "logit": definitions.logit,
}
SIGMOID_NAMES = {"s", r"\sigma"}
# Letters that name an arbitrary function when called, as in the rules of calculus:
# f(g(x)), u'(x), v(x)^2. Elsewhere (u^{-1}, f alone) they are plain variables.
GENERIC_FUNCTIONS = {"f", "g", "h", "u", "v"}
IGNORED = {r"\,", r"\;", r"\:", r"\!", r"\quad", r"\qquad", r"\displaystyle", "&",
           r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr",
           r"\big", r"\Big", r"\bigg", r"\Bigg"}
RELATIONS = {"=", r"\neq", "<", ">", r"\le", r"\leq", r"\ge", r"\geq", r"\approx", r"\to"}
OPEN = {"(": ")", "[": "]", r"\{": r"\}", r"\lbrack": r"\rbrack"}

TOKEN = re.compile(r"\\[a-zA-Z]+|\\[,;:!{}]|\d+(?:\.\d+)?|'+|\S")
NOTE = re.compile(r"\\(?:text|tag|label|mathrm|textrm)\s*\{")


class TexError(ValueError):
    """The LaTeX is outside the subset this module reads."""


def strip_notes(tex):
    """Remove \\text{...}, \\tag{...} and similar notes (balanced braces), which carry no math."""
    out, pos = [], 0
    for m in NOTE.finditer(tex):
        if m.start() < pos:
            continue
        depth, i = 1, m.end()
        while i < len(tex) and depth:
            depth += {"{": 1, "}": -1}.get(tex[i], 0)
            i += 1
        out.append(tex[pos:m.start()])
        pos = i
    out.append(tex[pos:])
    return "".join(out)


def _lines(tex):
    body = re.sub(r"\\(begin|end)\{(aligned|align\*?|gathered|split)\}", "", tex)
    return [line for line in re.split(r"\\\\", body) if line.strip()]


def chain_lines(tex):
    """The lines of a formula's equality chain (aligned or single line), without the notes
    column: whatever follows `&&` on a line says why the step holds."""
    return [strip_notes(line.split("&&")[0]) for line in _lines(tex)]


def note_equations(tex):
    """(line number, equation) for every note after `&&` that states an equality, such as
    `\\text{chain rule: } \\tfrac{d}{du}u^{-1} = -u^{-2}`: those are claims too."""
    found = []
    for number, line in enumerate(_lines(tex), 1):
        for note in line.split("&&")[1:]:
            math = strip_notes(note)
            if "=" in math:
                found.append((number, " ".join(math.split())))
    return found


def relations(tex):
    """The relation tokens that appear at the top level of a formula."""
    return [t for t in TOKEN.findall(strip_notes(tex)) if t in RELATIONS]


def parse_chain(tex):
    """Parse `a = b = c` (possibly over several aligned lines) into [a, b, c] as SymPy."""
    terms = []
    for number, line in enumerate(chain_lines(tex), 1):
        parts = _split_relations(line)
        blank = not _Reader._drop_ignored(TOKEN.findall(parts[0]))
        if blank and terms:
            parts = parts[1:]  # "&= b" continues the chain from the line above
        elif blank:
            raise TexError(f"line {number} starts with '=' but nothing comes before it")
        for part in parts:
            terms.append((part.strip(), parse_expression(part)))
    return terms


def _split_relations(line):
    tokens = TOKEN.findall(line)
    bad = sorted({t for t in tokens if t in RELATIONS and t != "="})
    if bad:
        raise TexError(f"only '=' chains can be checked; found {', '.join(bad)}")
    parts, depth, start = [], 0, 0
    for m in TOKEN.finditer(line):
        t = m.group()
        depth += t in "({[" and 1 or 0
        depth -= t in ")}]" and 1 or 0
        if t == "=" and depth == 0:
            parts.append(line[start:m.start()])
            start = m.end()
    parts.append(line[start:])
    return parts


def parse_expression(tex):
    return _Reader(tex).read_all()


class _Reader:
    def __init__(self, tex):
        self.tex = tex
        self.tokens = [t for t in TOKEN.findall(strip_notes(tex))]
        self.tokens = self._drop_ignored(self.tokens)
        self.pos = 0

    @staticmethod
    def _drop_ignored(tokens):
        out, prev = [], None
        for t in tokens:
            if t == "." and prev in (r"\left", r"\right"):
                prev = t
                continue  # \left. is an invisible delimiter
            if t not in IGNORED:
                out.append(t)
            prev = t
        return out

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
        """The raw tokens of a {...} group (or a single token)."""
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        depth, out = 1, []
        while True:
            t = self.take()
            depth += (t == "{") - (t == "}")
            if depth == 0:
                return out
            out.append(t)

    def sub_reader(self, tokens):
        r = _Reader("")
        r.tex, r.tokens = " ".join(tokens), tokens
        return r

    # -- grammar ------------------------------------------------------------------------------
    def read_all(self):
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
                value = value * self.factor()
            elif t == "/":
                self.take()
                value = value / self.factor()
            elif t is not None and self.starts_atom(t):
                value = value * self.factor()
            else:
                return value

    def factor(self):
        if self.peek() == "-":
            self.take()
            return -self.factor()
        if self.peek() == "+":
            self.take()
            return self.factor()
        return self.power()

    def power(self):
        base = self.atom()
        while self.peek() == "^":
            self.take()
            base = base ** self.exponent()
        return base

    def exponent(self):
        if self.peek() == "{":
            return self.sub_reader(self.group_tokens()).read_all()
        return self.atom()

    @staticmethod
    def starts_atom(t):
        return (t[0].isalnum() or t in ("(", "[", "{", r"\{", r"\lbrack", r"\lvert")
                or t in (r"\frac", r"\dfrac", r"\tfrac", r"\sqrt", r"\sigma", r"\pi",
                         r"\operatorname", r"\underbrace", r"\infty")
                or t in NAMED_FUNCTIONS)

    def atom(self):
        t = self.peek()
        if t is None:
            raise TexError(f"expression ends too early in {self.tex.strip()!r}")
        if re.fullmatch(r"\d+(\.\d+)?", t):
            self.take()
            return sp.Rational(t)
        if t in OPEN:
            self.take()
            inner = self.expr()
            self.take(OPEN[t])
            return inner
        if t == "{":
            return self.sub_reader(self.group_tokens()).read_all()
        if t in ("|", r"\lvert"):
            self.take()
            inner = self.expr()
            self.take("|" if t == "|" else r"\rvert")
            return sp.Abs(inner)
        if t in (r"\frac", r"\dfrac", r"\tfrac"):
            return self.fraction()
        if t == r"\sqrt":
            self.take()
            return sp.sqrt(self.sub_reader(self.group_tokens()).read_all())
        if t == r"\underbrace":
            self.take()
            inner = self.sub_reader(self.group_tokens()).read_all()
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
        if t in SIGMOID_NAMES:
            return self.sigmoid_call()
        if t in NAMED_FUNCTIONS or t == r"\operatorname":
            return self.function_call()
        if t in GENERIC_FUNCTIONS and (self.peek(1) in OPEN or (self.peek(1) or "").startswith("'")):
            return self.generic_call()
        if re.fullmatch(r"[a-zA-Z]", t):
            self.take()
            if t == "e":
                return sp.E
            return sp.Symbol(t, real=True)
        raise TexError(f"cannot read {t!r} in {self.tex.strip()!r}")

    def fraction(self):
        self.take()
        num, den = self.group_tokens(), self.group_tokens()
        operator = self.derivative_operator(num, den)
        if operator:
            var, order = operator
            return sp.Derivative(self.power(), (var, order))
        return (self.sub_reader(num).read_all()) / (self.sub_reader(den).read_all())

    @staticmethod
    def derivative_operator(num, den):
        """\\frac{d}{dx}, \\frac{d^2}{dx^2}, \\frac{\\partial}{\\partial z}: (variable, order)."""
        text_num, text_den = "".join(num), "".join(den)
        m_num = re.fullmatch(r"(d|\\partial)(?:\^(\d))?", text_num)
        m_den = re.fullmatch(r"(d|\\partial)([a-z])(?:\^(\d))?", text_den)
        if not (m_num and m_den) or m_num.group(1) != m_den.group(1):
            return None
        order = int(m_num.group(2) or 1)
        if int(m_den.group(3) or 1) != order:
            raise TexError(f"derivative orders differ in \\frac{{{text_num}}}{{{text_den}}}")
        return sp.Symbol(m_den.group(2), real=True), order

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
        return self.atom()

    def sigmoid_call(self):
        name = self.take()
        order = self.primes()
        arg = self.argument(name + "'" * order)
        return definitions.s(arg) if order == 0 else definitions.s_derivative(order, arg)

    def generic_call(self):
        """f(x), f'(x), f''(g(x)): an unknown function, its derivatives taken at the argument."""
        name = self.take()
        order = self.primes()
        arg = self.argument(name + "'" * order)
        fn = sp.Function(name, real=True)
        if order == 0:
            return fn(arg)
        t = sp.Dummy("t", real=True)
        return sp.Subs(sp.Derivative(fn(t), (t, order)), t, arg)

    def function_call(self):
        name = self.take()
        if name == r"\operatorname":
            name = "".join(self.group_tokens())
            if name not in NAMED_FUNCTIONS:
                raise TexError(f"unknown function \\operatorname{{{name}}} in {self.tex.strip()!r}")
        power = None
        if self.peek() == "^":
            self.take()
            power = self.exponent()
        fn = NAMED_FUNCTIONS[name]
        arg = self.atom() if self.peek() in OPEN else self.power()
        value = fn(arg)
        return value ** power if power is not None else value
