// Material's search worker, for queries typed the way people type math.
//
// Its query parser (lunr) reads `^` as a boost and a leading `-` as "without": e^-x and
// e^x/(1+e^x)^2 are invalid queries, with no results. The index writes a formula as the page
// shows it, e⁻ˣ/(1 + eˣ)² with a minus sign (−) and primes (′) (scripts/sitebuild/search_text.py);
// this rewrites a query the same way before Material's own worker, loaded below, sees it:
//   e^-x → e⁻ˣ   e^x/(1+e^x)^2 → eˣ/(1+eˣ)²   e^-|x| → e⁻|ˣ|   e^(x/2) → eˣ/²
//   s(1-s) → s(1−s)   s'(0) → s′(0)   -709.78 → −709.78
// The search separator in mkdocs.yml then splits the query like the index, at + − = and spaces.
// The page's configuration names this file, with Material's worker as its `worker` parameter.

// SUPERSCRIPT and KEEP come from the build (search_text.py writes this file beside this one),
// so the query and the index use one table.
importScripts("search-math-table.js")
const QUERY = 2  // Material's message type for a search query

function superscript(text) {
  const chars = [...text.replace(/-/g, "−")]
  if (!chars.some(char => char in SUPERSCRIPT) || !chars.every(char => char in SUPERSCRIPT || KEEP.includes(char)))
    return null
  return chars.map(char => SUPERSCRIPT[char] ?? char).join("")
}

function mathQuery(query) {
  return query
    // Exponents: ^x, ^-x, ^2x, ^{-x}, ^(-x). One that has no Unicode form loses its ^ below.
    .replace(/\^(?:\{([^{}]*)\}|\(([^()]*)\)|([-+−]?[A-Za-z0-9]+|[-+−]?\|[A-Za-z0-9]+\|))/g,
             (match, braces, parens, bare) => superscript(braces ?? parens ?? bare) ?? match)
    .replace(/\^/g, " ")
    // A hyphen inside a formula, or before a number, is a minus sign: 1-s, -709.78. A hyphen
    // before a word keeps lunr's meaning, "without": sigmoid -notebook.
    .replace(/(\S)-(?=\S)/g, "$1−")
    .replace(/(^|\s)-(?=[0-9.])/g, "$1−")
    // Primes after a one-letter name: s'(x), f'', σ'(z); not the post's grid.
    .replace(/(^|[^\p{L}])(\p{L})('+)/gu,
             (match, before, letter, primes) => before + letter + "′".repeat(primes.length))
}

addEventListener("message", event => {
  if (event.data && event.data.type === QUERY && typeof event.data.data === "string")
    event.data.data = mathQuery(event.data.data)
})

// Material's worker, from this folder, whatever its hashed name (nothing else is loaded).
const worker = new URL(self.location.href).searchParams.get("worker") || ""
if (/^search\.[0-9a-f]+\.min\.js$/.test(worker))
  importScripts(worker)
