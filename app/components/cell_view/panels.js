// The cell view's panels beside the diagram: the flag lamps, the formula with the real
// numbers, and the prediction bars. Each is built once per payload and updated per step.

/** The state each step started from: t−1 forward, t+1 backward, zeros at the start. */
function prevRow(p, t) {
  const s = p.direction === 1 ? t + 1 : t - 1;
  return s >= 0 && s < p.state.length ? p.state[s] : null;
}

/** The units in display order at step t ("change": largest |state_t − state_prev| first).
 * With a property chosen, the diagram's unit (by default the property's best lamp) sits first. */
function unitOrder(p, t) {
  let idx = Array.isArray(p.order) ? [...p.order] : [...Array(p.units).keys()];
  if (p.order === "change") {
    const now = p.state[t];
    const before = prevRow(p, t);
    const d = (u) => Math.abs(now[u] - (before ? before[u] : 0));
    idx.sort((a, b) => d(b) - d(a) || a - b);
  }
  if (p.lamps && p.lamps.property && p.unit !== null) {
    idx = [p.unit, ...idx.filter((u) => u !== p.unit)];
  }
  return idx;
}

/** A unit's lamp for value v: "high" (on, above its cut), "low" (on, below) or "off".
 * Each unit has its own cut, measured on a reference sample (p.lamps); without one, a lamp
 * is on when |v| ≥ p.threshold. */
function lampState(p, u, v) {
  const L = p.lamps;
  if (!L) return Math.abs(v) >= p.threshold ? (v >= 0 ? "high" : "low") : "off";
  const above = L.on_above[u], below = L.on_below[u];
  if (above !== null && v > above) return "high";
  if (below !== null && v < below) return "low";
  return "off";
}

/** Where the unit is "on", in words: "above −0.27" / "below 0.54" / "outside −1.2 … 0.8". */
function onRange(p, u) {
  const L = p.lamps;
  if (!L) return tr("|value| ≥ {t}", { t: fmt(p.threshold, 2) });
  const a = L.on_above[u], b = L.on_below[u];
  if (a !== null && b !== null) {
    return tr("below {b} or above {a}", { b: fmt(b, 2), a: fmt(a, 2) });
  }
  return a !== null ? tr("above {a}", { a: fmt(a, 2) }) : tr("below {b}", { b: fmt(b, 2) });
}

function buildFlags(p) {
  const L = p.lamps;
  const prop = L && L.property ? L.property_label : "";
  const box = el("section", { class: "cv-flags", "aria-label": tr("flags: one lamp per unit") });
  const head = el("div", { class: "cv-panel-head" });
  const title = el("h4", { text: prop ? tr("Flags for «{prop}»: one lamp per unit", { prop })
    : tr("Flags: {state}, one lamp per unit", { state: p.state_name }) });
  const summary = el("span", { class: "cv-switched", "aria-live": "polite" });
  head.append(title, summary);
  const usual = tr("Every other lamp is on when its unit is outside its usual range (its " +
    "average ± 1.5 spreads there).");
  const nFlags = L && prop ? L.flag.filter(Boolean).length : 0;
  // the flags' sentence comes with its count's plural form chosen on the server (payload.py)
  const flagsHow = (p.words && p.words._flags_how) || (nFlags === 1
    ? "{n} unit is a flag for «{prop}» (marked ⚑): a flag's lamp is on on the «{prop}» side " +
      "of its own cut, the cut that best tells, on {samples} words of generated example " +
      "sentences, where «{prop}» holds from where it does not. {usual} The bar under a lamp " +
      "is the unit's whole range on those sentences, shaded where it is on; the mark is the " +
      "value now."
    : "{n} units are flags for «{prop}» (marked ⚑): a flag's lamp is on on the «{prop}» side " +
      "of its own cut, the cut that best tells, on {samples} words of generated example " +
      "sentences, where «{prop}» holds from where it does not. {usual} The bar under a lamp " +
      "is the unit's whole range on those sentences, shaded where it is on; the mark is the " +
      "value now.");
  const how = !L ? tr("A lamp is on when the unit's value is at least {t} from 0 " +
      "(this model has no example sentences to measure each unit's own range on).",
    { t: fmt(p.threshold, 2) })
    : prop ? tr(flagsHow, { n: nFlags, prop, samples: L.samples, usual })
    : tr("A lamp is on when its unit is outside its usual range (its average ± 1.5 spreads, " +
      "measured on {samples} words of generated example sentences). The bar under a " +
      "lamp is the unit's whole range there, shaded where it is on; the mark is the value now.",
    { samples: L.samples });
  const legend = el("div", { class: "cv-legend" }, [
    el("span", { class: "cv-key cv-key-pos", text: tr("on, value above 0") }),
    el("span", { class: "cv-key cv-key-neg", text: tr("on, value below 0") }),
    el("span", { class: "cv-key cv-key-off", text: tr("off") }),
    el("span", { class: "cv-key cv-key-sw", text: tr("switched at this token") }),
    el("span", { class: "cv-order", text: tr("order: {order}", { order: p.order_label }) }),
  ]);
  const note = el("p", { class: "cv-lamp-how", text: how });
  const grid = el("div", { class: "cv-lamps", role: "list" });
  const lamps = new Map();
  for (const u of unitOrder(p, p.step)) {
    const bulb = el("span", { class: "cv-bulb" });
    const num = el("span", { class: "cv-lamp-val" });
    const on = el("span", { class: "cv-scale-on" });
    const now = el("span", { class: "cv-scale-now" });
    const scale = el("span", { class: "cv-scale", "aria-hidden": "true" }, [on, now]);
    const isFlag = Boolean(prop && L.flag[u]);
    const lamp = el("div", { class: "cv-lamp", role: "listitem" }, [
      el("span", { class: "cv-lamp-unit", text: isFlag ? `⚑${u}` : `${u}` }), bulb, num, scale]);
    if (u === p.unit) lamp.classList.add("cv-chosen");
    lamps.set(u, { lamp, bulb, num, on, now });
    grid.appendChild(lamp);
  }
  box.append(head, legend, note, grid);

  // the scale of unit u: its range on the sample (or, with no sample, this sentence's values)
  function range(u) {
    let lo = L ? L.low[u] : Math.min(...p.state.map((r) => r[u]));
    let hi = L ? L.high[u] : Math.max(...p.state.map((r) => r[u]));
    if (!(hi > lo)) { lo -= 1; hi += 1; }
    return [lo, hi];
  }

  function place(u, v, parts) {
    let [lo, hi] = range(u);
    lo = Math.min(lo, v); hi = Math.max(hi, v); // a value outside the sample's range still shows
    const at = (x) => `${(100 * (clamp(x, lo, hi) - lo)) / (hi - lo)}%`;
    const a = L ? L.on_above[u] : p.threshold, b = L ? L.on_below[u] : -p.threshold;
    // one shaded side (a property's cut) or both (the usual range, the fixed threshold)
    if (a !== null && b !== null) {
      parts.on.style.left = "0"; parts.on.style.width = "100%";
      parts.on.style.background = `linear-gradient(to right, var(--cv-on) ${at(b)}, ` +
        `transparent ${at(b)}, transparent ${at(a)}, var(--cv-on) ${at(a)})`;
    } else if (a !== null) {
      parts.on.style.left = at(a); parts.on.style.width = `calc(100% - ${at(a)})`;
    } else {
      parts.on.style.left = "0"; parts.on.style.width = at(b);
    }
    parts.now.style.left = at(v);
    return [lo, hi];
  }

  function update(t, token) {
    const now = p.state[t];
    const before = prevRow(p, t);
    let on = 0, off = 0, flip = 0, lit = 0;
    const order = unitOrder(p, t);
    if (p.order === "change") for (const u of order) grid.appendChild(lamps.get(u).lamp);
    for (const u of order) {
      const parts = lamps.get(u);
      const { lamp, bulb, num } = parts;
      const v = now[u];
      const b = before ? before[u] : null;
      const st = lampState(p, u, v);
      const was = b === null ? "off" : lampState(p, u, b);
      const isOn = st !== "off";
      // switched: crossed its own cut (at the first token: compared with the zero start state)
      const switched = st !== was;
      if (switched) {
        if (isOn && was === "off") on++;
        else if (!isOn) off++;
        else flip++;
      }
      lit += isOn;
      const cls = isOn ? (v >= 0 ? "cv-pos" : "cv-neg") : "cv-off";
      lamp.className = `cv-lamp ${cls}${switched ? " cv-sw" : ""}${u === p.unit ? " cv-chosen" : ""}`;
      // an on lamp takes the colour of its value's sign, as in the heatmap and the diagram
      const [lo, hi] = place(u, v, parts);
      const span = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
      bulb.style.background = isOn ? rgb(signedColor(Math.sign(v) * Math.max(0.55,
        Math.abs(v) / span))) : "";
      setText(num, fmt(v, 2));
      const what = prop && L.flag[u] ? ` ${tr("for {prop}", { prop })}`
        : L ? ` ${tr("(usual range)")}` : "";
      const sw = switched ? (isOn ? tr(", switched on at this token")
        : tr(", switched off at this token")) +
        (b === null ? "" : ` ${tr("(was {v})", { v: fmt(b, 2) })}`) : "";
      const fields = { unit: u, symbol: p.state_symbol, v: fmt(v), what, switched: sw,
        where: onRange(p, u), lo: fmt(lo, 2), hi: fmt(hi, 2) };
      const lbl = isOn
        ? tr("unit {unit}: {symbol} = {v}, lamp on{what}{switched}; on {where}, range {lo} to {hi}",
          fields)
        : tr("unit {unit}: {symbol} = {v}, lamp off{what}{switched}; on {where}, range {lo} to {hi}",
          fields);
      lamp.title = lbl;
      lamp.setAttribute("aria-label", lbl);
    }
    const n = on + off + flip;
    const counts = { lit, all: order.length, n, token: showToken(token), on, off, flip };
    setText(summary, tr("{lit} of {all} on · {n} switched at «{token}»", counts) +
      (!n ? "" : ` ${flip ? tr("({on} on, {off} off, {flip} crossed to the other side)", counts)
        : tr("({on} on, {off} off)", counts)}`));
  }
  return { el: box, update };
}

// ---- the formula ---------------------------------------------------------------------------

const GATE_EQ = {
  lstm: {
    input: ["i", "σ", "W_ii·x + b_ii + W_hi·h + b_hi"],
    forget: ["f", "σ", "W_if·x + b_if + W_hf·h + b_hf"],
    candidate: ["g", "tanh", "W_ig·x + b_ig + W_hg·h + b_hg"],
    output: ["o", "σ", "W_io·x + b_io + W_ho·h + b_ho"],
  },
  gru: {
    reset: ["r", "σ", "W_ir·x + b_ir + W_hr·h + b_hr"],
    update: ["z", "σ", "W_iz·x + b_iz + W_hz·h + b_hz"],
    candidate: ["n", "tanh", "W_in·x + b_in + r·(W_hn·h + b_hn)"],
  },
};

function eqLine(parent, lhs, parts, result, note) {
  const row = el("div", { class: "cv-eq" });
  row.appendChild(el("span", { class: "cv-eq-lhs", text: `${lhs} = ` }));
  parts.forEach((s, i) => {
    row.appendChild(el("span", i === 0 ? { class: "cv-eq-sym", math: s }
      : { class: "cv-eq-num", text: s }));
    row.appendChild(document.createTextNode(" = "));
  });
  row.appendChild(el("span", { class: "cv-eq-res", text: fmt(result) }));
  if (note) row.appendChild(el("span", { class: "cv-eq-note", math: note }));
  parent.appendChild(row);
}

function buildFormula(p) {
  const box = el("section", { class: "cv-formula", "aria-label": tr("formula with real numbers") });
  const head = el("h4");
  const body = el("div", { class: "cv-eqs" });
  const shapes = el("div", { class: "cv-shapes" });
  const input = el("div", { class: "cv-input" });
  box.append(head, body, input, shapes);
  const sh = p.shapes;
  const G = { lstm: 4, gru: 3, rnn: 1 }[p.kind];
  if (sh.W_ih) {
    const per = G > 1 ? tr("({g} gates × {h} units)", { g: G, h: sh.hidden_size })
      : tr("(hidden × input)");
    setMath(shapes, `W_ih: ${sh.W_ih[0]}×${sh.W_ih[1]} ${per} · W_hh: ` +
      `${sh.W_hh[0]}×${sh.W_hh[1]} · ${sh.embed_size
        ? tr("embedding size {n}", { n: sh.embed_size }) : tr("no embedding (one-hot input)")}`);
  } else {
    shapes.textContent = tr("embedding size {n}; no weights between steps", { n: sh.embed_size });
  }

  function update(t, token) {
    const u = p.formula_unit;
    const back = p.direction === 1;
    const pm = back ? "ₜ₊₁" : "ₜ₋₁";
    const dir = p.num_directions > 1 ? `, ${back ? tr("backward ←") : tr("forward →")}` : "";
    const pick = p.unit === null ? ` ${tr("(no unit chosen: showing unit 0)")}` : "";
    head.textContent = tr("Unit {unit} at token {n} «{token}» · layer {layer}",
      { unit: u, n: t + 1, token: showToken(token), layer: p.layer }) + `${dir}${pick}`;
    body.replaceChildren();
    const s = p.series;
    const term = (name, k) => p.terms[name][k][t];
    if (p.kind === "lstm" || p.kind === "gru") {
      for (const [name, [sym, fn, eq]] of Object.entries(GATE_EQ[p.kind])) {
        const a = term(name, "x"), b = term(name, "h");
        const inner = p.kind === "gru" && name === "candidate"
          ? `${fmt(a)} + ${fmt(term("reset", "act"))} × ${fmtTerm(b)}`
          : `${fmt(a)} + ${fmtTerm(b)}`;
        eqLine(body, sym, [`${fn}(${eq})`, `${fn}(${inner})`, `${fn}(${fmt(term(name, "pre"))})`],
          term(name, "act"));
      }
    }
    if (p.kind === "lstm") {
      const f = p.gates.forget[t], i = p.gates.input[t], g = p.gates.candidate[t];
      const o = p.gates.output[t];
      eqLine(body, "cₜ", [`f·c${pm} + i·g`, `${fmt(f)} × ${fmtTerm(s.c_prev[t])} + ${fmt(i)} × ` +
        `${fmtTerm(g)}`], s.c[t],
      tr("kept {kept}, wrote {wrote}", { kept: fmt(f * s.c_prev[t]), wrote: fmt(i * g) }));
      eqLine(body, "hₜ", ["o·tanh(cₜ)", `${fmt(o)} × tanh(${fmt(s.c[t])})`,
        `${fmt(o)} × ${fmtTerm(Math.tanh(s.c[t]))}`], s.h[t]);
    } else if (p.kind === "gru") {
      const z = p.gates.update[t], n = p.gates.candidate[t];
      eqLine(body, "hₜ", [`(1−z)·n + z·h${pm}`, `${fmt(1 - z)} × ${fmtTerm(n)} + ${fmt(z)} × ` +
        `${fmtTerm(s.h_prev[t])}`], s.h[t],
        tr("took {took} of the candidate, kept {kept}",
          { took: fmt((1 - z) * n), kept: fmt(z * s.h_prev[t]) }));
    } else if (p.kind === "rnn") {
      const f = p.nonlinearity || "tanh";
      eqLine(body, "hₜ", [`${f}(W_ih·xₜ + W_hh·h${pm} + b)`,
        `${f}(${fmt(term("rnn", "x"))} + ${fmtTerm(term("rnn", "h"))})`,
        `${f}(${fmt(term("rnn", "pre"))})`], term("rnn", "act"),
        `W_ih·xₜ + b_ih = ${fmt(term("rnn", "x"))}, W_hh·h${pm} + b_hh = ${fmt(term("rnn", "h"))}` +
        `; ${tr("b = b_ih + b_hh (the lesson writes σ; PyTorch's nn.RNN uses {f})", { f })}`);
    } else {
      const k = t + 1, prev = t > 0 ? s.h[t - 1] : 0;
      const x = k * s.h[t] - (k - 1) * prev; // this token's embedding value for the unit
      eqLine(body, "sₜ", ["(x₁ + … + xₜ) / t", `(${k - 1} × ${fmtTerm(prev)} + ${fmtTerm(x)}) / ${k}`],
        s.h[t], tr("the mean does not depend on word order"));
    }
    const xs = p.x_head[t].map((v) => fmt(v, 2)).join(", ");
    const more = sh.input_size > p.x_head[t].length ? ", …" : "";
    input.textContent = tr("xₜ that entered ({source}, {n} values): [{values}]",
      { source: sh.source, n: sh.input_size, values: `${xs}${more}` }) +
      `  ‖xₜ‖ = ${fmt(p.x_norm[t], 2)}`;
  }
  return { el: box, update };
}

// ---- the prediction ------------------------------------------------------------------------

function buildPrediction(p) {
  const pr = p.prediction;
  const box = el("section", { class: "cv-pred", "aria-label": tr("prediction at this step") });
  const head = el("h4");
  const rows = el("div", { class: "cv-bars" });
  box.append(head, rows);
  const n = pr.type === "classifier" ? pr.labels.length : pr.probs[0].length;
  const bars = [];
  for (let k = 0; k < n; k++) {
    const name = el("span", { class: "cv-bar-name" });
    const fill = el("span", { class: "cv-bar-fill" });
    const num = el("span", { class: "cv-bar-num" });
    const row = el("div", { class: "cv-bar" }, [name, el("span", { class: "cv-bar-track" }, [fill]),
      num]);
    if (pr.type === "classifier") {
      name.textContent = pr.labels[k];
      fill.style.background = CLASS_COLOURS[k % CLASS_COLOURS.length]; // as in every chart
    }
    bars.push({ row, name, fill, num });
    rows.appendChild(row);
  }

  function update(t, token) {
    const fields = { token: showToken(token), n: t + 1 };
    head.textContent = pr.type === "classifier"
      ? (t ? tr("If the text ended here: «{token}» (tokens 1–{n})", fields)
        : tr("If the text ended here: «{token}» (token 1)", fields))
      : (t ? tr("Next token after: «{token}» (tokens 1–{n})", fields)
        : tr("Next token after: «{token}» (token 1)", fields));
    const probs = pr.probs[t];
    const best = probs.indexOf(Math.max(...probs));
    bars.forEach((b, k) => {
      if (pr.type === "lm") setText(b.name, `«${showToken(pr.tokens[t][k])}»`);
      b.fill.style.transform = `scaleX(${clamp(probs[k], 0, 1)})`;
      setText(b.num, fmt(probs[k], 2));
      b.row.classList.toggle("cv-best", k === best);
      b.row.title = `${b.name.textContent}: ${fmt(probs[k])}`;
    });
  }
  return { el: box, update };
}
