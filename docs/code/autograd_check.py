"""JAX's automatic derivative of the sigmoid against s(1 - s) on the post's grid, both in float64.
The Backpropagation page shows the section between the markers and publishes its result."""

# --8<-- [start:code]
import jax
import numpy as np

jax.config.update("jax_enable_x64", True)  # JAX computes in float32 unless told otherwise

from blog_post import ds_product, x  # the post's grid -10:0.1:10 and s(1 - s) on it

autograd = np.asarray(jax.vmap(jax.grad(jax.nn.sigmoid))(x))  # d/dx of jax.nn.sigmoid, per point
ulps = np.abs(autograd - ds_product) / np.spacing(ds_product)  # difference in units of the last place
largest_ulps = ulps.max()
largest_relative = np.max(np.abs(autograd - ds_product) / ds_product)
# --8<-- [end:code]
