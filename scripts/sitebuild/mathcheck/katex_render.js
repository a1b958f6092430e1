// Render a batch of formulas with KaTeX at build time, so pages ship HTML, not TeX.
// stdin: JSON [{"tex": "...", "display": true}, ...]; stdout: JSON [{"html": "..."} | {"error": "..."}]
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      // htmlAndMathml: the hidden MathML copy is what screen readers read.
      return { html: katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml", strict: "error" }) };
    } catch (err) {
      return { error: err.message };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
