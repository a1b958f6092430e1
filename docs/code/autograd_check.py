"""Two derivatives of the sigmoid that do not use s(1 - s), against s(1 - s) on the post's grid, in
float64: JAX's automatic derivative of 1/(1 + e^-x) written from primitive operations, and a central
difference. The Backpropagation page shows the section between the markers and publishes its
results; the build fails when check(formula) raises."""

# --8<-- [start:code]
import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)  # float64; JAX's default is float32

from blog_post import x  # the derivative page's code: the post's grid x = -10:0.1:10


def sigmoid(x):
    return 1 / (1 + np.exp(-x))  # the post's code


def formula(x):
    """The formula under test: s'(x) = s(x)(1 - s(x))."""
    s = sigmoid(x)
    return s * (1 - s)


u = 2.0**-53  # float64 rounds the result of each operation by at most u, relatively
h = 2.0**-17  # the central difference's step, near eps^(1/3) (see the text)


def autodiff(x):
    """JAX chains the rules of negate, exp, add and divide; it never sees s(1 - s)."""
    return np.asarray(jax.vmap(jax.grad(lambda t: 1 / (1 + jnp.exp(-t))))(x))


def central_difference(x):
    """Values of the sigmoid only, no rules: (s(x+h) - s(x-h)) / 2h."""
    return (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)


def tolerances(x):
    """How far each check may be from a right formula, from error bounds (see the text). NumPy's exp
    is within 1 ULP, 2u, and JAX's within 2 ULP, 4u (measured), so the post's s is within 4u s (exp,
    add, divide), s(1 - s) within 6u s(x) of s'(x) (1 - s cancels: its error scales with s), and
    JAX's derivative within 17u s'(x) (e^-x enters three times, five more roundings)."""
    s, s_plus = sigmoid(x), sigmoid(x + h)  # s grows: s(x + h) is its largest on [x - h, x + h]
    return {"automatic differentiation": (6 + 17) * u * s,  # s'(x) is below s(x)
            # rounding of s(x +- h), 4u s / h, and truncation, h^2 |s'''| / 6 with |s'''| below s'
            "central difference": (6 * u + 4 * u / h + h**2 / 6) * s_plus}


def check(formula):
    """Raise, naming each check that rejects formula(x) on the grid and where; otherwise return
    each check's largest difference from it as a fraction of its tolerance."""
    claimed = formula(x)
    fractions, rejections, tolerance = {}, [], tolerances(x)
    for name, derivative in [("automatic differentiation", autodiff(x)),
                             ("central difference", central_difference(x))]:
        off = np.abs(claimed - derivative) / tolerance[name]
        i = np.argmax(off)
        fractions[name] = off[i]
        if off[i] > 1:
            rejections.append(f"{name} rejects the formula: at x = {x[i]:.1f} it gives {derivative[i]:.17g}, "
                              f"the formula {claimed[i]:.17g}, tolerance {tolerance[name][i]:.2g}")
    if rejections:
        raise AssertionError("; ".join(rejections))
    return fractions


fractions = check(formula)
# --8<-- [end:code]
