"""The math checker: `reader` turns the site's LaTeX into SymPy, `prove` checks every step of a
chain, `page_math` finds a page's formulas, checks them and renders them with KaTeX."""
