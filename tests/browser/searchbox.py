"""Material's search box, driven as a reader drives it, with bounded waits."""

# Counts the queries Material's page sends to its search worker and the results it gets back,
# so a test can wait for the answer to the last key typed (each key sends a query).
COUNT_QUERIES = """(() => {
  const Original = window.Worker
  window.__search = { sent: [], answered: 0 }
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args)
      this.addEventListener("message", e => { if (e.data && e.data.type === 3) window.__search.answered++ })
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) window.__search.sent.push(message.data)
      return super.postMessage(message, ...rest)
    }
  }
})()"""


def type_query(page, query):
    """Type `query` key by key and wait (bounded) for the worker's answer to the last key. The page
    must have COUNT_QUERIES as an init script. (Material reads the box on key events and on focus a
    moment later: a pasted value may be read before it is there, and never searched.)"""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function("""q => { const s = window.__search
        return s.sent.length && s.sent[s.sent.length - 1] === q && s.answered === s.sent.length }""",
                           arg=query, timeout=10_000)
