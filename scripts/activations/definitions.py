"""The family's functions and their derivatives, defined once as SymPy expressions: the figures,
the numbers and the tests derive from here."""

import sympy as sp

x = sp.Symbol("x", real=True)

TANH = sp.tanh(x)
#: tanh'(x), as SymPy differentiates it (1 - tanh^2(x))
TANH_DERIVATIVE = sp.diff(TANH, x)


def at(expression, arg):
    return expression.subs(x, arg)

SOFTPLUS = sp.log(1 + sp.exp(x))

SILU = x / (1 + sp.exp(-x))  # x s(x)

PHI = (1 + sp.erf(x / sp.sqrt(2))) / 2  # the standard normal distribution function
GELU = x * PHI
