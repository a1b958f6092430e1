"""Throughput of each form of s'(x) on 10^7 values, relative to naive NumPy s*(1-s).

Ratios are time / baseline time from the same run (best of several repeats),
so they mean something on any machine; < 1 is faster than the baseline.
"""

import time

import numpy as np
from scipy.special import expit
from sigmoid.floating_point import FORMS, dsigmoid

N = 10**7
REPEATS = 7


def naive(x):
    s = 1 / (1 + np.exp(-x))
    return s * (1 - s)


def expit_product(x):
    s = expit(x)
    return s * (1 - s)


def candidates():
    rows = [("naive NumPy s*(1-s) (baseline)", naive)]
    rows += [(f"form: {label}", fn) for label, _, fn in FORMS.values()]
    rows += [("recommended dsigmoid", dsigmoid), ("scipy expit*(1-expit)", expit_product)]
    try:
        import torch

        def torch_grad(x):
            t = torch.from_numpy(x).requires_grad_()
            torch.sigmoid(t).sum().backward()
            return t.grad

        rows.append(("torch autograd of sigmoid", torch_grad))
    except ImportError:
        print("(PyTorch not installed: skipped)")
    try:
        import jax

        jax.config.update("jax_enable_x64", True)
        grad = jax.jit(jax.vmap(jax.grad(jax.nn.sigmoid)))

        def jax_grad(x):
            return grad(x).block_until_ready()

        rows.append(("jax.grad of sigmoid (jit)", jax_grad))
    except ImportError:
        print("(JAX not installed: skipped)")
    return rows


def best_time(fn, x):
    fn(x)  # warm up: page faults, JIT, caches
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    inputs = {dt: np.linspace(-30, 30, N).astype(dt) for dt in ("float64", "float32")}
    rows = candidates()
    table = {}
    with np.errstate(all="ignore"):  # the textbook forms overflow on purpose
        for name, fn in rows:
            table[name] = {dt: best_time(fn, x) for dt, x in inputs.items()}
    base = table[rows[0][0]]
    width = max(len(name) for name, _ in rows)
    print(f"{N:.0e} values in [-30, 30], best of {REPEATS}; ratio = time / baseline time\n")
    print(f"{'':{width}}  {'float64':>16}  {'float32':>16}")
    for name, _ in rows:
        cells = [f"{t * 1e3:7.1f} ms {t / base[dt]:5.2f}x" for dt, t in table[name].items()]
        print(f"{name:{width}}  " + "  ".join(f"{c:>16}" for c in cells))


if __name__ == "__main__":
    main()
