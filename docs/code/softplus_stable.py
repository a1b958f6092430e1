"""softplus in NumPy, exactly as the softplus page shows it: the formula as written, with log1p,
and the stable form. The page's accuracy figures are measured on these functions
(scripts/activations/values.py)."""

# --8<-- [start:code]
import numpy as np


def softplus_naive(x):
    """ln(1 + e^x) as written: 1 + e^x rounds e^x away once it is tiny, and e^x overflows."""
    return np.log(1 + np.exp(x))


def softplus_log1p(x):
    """log1p keeps a tiny e^x, but e^x still overflows."""
    return np.log1p(np.exp(x))


def softplus(x):
    """max(x, 0) + ln(1 + e^-|x|): exp is only taken of -|x| <= 0, and log1p keeps what it gives."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
# --8<-- [end:code]
