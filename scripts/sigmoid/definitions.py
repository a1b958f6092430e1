"""The sigmoid, defined once. Every page, figure, number and test derives from here."""

import sympy as sp

x = sp.Symbol("x", real=True)

#: s(x) = 1 / (1 + e^{-x})
SIGMOID = 1 / (1 + sp.exp(-x))


def s(arg):
    """The sigmoid applied to a SymPy expression."""
    return SIGMOID.subs(x, arg)


def s_derivative(order, arg):
    """The order-th derivative of the sigmoid, evaluated at a SymPy expression."""
    return sp.diff(SIGMOID, x, order).subs(x, arg)


def softplus(arg):
    return sp.log(1 + sp.exp(arg))


def logit(arg):
    return sp.log(arg / (1 - arg))
