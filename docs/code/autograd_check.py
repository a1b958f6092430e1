"""JAX's automatic derivative of the sigmoid against s(1 - s) on the post's grid, both in float64.
The Backpropagation page shows the section between the markers and publishes its result."""

# --8<-- [start:code]
import jax
import numpy as np

jax.config.update("jax_enable_x64", True)  # float64; JAX's default is float32

# The derivative page's code: the post's grid x = -10:0.1:10 and s(1 - s) on it.
from blog_post import ds_product, x

derivative = jax.vmap(jax.grad(jax.nn.sigmoid))  # d/dx jax.nn.sigmoid, point by point
autograd = np.asarray(derivative(x))
difference = np.abs(autograd - ds_product)
largest_ulps = np.max(difference / np.spacing(ds_product))  # units in the last place
largest_relative = np.max(difference / ds_product)
# --8<-- [end:code]
