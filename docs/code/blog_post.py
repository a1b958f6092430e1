"""The source post's MATLAB computation, in NumPy: the grid, both forms of s', their difference.

The derivative page shows the section between the markers verbatim and the build publishes the
numbers this module computes, so the code a reader copies is the code that made the numbers.
"""

# --8<-- [start:numpy]
import numpy as np


def matlab_colon(a, step, b):
    """MATLAB's a:step:b. MATLAB fills the range from both ends, so it is symmetric;
    a plain a + k*step is not, and differs in the last bit of some points."""
    n = int(round((b - a) / step))
    k = np.arange(n + 1)
    x = np.where(k <= n / 2, a + k * step, b - (n - k) * step)
    if n % 2 == 0:
        x[n // 2] = (a + b) / 2
    return x


x = matlab_colon(-10, 0.1, 10)                  # x = -10:0.1:10;
s = 1 / (1 + np.exp(-x))                        # s = 1./(1+exp(-x));
ds_quotient = np.exp(-x) / (1 + np.exp(-x))**2  # ds1 = exp(-x)./(1+exp(-x)).^2;
ds_product = s * (1 - s)                        # ds2 = s.*(1-s);
max_difference = np.max(np.abs(ds_quotient - ds_product))  # max(abs(ds1 - ds2))
if __name__ == "__main__":
    print(f"largest difference between the two forms: {max_difference:.2e}")
# --8<-- [end:numpy]


def post_computation():
    return x, s, ds_quotient, ds_product, max_difference
