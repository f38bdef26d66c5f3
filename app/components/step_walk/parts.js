// The step walk's building blocks: matrix glyphs, vector value cells, signed contributor
// bars, whole-layer strips, and which parts of the cell diagram each operation lights up.
// Uses the cell view's palette.js helpers (el, sv, fmt, colours), concatenated before it.
// User text (tokens) only ever goes in through textContent / setAttribute.

const SW_GLYPH = 84; // px: the longest side of a matrix glyph

/** A matrix (or column vector) drawn to scale, its block of rows shaded, its row marked. */
function swGlyph(m, scale) {
  const w = Math.max(8, Math.round(m.cols * scale));
  const h = Math.max(8, Math.round(m.rows * scale));
  const svg = sv("svg", { width: w + 2, height: h + 2, viewBox: `-1 -1 ${w + 2} ${h + 2}`,
    class: "sw-glyph-svg", "aria-hidden": "true" });
  sv("rect", { x: 0, y: 0, width: w, height: h, class: "sw-mat" }, svg);
  if (Array.isArray(m.block)) {
    const y0 = (m.block[0] / m.rows) * h;
    const y1 = (m.block[1] / m.rows) * h;
    sv("rect", { x: 0, y: y0, width: w, height: Math.max(2, y1 - y0), class: "sw-block" }, svg);
  }
  if (Number.isInteger(m.row)) {
    const y = ((m.row + 0.5) / m.rows) * h;
    sv("line", { x1: -1, x2: w + 1, y1: y, y2: y, class: "sw-row" }, svg);
  }
  const name = el("span", { class: "sw-glyph-name", text: m.name });
  const size = el("span", { class: "sw-glyph-size",
    text: m.cols === 1 ? `${m.rows}` : `${m.rows}×${m.cols}` });
  const box = el("figure", { class: "sw-glyph", title: m.note || "" }, [svg,
    el("figcaption", {}, [name, size])]);
  box.setAttribute("aria-label", `${m.name}: ${m.rows}×${m.cols}${m.note ? `, ${m.note}` : ""}`);
  return box;
}

/** The op's shapes as an equation of glyphs: W·x + W·h, table → x, or a row of them. */
function swShapes(op, withNote = true) {
  const shapes = op.shapes || [];
  if (!shapes.length) return null;
  const big = Math.max(...shapes.map((m) => Math.max(m.rows, m.cols)));
  const scale = Math.min(SW_GLYPH / big, 4);
  const seps = op.kind === "gate" ? ["·", "+", "·"] : op.kind === "embed" ? ["→"] : [];
  const row = el("div", { class: "sw-shapes", role: "group", "aria-label": tr("shapes") });
  shapes.forEach((m, k) => {
    row.appendChild(swGlyph(m, scale));
    if (k < shapes.length - 1 && seps[k]) row.appendChild(el("span", { class: "sw-op-sym",
      text: seps[k] }));
  });
  if (!withNote) return row;
  if (op.block) row.appendChild(el("p", { class: "sw-note", text: op.block }));
  else if (shapes.some((m) => m.note)) {
    row.appendChild(el("p", { class: "sw-note",
      text: shapes.filter((m) => m.note).map((m) => `${m.name}: ${m.note}`).join(" · ") }));
  }
  return row;
}

/** The first values of a vector as coloured cells with their numbers, then size and norm. */
function swVector(name, v) {
  const cells = el("div", { class: "sw-cells" });
  for (const x of v.head) {
    const c = signedColor(x);
    const cell = el("span", { class: "sw-cell", text: fmt(x, 2) });
    cell.style.background = rgb(c);
    cell.style.color = inkOn(c);
    cells.appendChild(cell);
  }
  if (v.size > v.head.length) cells.appendChild(el("span", { class: "sw-more",
    text: `… ${tr("{n} more", { n: v.size - v.head.length })}` }));
  return el("div", { class: "sw-vec" }, [
    el("span", { class: "sw-vec-name", text: name }), cells,
    el("span", { class: "sw-vec-sum",
      text: `${tr("{n} numbers", { n: v.size })} · ‖${name}‖ = ${fmt(v.norm, 2)} · ` +
        tr("range {lo} … {hi}", { lo: fmt(v.min, 2), hi: fmt(v.max, 2) }) }),
  ]);
}

/** One signed bar row: label, detail, a bar left (blue, −) or right (orange, +) of zero. */
function swBar(label, detail, value, scale, cls = "") {
  const pos = value >= 0;
  const frac = scale > 0 ? Math.min(1, Math.abs(value) / scale) : 0;
  const fill = el("span", { class: `sw-fill ${pos ? "sw-pos" : "sw-neg"}` });
  fill.style.width = `${(frac * 50).toFixed(2)}%`;
  fill.style.left = pos ? "50%" : `${(50 - frac * 50).toFixed(2)}%`;
  const track = el("span", { class: "sw-track" }, [fill, el("span", { class: "sw-zero" })]);
  const row = el("div", { class: `sw-bar ${cls}`, role: "listitem" }, [
    el("span", { class: "sw-bar-lbl", math: label }),
    el("span", { class: "sw-bar-detail", text: detail }),
    track,
    el("span", { class: "sw-bar-num", text: `${pos ? "+" : ""}${fmt(value)}` }),
  ]);
  row.setAttribute("aria-label", `${label}: ${detail} = ${fmt(value)}`);
  return row;
}

/** A gate's row products as bars: top terms of each side, the rest, the bias, the sum. */
function swContrib(walk, op) {
  const H = walk.units;
  const rows = [];
  const side = (s, title) => {
    rows.push(el("div", { class: "sw-bar-head", math: title }));
    for (const c of s.top) {
      const scaled = s.scale !== 1 ? ` × r ${fmt(s.scale, 2)}` : "";
      rows.push([c.label, `${fmt(c.weight)} × ${fmtTerm(c.value)}${scaled}`, c.product]);
    }
    if (s.rest_count > 0) rows.push([tr("other {n}", { n: s.rest_count }),
      tr("sum of the smaller terms"), s.rest, "sw-rest"]);
  };
  const sym = op.symbol ? `${op.symbol}` : tr("the sum");
  side(op.input, tr("From the input xₜ: row {unit} of {w} × xₜ ({n} terms, the {k} largest)",
    { unit: walk.unit, w: op.symbol ? `W_i${op.symbol}` : "W_ih", n: walk.input_size,
      k: op.input.top.length }));
  const wh = op.symbol ? `W_h${op.symbol}` : "W_hh";
  const hf = { prev: `h${walk.prev}`, unit: walk.unit, w: wh, n: H };
  side(op.hidden, op.reset !== null && op.reset !== undefined
    ? tr("From the memory {prev}: row {unit} of {w} × {prev}, scaled by r ({n} terms)", hf)
    : tr("From the memory {prev}: row {unit} of {w} × {prev} ({n} terms)", hf));
  rows.push([tr("bias"), op.reset != null ? `b_in + r × b_hn` : "b_ih + b_hh", op.bias,
    "sw-bias"]);
  const vals = rows.filter(Array.isArray).map((r) => r[2]);
  const scale = Math.max(1e-9, ...vals.map(Math.abs), Math.abs(op.pre));
  const list = el("div", { class: "sw-bars", role: "list",
    "aria-label": tr("which numbers pushed {what} up or down", { what: sym }) });
  for (const r of rows) {
    if (!Array.isArray(r)) list.appendChild(r);
    else list.appendChild(swBar(r[0], r[1], r[2], scale, r[3] || ""));
  }
  list.appendChild(swBar(tr("= sum"),
    tr("the sum before squashing: everything above added up"), op.pre, scale,
    "sw-total"));
  return list;
}

/** The formula again, with this step's numbers in place of the symbols. */
function swNumbers(walk, op) {
  const p = walk.prev;
  const lines = [];
  if (op.kind === "gate") {
    const wx = op.x_part - op.b_ih;
    const wh = op.h_part - op.b_hh;
    const inner = op.reset != null
      ? `${fmt(wx)} + ${fmtTerm(op.b_ih)} + ${fmt(op.reset)} × (${fmt(wh)} + ${fmtTerm(op.b_hh)})`
      : `${fmt(wx)} + ${fmtTerm(op.b_ih)} + ${fmtTerm(wh)} + ${fmtTerm(op.b_hh)}`;
    if (op.symbol) {
      lines.push(`${op.symbol} = ${op.fn}(${inner})`);
      lines.push(`  = ${op.fn}(${fmt(op.pre)}) = ${fmt(op.act)}`);
    } else {
      lines.push(`${tr("sum")} = ${inner}`);
      lines.push(`    = ${fmt(op.pre)}`);
    }
  } else if (op.id === "cell") {
    const v = op.values;
    lines.push(`cₜ = ${fmt(v.f)} × ${fmtTerm(v.c_prev)} + ${fmt(v.i)} × ${fmtTerm(v.g)}`);
    lines.push(`   = ${fmt(v.kept)} + ${fmtTerm(v.written)} = ${fmt(v.c)}`);
  } else if (op.id === "hidden" && walk.kind === "lstm") {
    const v = op.values;
    lines.push(`hₜ = ${fmt(v.o)} × tanh(${fmt(v.c)}) = ${fmt(v.o)} × ${fmtTerm(v.tanh_c)}` +
      ` = ${fmt(v.h)}`);
  } else if (op.id === "hidden" && walk.kind === "gru") {
    const v = op.values;
    lines.push(`hₜ = (1 − ${fmt(v.z)}) × ${fmtTerm(v.n)} + ${fmt(v.z)} × ${fmtTerm(v.h_prev)}`);
    lines.push(`   = ${fmt(v.taken)} + ${fmtTerm(v.kept)} = ${fmt(v.h)}   ` +
      `(${tr("kept old: {v}", { v: fmt(v.kept) })})`);
  } else if (op.id === "hidden") {
    const v = op.values;
    lines.push(`hₜ = ${walk.nonlinearity}(${fmt(v.pre)}) = ${fmt(v.h)}   ` +
      `(${tr("was {name} = {v}", { name: `h${p}`, v: fmt(v.h_prev) })})`);
  } else if (op.id === "mean") {
    const u = walk.unit;
    lines.push(`${tr("unit {unit}", { unit: u })}: sₜ = ${fmt(op.weights.old, 3)} × ${fmtTerm(op.s_prev.values[u])} + ` +
      `${fmt(op.weights.new, 3)} × ${fmtTerm(walk.ops[0].x.values[u])} = ` +
      `${fmt(op.s.values[u])}`);
  }
  if (!lines.length) return null;
  return el("pre", { class: "sw-numbers", text: lines.join("\n") });
}

/** The whole layer at this step: one strip per gate / state, one cell per unit. */
function swStrips(walk, onUnit) {
  const lv = walk.layer_view;
  const rows = [];
  const names = { input: tr("i input"), forget: tr("f forget"), candidate: walk.kind === "lstm"
    ? tr("g candidate") : tr("n candidate"), output: tr("o output"), reset: tr("r reset"),
  update: tr("z keep old"), c: tr("cₜ cell"), h: tr("hₜ output"), s: tr("sₜ mean") };
  for (const [g, vals] of Object.entries(lv.gates)) rows.push([g, vals, g !== "candidate"]);
  for (const k of ["c", "h", "s"]) if (lv.states[k]) rows.push([k, lv.states[k], false]);
  const box = el("div", { class: "sw-strips", role: "group",
    "aria-label": tr("all {n} units at this step", { n: walk.units }) });
  for (const [name, vals, unitRange] of rows) {
    const strip = el("div", { class: "sw-strip" });
    vals.forEach((v, u) => {
      const c = unitRange ? gateColor(v) : signedColor(v);
      const cell = el("button", { type: "button", class: `sw-u${u === walk.unit ? " sw-me" : ""}`,
        title: `${tr("unit {unit}", { unit: u })}: ${names[name] || name} = ${fmt(v)}`,
        "aria-label": `${tr("unit {unit}", { unit: u })}: ${fmt(v)}` });
      cell.style.background = rgb(c);
      cell.addEventListener("click", () => onUnit(u));
      strip.appendChild(cell);
    });
    box.appendChild(el("div", { class: "sw-strip-row" }, [
      el("span", { class: "sw-strip-lbl", text: names[name] || name }), strip,
      el("span", { class: "sw-strip-val", text: fmt(vals[walk.unit], 2) }),
    ]));
  }
  return box;
}

/** Which diagram parts light up for an op: gate boxes, operator circles, labels. */
function swTargets(d, kind, id) {
  const ops = [...d.svg.querySelectorAll(".cv-op")];
  const L = d.L;
  const b = (n) => (d.boxes[n] ? d.boxes[n].grp : null);
  const lstm = { embed: [L.x], read: [L.x], prev: [L.prev, L.hprev],
    input: [b("input")], forget: [b("forget")], candidate: [b("candidate")],
    output: [b("output")], cell: [ops[0], ops[1], ops[2], L.kept, L.wrote, L.next],
    hidden: [ops[3], ops[4], L.hnext] };
  const gru = { embed: [L.x], read: [L.x], prev: [L.prev], reset: [b("reset")],
    update: [b("update")], candidate: [b("candidate"), ops[0]],
    hidden: [ops[1], ops[2], ops[3], ops[4], L.kept, L.wrote, L.next] };
  const rnn = { embed: [L.x, d.tW && d.tW.grp], read: [L.x, d.tW && d.tW.grp],
    prev: [L.prev, d.tH && d.tH.grp], rnn: [d.tW && d.tW.grp, d.tH && d.tH.grp, ops[0], L.pre],
    hidden: [b("rnn"), L.hnext] };
  const bag = { embed: [L.x], mean: [...ops, L.next, L.wa, L.wb] };
  const map = { lstm, gru, rnn, bag }[kind] || {};
  return (map[id] || []).filter(Boolean);
}
