/* The explorer on the derivative page: move x and see the tangent's slope become s(x)(1 − s(x)).
 *
 * Plain JavaScript and inline SVG. The page holds the explorer's markup with a static picture at
 * x = 0 (a figure the build draws); this script puts a live drawing in that picture's box, of the
 * same size, and wires the slider and the presets; it sets up whichever explorer is not yet live.
 */
(() => {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const MINUS = "\u2212";
  const X = [-10, 10];       // the slider's range, and the x axis
  const Y = [-0.05, 1.05];   // the y axis: s and s′ with a little room
  const NUMBERS_EVERY_MS = 250;  // the numbers (an aria-live region) change at most this often

  // s(x) and 1 − s(x) in the stable form of the floating-point page: exp is only taken of −|x|,
  // and 1 − s is computed as its own fraction, never as 1 minus a number close to 1.
  function sigmoid(x) {
    const e = Math.exp(-Math.abs(x)), big = 1 / (1 + e), small = e / (1 + e);
    return x >= 0 ? [big, small] : [small, big];
  }

  // s′(x) = e / (1 + e(2 + e)) with e = exp(−|x|): the recommended form (s′ is even).
  function derivative(x) {
    const e = Math.exp(-Math.abs(x));
    return e / (1 + e * (2 + e));
  }

  // Four significant digits; below 10⁻³ as a × 10^b, as the site prints small numbers.
  function number(v) {
    if (v !== 0 && Math.abs(v) < 1e-3) {
      const [mantissa, exponent] = v.toExponential(3).split("e");
      return `${mantissa.replace("-", MINUS)}\u2009×\u200910<sup>${exponent.replace("-", MINUS).replace("+", "")}</sup>`;
    }
    return v.toPrecision(4).replace("-", MINUS);
  }

  const xText = (x) => (Math.abs(x) < 5e-4 ? 0 : x).toFixed(3).replace("-", MINUS);

  function node(name, attrs, parent) {
    const el = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
    if (parent) parent.appendChild(el);
    return el;
  }

  function text(parent, x, y, content, attrs = {}) {
    node("text", { x, y, ...attrs }, parent).textContent = content;
  }

  // Where the two panels go in a w × h box: side by side when it is wide, stacked on a phone.
  function layout(w, h) {
    if (w / h >= 1.4) {
      const side = Math.min(h - 58, w * 0.3);
      const sq = { x: w - side - 8, y: 26, side };
      return { plot: { x: 44, y: 8, w: sq.x - 44 - 56, h: h - 8 - 38 }, sq };
    }
    const top = Math.round(h * 0.52);
    const side = Math.min(h - top - 58, w - 110);
    return { plot: { x: 44, y: 8, w: w - 44 - 10, h: top - 8 - 38 },
             sq: { x: (w - side) / 2 + 20, y: top + 26, side } };
  }

  // The parts that do not move with x: axes, grid, both curves, the square's frame, legends.
  function drawStill(svg, w, h) {
    svg.replaceChildren();
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const { plot, sq } = layout(w, h);
    const px = (x) => plot.x + ((x - X[0]) / (X[1] - X[0])) * plot.w;
    const py = (y) => plot.y + ((Y[1] - y) / (Y[1] - Y[0])) * plot.h;
    const id = `explorer-clip-${Math.random().toString(36).slice(2)}`;
    node("rect", { x: plot.x, y: plot.y, width: plot.w, height: plot.h },
         node("clipPath", { id }, node("defs", {}, svg)));

    const axes = node("g", { class: "explorer__axes" }, svg);
    for (const t of [-10, -5, 0, 5, 10]) {
      node("line", { x1: px(t), x2: px(t), y1: plot.y, y2: plot.y + plot.h, class: "explorer__grid" }, axes);
      text(axes, px(t), plot.y + plot.h + 16, String(t).replace("-", MINUS), { "text-anchor": "middle" });
    }
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      node("line", { x1: plot.x, x2: plot.x + plot.w, y1: py(t), y2: py(t), class: "explorer__grid" }, axes);
      text(axes, plot.x - 6, py(t) + 4, String(t), { "text-anchor": "end" });
    }
    text(axes, plot.x + plot.w / 2, plot.y + plot.h + 33, "x", { "text-anchor": "middle", class: "explorer__var" });
    // The frame spans exactly X × Y: tests read the drawing's scale from it.
    node("rect", { x: plot.x, y: plot.y, width: plot.w, height: plot.h, class: "explorer__frame",
                   "data-part": "plot", "data-domain": `${X[0]} ${X[1]} ${Y[0]} ${Y[1]}` }, axes);

    const s = [], ds = [];
    for (let i = 0; i <= 200; i++) {  // the post's grid, −10 to 10 in steps of 0.1
      const x = X[0] + ((X[1] - X[0]) * i) / 200;
      const [sx, rest] = sigmoid(x);
      s.push(`${px(x).toFixed(2)},${py(sx).toFixed(2)}`);
      ds.push(`${px(x).toFixed(2)},${py(sx * rest).toFixed(2)}`);
    }
    const curves = node("g", { "clip-path": `url(#${id})` }, svg);
    node("path", { d: `M${s.join("L")}`, class: "explorer__s", "data-part": "s" }, curves);
    node("path", { d: `M${ds.join("L")}`, class: "explorer__ds", "data-part": "ds" }, curves);

    const legend = node("g", {}, svg);
    [["explorer__s", "s(x)"], ["explorer__ds", "s′(x)"], ["explorer__tangent", "tangent: slope s′(x)"]]
      .forEach(([cls, label], i) => {
        const y = plot.y + 14 + 17 * i;
        node("line", { x1: plot.x + 8, x2: plot.x + 30, y1: y, y2: y, class: cls }, legend);
        text(legend, plot.x + 36, y + 4, label);
      });

    node("rect", { x: sq.x, y: sq.y, width: sq.side, height: sq.side, class: "explorer__frame",
                   "data-part": "square" }, svg);
    text(svg, sq.x + sq.side / 2, sq.y - 10, "area s(1 − s) = s′(x)", { "text-anchor": "middle" });

    // What moves: the guide and the points, the tangent, the rectangle and its labels.
    const moving = node("g", {}, svg);
    const live = {
      guide: node("line", { class: "explorer__guide" }, node("g", { "clip-path": `url(#${id})` }, moving)),
      tangent: node("line", { class: "explorer__tangent", "data-part": "tangent" },
                    node("g", { "clip-path": `url(#${id})` }, moving)),
      sPoint: node("circle", { r: 5, class: "explorer__point explorer__s-point", "data-part": "s-point" }, moving),
      dsPoint: node("circle", { r: 5, class: "explorer__point explorer__ds-point", "data-part": "ds-point" }, moving),
      area: node("rect", { x: sq.x, class: "explorer__area", "data-part": "area" }, moving),
      splitX: node("line", { y1: sq.y, y2: sq.y + sq.side, class: "explorer__split" }, moving),
      splitY: node("line", { x1: sq.x, x2: sq.x + sq.side, class: "explorer__split" }, moving),
    };
    for (const name of ["bottomS", "bottomRest", "sideRest", "sideS"]) {
      live[name] = node("text", { "text-anchor": name.startsWith("side") ? "end" : "middle" }, moving);
      live[name].textContent = name.endsWith("Rest") ? "1 − s" : "s";
    }
    svg.appendChild(legend);  // on top: the tangent passes behind its text's halo (site.css), not through it
    return { plot, sq, px, py, live };
  }

  // Move what depends on x. Coordinates keep every digit: tests read slope and area from them.
  function drawMoving(d, x) {
    const { plot, sq, px, py, live } = d;
    const [s, rest] = sigmoid(x), slope = derivative(x);
    const set = (el, attrs) => { for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); };
    set(live.guide, { x1: px(x), x2: px(x), y1: plot.y + plot.h, y2: py(s) });
    set(live.sPoint, { cx: px(x), cy: py(s) });
    set(live.dsPoint, { cx: px(x), cy: py(slope) });
    // The tangent: a segment of fixed length on screen, through (x, s), slope s′ in data units.
    const kx = plot.w / (X[1] - X[0]), ky = plot.h / (Y[1] - Y[0]);
    const dx = kx, dy = -ky * slope, norm = Math.hypot(dx, dy), half = Math.min(120, plot.w * 0.3);
    set(live.tangent, { x1: px(x) - (half * dx) / norm, y1: py(s) - (half * dy) / norm,
                        x2: px(x) + (half * dx) / norm, y2: py(s) + (half * dy) / norm });
    // The square: the rectangle at the bottom left is s wide and 1 − s high.
    const width = sq.side * s, height = sq.side * rest, bottom = sq.y + sq.side;
    set(live.area, { y: bottom - height, width, height });
    set(live.splitX, { x1: sq.x + width, x2: sq.x + width });
    set(live.splitY, { y1: bottom - height, y2: bottom - height });
    // Each side's two labels sit at the middles of its two parts (always half a side apart),
    // kept within the square's edge so that a part too thin to see still has its label.
    const along = (middle, room) => Math.min(sq.side - room, Math.max(room, middle));
    set(live.bottomS, { x: sq.x + along(width / 2, 6), y: bottom + 16 });
    set(live.bottomRest, { x: sq.x + along(width + (sq.side - width) / 2, 16), y: bottom + 16 });
    set(live.sideRest, { x: sq.x - 6, y: bottom - along(height / 2, 6) + 4 });
    set(live.sideS, { x: sq.x - 6, y: bottom - along(height + (sq.side - height) / 2, 6) + 4 });
  }

  function setUp(root) {
    const figure = root.querySelector("figure");
    const input = root.querySelector("input[type=range]");
    const shown = Object.fromEntries([...root.querySelectorAll("[data-show]")].map((el) => [el.dataset.show, el]));
    if (!figure || !input) return;
    root.dataset.explorerReady = "";

    const svg = node("svg", { class: "explorer__plot", role: "img",
      "aria-label": "The sigmoid s with its tangent at x, the bell curve s′ with the point (x, s′(x)), "
                    + "and the unit square whose shaded rectangle has sides s(x) and 1 − s(x)." });
    figure.querySelectorAll(":scope > img").forEach((img, i) => (i ? img.remove() : img.replaceWith(svg)));

    let x = Number(input.value) || 0, drawing = null, frame = 0, timer = 0, last = -Infinity;
    const redraw = () => {
      frame = 0;
      if (drawing) drawMoving(drawing, x);
    };
    // The box's size comes from the layout the browser does anyway (asking for it here would
    // force an early layout of the whole page): draw when it is known, and again when it changes.
    new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (!width || !height) return;
      drawing = drawStill(svg, width, height);
      drawMoving(drawing, x);
    }).observe(svg);
    const showNumbers = () => {
      timer = 0;
      last = performance.now();
      const [s, rest] = sigmoid(x);
      const values = { x: xText(x), s: number(s), rest: number(rest), ds: number(derivative(x)) };
      for (const [name, html] of Object.entries(values)) {
        if (shown[name].innerHTML !== html) shown[name].innerHTML = html;  // unchanged: nothing to announce
      }
      root.dataset.x = String(x);  // the exact x the numbers are for
    };
    // The picture follows every frame; the numbers at most every NUMBERS_EVERY_MS and once at the
    // end, so a screen reader hears where x settles and not every step on the way.
    const go = (value, now) => {
      x = Math.min(X[1], Math.max(X[0], value));
      input.setAttribute("aria-valuetext", xText(x));
      if (!frame) frame = requestAnimationFrame(redraw);
      clearTimeout(timer);
      const wait = now ? 0 : NUMBERS_EVERY_MS - (performance.now() - last);
      if (wait <= 0) showNumbers();
      else timer = setTimeout(showNumbers, wait);
    };

    input.addEventListener("input", () => go(Number(input.value)));
    root.querySelectorAll("button[data-x]").forEach((button) =>
      button.addEventListener("click", () => {
        input.value = button.dataset.x;  // the slider shows the nearest step
        go(Number(button.dataset.x), true);
      }));
    go(x, true);
  }

  document.querySelectorAll(".explorer:not([data-explorer-ready])").forEach(setUp);
})();
