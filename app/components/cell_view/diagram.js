// The cell diagram: one inline SVG per cell type, drawn once, then updated in place at every
// step (fills and numbers change; CSS transitions animate the change). Layouts follow the
// familiar colah drawings, with PyTorch's equations: LSTM (i, f, g, o), GRU (r, z, n; z near 1
// KEEPS the old state), plain RNN (tanh(W_ih·x + W_hh·h + b)), and the order-blind bag of
// embeddings (a running mean).

const W = 720; // viewBox width: every layout below is in these units

function line(g, d, cls = "cv-line") {
  return sv("path", { d, class: cls }, g);
}

// A filled triangle at (x, y) pointing up/right/down.
function arrowHead(g, x, y, dir) {
  const p = {
    up: `${x},${y} ${x - 6},${y + 10} ${x + 6},${y + 10}`,
    right: `${x},${y} ${x - 10},${y - 6} ${x - 10},${y + 6}`,
    down: `${x},${y} ${x - 6},${y - 10} ${x + 6},${y - 10}`,
  }[dir];
  return sv("polygon", { points: p, class: "cv-arrow" }, g);
}

function op(g, x, y, sym, label) {
  const grp = sv("g", { class: "cv-op", role: "img", "aria-label": label }, g);
  sv("title", { text: label }, grp);
  sv("circle", { cx: x, cy: y, r: 14 }, grp);
  sv("text", { x, y: y + 6, text: sym, class: sym.length > 1 ? "cv-small" : "" }, grp);
  return grp;
}

function label(g, x, y, anchor = "start", cls = "cv-lbl") {
  return sv("text", { x, y, "text-anchor": anchor, class: cls }, g);
}

// A gate: a box filled by its value, the function and symbol on top, the value below, and
// (for 0..1 gates) a level bar on its left edge showing how open it is.
function gateBox(g, x, y, fn, sym, unit = true, w = 74) {
  const grp = sv("g", { class: "cv-gate", role: "img", tabindex: "0" }, g);
  const title = sv("title", {}, grp);
  const rect = sv("rect", { x: x - w / 2, y: y - 28, width: w, height: 56, rx: 9,
    class: "cv-gate-box" }, grp);
  let level = null;
  if (unit) {
    sv("rect", { x: x - w / 2 + 5, y: y - 22, width: 7, height: 44, class: "cv-level-bg" }, grp);
    level = sv("rect", { x: x - w / 2 + 5, y: y - 22, width: 7, height: 44, class: "cv-level" },
      grp);
  }
  const head = sv("text", { x: x + (unit ? 4 : 0), y: y - 6, class: "cv-gate-fn",
    text: `${fn} ${sym}` }, grp);
  const val = sv("text", { x: x + (unit ? 4 : 0), y: y + 19, class: "cv-gate-val" }, grp);
  return { grp, title, rect, level, head, val, unit };
}

function paintGate(b, v, describe) {
  const c = b.unit ? gateColor(v) : signedColor(v);
  b.rect.style.fill = rgb(c);
  const ink = inkOn(c);
  b.head.style.fill = ink;
  b.val.style.fill = ink;
  setText(b.val, fmt(v, 2));
  if (b.level) b.level.style.transform = `scaleY(${clamp(v, 0, 1)})`;
  setText(b.title, describe);
  b.grp.setAttribute("aria-label", describe);
}

function frame(kind, height) {
  const svg = sv("svg", { viewBox: `0 0 ${W} ${height}`, class: `cv-svg cv-svg-${kind}`,
    role: "group" });
  sv("rect", { x: 110, y: 34, width: 500, height: height - 70, rx: 22, class: "cv-body" }, svg);
  return svg;
}

function buildLSTM() {
  const s = frame("lstm", 330);
  line(s, "M0,70 H706"); // the cell state c runs along the top
  arrowHead(s, 716, 70, "right");
  line(s, "M0,268 H470 M165,330 V268"); // [h_prev, x_t] bus
  for (const x of [220, 295, 370, 470]) line(s, `M${x},268 V233`);
  line(s, "M220,177 V84"); // f → ×
  line(s, "M295,177 V140 H356 M370,177 V154 M370,126 V84"); // i, g → × → +
  line(s, "M507,205 H526 M540,70 V121 M540,149 V191 M554,205 H706"); // o, tanh(c) → × → h
  arrowHead(s, 716, 205, "right");
  const n = {
    forget: gateBox(s, 220, 205, "σ", "f"),
    input: gateBox(s, 295, 205, "σ", "i"),
    candidate: gateBox(s, 370, 205, "tanh", "g", false),
    output: gateBox(s, 470, 205, "σ", "o"),
  };
  op(s, 220, 70, "×", tr("× forget: f · cₜ₋₁ is what is kept"));
  op(s, 370, 70, "+", tr("+ : kept part plus written part gives cₜ"));
  op(s, 370, 140, "×", tr("× input: i · g is what is written"));
  op(s, 540, 205, "×", tr("× output: o · tanh(cₜ) gives hₜ"));
  const th = sv("g", { class: "cv-op" }, s);
  sv("ellipse", { cx: 540, cy: 135, rx: 30, ry: 14 }, th);
  sv("text", { x: 540, y: 140, text: "tanh", class: "cv-small" }, th);
  const L = {
    prev: label(s, 6, 58), next: label(s, 714, 58, "end"),
    // above the × and + (between them it had 114 units: too few for "збережено −0,126" or
    // a projector's type), with the room between the state labels at either end
    kept: label(s, 295, 48, "middle", "cv-lbl cv-flow"),
    wrote: label(s, 380, 110, "start", "cv-lbl cv-flow"),
    hprev: label(s, 6, 258), hnext: label(s, 714, 193, "end"),
    x: label(s, 175, 322),
  };
  return { svg: s, boxes: n, L };
}

function buildGRU() {
  const s = frame("gru", 330);
  line(s, "M0,70 H706"); // the hidden state h runs along the top
  arrowHead(s, 716, 70, "right");
  line(s, "M130,70 V268 H470 M165,330 V268"); // h_prev drops into the [h_prev, x_t] bus
  for (const x of [220, 300, 470]) line(s, `M${x},268 V233`);
  line(s, "M130,140 H206 M220,177 V154 M234,140 H470 V177"); // r · (…h) → candidate
  line(s, "M300,177 V110 H520 V126 M370,110 V84"); // z → keep ×, and → 1−z
  line(s, "M534,140 H556 M507,205 H570 V154 M570,126 V84"); // (1−z) · n → +
  const n = {
    reset: gateBox(s, 220, 205, "σ", "r"),
    update: gateBox(s, 300, 205, "σ", "z"),
    candidate: gateBox(s, 470, 205, "tanh", "n", false),
  };
  op(s, 220, 140, "×", tr("× reset: r scales the old state's part of the candidate"));
  op(s, 370, 70, "×", tr("× keep: z · hₜ₋₁ is what is kept"));
  op(s, 520, 140, "1−", tr("1 − z: how much of the candidate is taken"));
  op(s, 570, 140, "×", tr("× take: (1 − z) · n"));
  op(s, 570, 70, "+", tr("+ : kept part plus taken part gives hₜ"));
  const L = {
    prev: label(s, 6, 58), next: label(s, 714, 58, "end"),
    kept: label(s, 470, 48, "middle", "cv-lbl cv-flow"),
    wrote: label(s, 584, 112, "start", "cv-lbl cv-flow"),
    x: label(s, 175, 322),
  };
  return { svg: s, boxes: n, L };
}

function termBox(g, x, y, w, title) {
  const grp = sv("g", { class: "cv-term", role: "img" }, g);
  const t = sv("title", {}, grp);
  sv("rect", { x: x - w / 2, y: y - 28, width: w, height: 56, rx: 9 }, grp);
  sv("text", { x, y: y - 6, class: "cv-gate-fn", math: title }, grp);
  const val = sv("text", { x, y: y + 19, class: "cv-gate-val" }, grp);
  return { grp, t, val };
}

function buildRNN(nonlin) {
  const s = frame("rnn", 330);
  line(s, "M0,120 H165 M335,120 H430 V161 M250,330 V263 M335,235 H430 V189");
  line(s, "M444,175 H523 M597,175 H706");
  arrowHead(s, 716, 175, "right");
  const tH = termBox(s, 250, 120, 170, "W_hh·hₜ₋₁ + b_hh");
  const tW = termBox(s, 250, 235, 170, "W_ih·xₜ + b_ih");
  op(s, 430, 175, "+", tr("+ : the sum W_ih·xₜ + W_hh·hₜ₋₁ + b, before tanh squashes it " +
    "(the sum before squashing)"));
  const n = { rnn: gateBox(s, 560, 175, nonlin, "", false) };
  const L = {
    prev: label(s, 6, 108), hnext: label(s, 714, 163, "end"),
    pre: label(s, 450, 165, "start", "cv-lbl cv-flow"), x: label(s, 262, 322),
  };
  return { svg: s, boxes: n, L, tH, tW };
}

function buildBag() {
  const s = frame("bag", 250);
  line(s, "M0,90 H286 M314,90 H436 M464,90 H706 M450,250 V184 M450,156 V104");
  arrowHead(s, 716, 90, "right");
  const a = op(s, 300, 90, "×", tr("× (t−1)/t: the old mean's weight"));
  const b = op(s, 450, 170, "×", tr("× 1/t: the new token's weight"));
  op(s, 450, 90, "+", tr("+ : the running mean of the embeddings"));
  const L = {
    prev: label(s, 6, 78), next: label(s, 714, 78, "end"),
    wa: label(s, 300, 130, "middle", "cv-lbl cv-flow"),
    wb: label(s, 470, 200, "start", "cv-lbl cv-flow"), x: label(s, 462, 242),
  };
  return { svg: s, boxes: {}, L, a, b };
}

// On a phone the diagram keeps a legible size and scrolls sideways inside its panel, and a
// phone shows no scrollbar until one scrolls: a line says so while part of it is hidden.
function swipeHint(panel) {
  const hint = el("p", { class: "cv-swipe", text: tr("Swipe sideways to see the whole diagram.") });
  panel.appendChild(hint);
  const check = () => {
    hint.hidden = panel.scrollWidth <= panel.clientWidth + 1;
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(check).observe(panel);
  check();
  return hint;
}

/** Build the diagram for payload p; returns {svg, update(view)}. */
function buildDiagram(p) {
  const kind = p.kind;
  const d = kind === "lstm" ? buildLSTM() : kind === "gru" ? buildGRU()
    : kind === "rnn" ? buildRNN(p.nonlinearity || "tanh") : buildBag();
  d.svg.setAttribute("aria-label", tr("{kind} cell diagram", { kind: kind.toUpperCase() }));
  d.update = (v) => updateDiagram(d, p, v);
  return d;
}

// v: {t, mean, gates: {name: value}, prev/next states, terms, token, back}
function updateDiagram(d, p, v) {
  const L = d.L;
  const pm = v.back ? "₊₁" : "₋₁"; // a backward step starts from the state at t+1
  const hide = v.mean; // the line values belong to one unit: hidden in "mean over units"
  const val = (name, x) => (hide ? `${name}` : `${name} = ${fmt(x)}`);
  const g = v.gates;
  const desc = {
    forget: tr("forget gate f = {v}: keeps {v} of {c}", { v: fmt(g.forget, 2), c: `cₜ${pm}` }),
    input: tr("input gate i = {v}: writes {v} of the candidate g", { v: fmt(g.input, 2) }),
    candidate: p.kind === "lstm"
      ? tr("candidate g = {v}: the value proposed for the cell", { v: fmt(g.candidate, 2) })
      : tr("candidate n = {v}: the new value proposed", { v: fmt(g.candidate, 2) }),
    output: tr("output gate o = {v}: shows {v} of tanh(cₜ) as hₜ", { v: fmt(g.output, 2) }),
    reset: tr("reset gate r = {v}: lets {v} of the old state into n", { v: fmt(g.reset, 2) }),
    update: tr("update gate z = {v}: keeps {v} of {h}, takes {rest} of n",
      { v: fmt(g.update, 2), h: `hₜ${pm}`, rest: fmt(1 - g.update, 2) }),
    rnn: tr("hₜ = {f}(the sum before it) = {v}",
      { f: p.nonlinearity || "tanh", v: fmt(g.rnn, 2) }),
  };
  for (const [name, box] of Object.entries(d.boxes)) {
    const suffix = v.mean ? ` ${tr("(mean over {n} units)", { n: p.units })}` : "";
    paintGate(box, g[name], desc[name] + suffix);
  }
  if (p.kind === "lstm") {
    setText(L.prev, val(`cₜ${pm}`, v.c_prev));
    setText(L.next, val("cₜ", v.c));
    setText(L.hprev, val(`hₜ${pm}`, v.h_prev));
    setText(L.hnext, val("hₜ", v.h));
    setText(L.kept, hide ? tr("kept f·c") : tr("kept {v}", { v: fmt(g.forget * v.c_prev) }));
    setText(L.wrote, hide ? tr("wrote i·g")
      : tr("wrote {v}", { v: fmt(g.input * g.candidate) }));
  } else if (p.kind === "gru") {
    setText(L.prev, val(`hₜ${pm}`, v.h_prev));
    setText(L.next, val("hₜ", v.h));
    setText(L.kept, hide ? tr("kept z·h") : tr("kept {v}", { v: fmt(g.update * v.h_prev) }));
    setText(L.wrote, hide ? tr("took (1−z)·n")
      : tr("took {v}", { v: fmt((1 - g.update) * g.candidate) }));
  } else if (p.kind === "rnn") {
    setText(L.prev, val(`hₜ${pm}`, v.h_prev));
    setText(L.hnext, val("hₜ", v.h));
    setText(d.tH.val, hide ? "—" : fmt(v.terms.h));
    setText(d.tW.val, hide ? "—" : fmt(v.terms.x));
    setText(L.pre, hide ? "" : `= ${fmt(v.terms.pre)}`);
    const sh = p.shapes;
    setText(d.tH.t, tr("W_hh: {shape} (hidden × hidden)", { shape: `${sh.W_hh[0]}×${sh.W_hh[1]}` }));
    setText(d.tW.t, tr("W_ih: {shape} (hidden × input)", { shape: `${sh.W_ih[0]}×${sh.W_ih[1]}` }));
  } else {
    setText(L.prev, val(`sₜ${pm}`, v.h_prev));
    setText(L.next, val("sₜ", v.h));
    const t = v.t + 1;
    setText(L.wa, `× ${t - 1}/${t}`);
    setText(L.wb, `× 1/${t}`);
  }
  setText(L.x, `xₜ  «${showToken(v.token)}»`);
}
