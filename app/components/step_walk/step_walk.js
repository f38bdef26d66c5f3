// "Inside one step": the entry point. Builds the header, the diagram + whole-layer panel and
// the vertical stepper of operations; ◀ ▶ (or a click, or ←/→/↑/↓ while focus is inside)
// moves one operation at a time, all in the browser. Python hears back only when a unit is
// clicked in the whole-layer strips (setStateValue("unit", …)).
//
// Streamlit calls the default export again whenever the walk changes, with the same
// parentElement; the instance (and so the current operation) lives in a WeakMap keyed by it.

const swInstances = new WeakMap();
let swSeq = Date.now(); // report numbers, increasing across remounts

function swDiagramData(walk) {
  // the cell view's drawing reads a payload and per-step values: build both from the walk
  const byId = Object.fromEntries(walk.ops.map((o) => [o.id, o]));
  const u = walk.unit;
  const p = { kind: walk.kind, nonlinearity: walk.nonlinearity, units: walk.units,
    shapes: walk.shapes || {} };
  const gates = {};
  for (const o of walk.ops) if (o.kind === "gate") gates[o.gate] = o.act;
  const v = { t: walk.step, mean: false, gates, token: walk.token, back: walk.direction === 1 };
  if (walk.kind === "bag") {
    v.h_prev = byId.mean.s_prev.values[u];
    v.h = byId.mean.s.values[u];
    return { p, v };
  }
  v.h_prev = byId.prev.h_prev.values[u];
  v.h = byId.hidden.values.h;
  if (byId.cell) {
    v.c_prev = byId.cell.values.c_prev;
    v.c = byId.cell.values.c;
  }
  if (byId.rnn) v.terms = { x: byId.rnn.x_part, h: byId.rnn.h_part, pre: byId.rnn.pre };
  return { p, v };
}

/** The one-line result shown on a collapsed operation. */
function swSummary(walk, op) {
  const u = walk.unit;
  if (op.kind === "embed" || op.kind === "read") return tr("xₜ: {n} numbers", { n: op.x.size });
  if (op.kind === "prev") return `h${walk.prev}[${u}] = ${fmt(op.h_prev.values[u])}`;
  if (op.kind === "gate") {
    return op.symbol ? `${op.symbol} = ${fmt(op.act)}` : tr("sum = {v}", { v: fmt(op.pre) });
  }
  if (op.id === "cell") return `cₜ = ${fmt(op.values.c)}`;
  if (op.id === "hidden") return `hₜ = ${fmt(op.values.h)}`;
  if (op.id === "mean") return `sₜ[${u}] = ${fmt(op.s.values[u])}`;
  return "";
}

class StepWalk {
  constructor(parent) {
    this.root = el("div", { class: "cv-root sw-root", tabindex: "-1" });
    parent.appendChild(this.root);
    this.cur = 0;
    this.root.addEventListener("keydown", (e) => this.key_(e));
  }

  update(walk, api) {
    this.api = api;
    const full = JSON.stringify(walk);
    if (full === this.full) return;
    // stay on the same operation when the unit or token changes; a fresh mount opens walk.op
    const want = this.walk ? this.walk.ops[this.cur].id : walk.op;
    this.full = full;
    this.walk = walk;
    setWords(walk.words);
    const k = walk.ops.findIndex((o) => o.id === want);
    this.cur = k >= 0 ? k : clamp(this.cur, 0, walk.ops.length - 1);
    const focus = this.root.getRootNode().activeElement;
    const role = focus && this.root.contains(focus) ? focus.dataset.role : null;
    this.build();
    const again = role && this.root.querySelector(`[data-role="${role}"]`);
    if (again) again.focus();
  }

  build() {
    const w = this.walk;
    this.root.className = `cv-root sw-root${w.large ? " sw-large cv-large" : ""}`;
    this.root.replaceChildren();
    // ---- header: the token and where we are
    const cell = w.kind === "bag" ? tr("Bag of embeddings")
      : tr("{kind} cell", { kind: w.kind.toUpperCase() });
    const dir = w.num_directions > 1
      ? ` · ${w.direction === 1 ? tr("backward ←") : tr("forward →")}` : "";
    const f = { n: w.step + 1, total: w.tokens.length, cell, layer: w.layer,
      layers: w.num_layers, unit: w.unit, units: w.units };
    const where = tr("token {n} of {total}", f) + ` · ${cell} · ` +
      (w.num_layers > 1 ? tr("layer {layer} of {layers}", f) : tr("layer {layer}", f)) +
      `${dir} · ${tr("unit {unit} of {units}", f)}`;
    const tok = el("span", { class: "sw-token" });
    tok.textContent = `«${showToken(w.token)}»`;
    const head = el("div", { class: "sw-head" }, [
      el("h3", {}, [el("span", { text: `${tr("Inside one step:")} ` }), tok]),
      el("span", { class: "sw-where",
        text: where + (w.unknown ? ` · ${tr("unknown word")}` : "") }),
    ]);
    // ---- left: the diagram (where it happens) and the whole layer (all units)
    const { p, v } = swDiagramData(w);
    this.diagram = buildDiagram(p);
    this.diagram.update(v);
    this.diagram.svg.classList.add("sw-dim");
    const diag = el("section", { class: "cv-cell sw-diagram" }, [
      el("h4", { text: tr("Where it happens (unit {unit})", { unit: w.unit }) }),
      this.diagram.svg]);
    swipeHint(diag);
    const strips = el("section", { class: "sw-layer" }, [
      el("h4", { text: tr("The whole layer at this step: all {n} units", { n: w.units }) }),
      el("p", { class: "sw-note", text: tr("One cell per unit, the chosen one framed; click a " +
        "unit to look inside it. Gates: dark = closed (0), yellow = open (1). States: " +
        "orange above 0, blue below 0 (as in every chart).") }),
      swStrips(w, (u) => this.pickUnit(u))]);
    this.layerBox = strips;
    const left = el("div", { class: "sw-left" }, [diag, strips]);
    // ---- right: the stepper
    this.prevBtn = el("button", { type: "button", class: "cv-btn", text: tr("◀ previous"),
      "data-role": "prev", "aria-label": tr("previous operation"),
      title: tr("previous operation (←)") });
    this.nextBtn = el("button", { type: "button", class: "cv-btn", text: tr("next ▶"),
      "data-role": "next", "aria-label": tr("next operation"), title: tr("next operation (→)") });
    this.prevBtn.addEventListener("click", () => this.go(this.cur - 1));
    this.nextBtn.addEventListener("click", () => this.go(this.cur + 1));
    this.counter = el("span", { class: "sw-counter", "aria-live": "polite" });
    const controls = el("div", { class: "sw-controls" }, [this.prevBtn, this.counter,
      this.nextBtn]);
    this.list = el("ol", { class: "sw-ops", "aria-label": tr("operations of this step") });
    this.items = w.ops.map((op, k) => {
      const btn = el("button", { type: "button", class: "sw-op-head", "data-role": `op-${op.id}`,
        "aria-controls": `sw-body-${k}` });
      btn.append(el("span", { class: "sw-op-title", text: op.title }),
        el("span", { class: "sw-op-sum", text: swSummary(w, op) }));
      btn.addEventListener("click", () => this.go(k));
      const body = el("div", { class: "sw-op-body", id: `sw-body-${k}` });
      const li = el("li", { class: "sw-op", "data-op": op.id }, [btn, body]);
      this.list.appendChild(li);
      return { li, btn, body, built: false };
    });
    const right = el("div", { class: "sw-right" }, [controls, this.list]);
    this.root.append(head, el("div", { class: "sw-main" }, [left, right]));
    this.render();
  }

  body(op) {
    const w = this.walk;
    const parts = [el("p", { class: "sw-text", text: op.text }),
      el("div", { class: "sw-formula", text: op.formula })];
    const nums = swNumbers(w, op);
    const shapes = swShapes(op, op.kind !== "gate");
    if (op.kind === "gate") {
      parts.push(el("div", { class: "sw-pair" }, [nums, shapes]),
        el("p", { class: "sw-note", text: op.block }));
    } else if (nums) parts.push(nums);
    if (op.kind === "embed" || op.kind === "read") parts.push(swVector("xₜ", op.x));
    if (op.kind === "prev") {
      parts.push(swVector(`h${w.prev}`, op.h_prev));
      if (op.c_prev) parts.push(swVector(`c${w.prev}`, op.c_prev));
    }
    if (op.kind === "mean") parts.push(swVector("sₜ", op.s));
    if (shapes && op.kind !== "gate") parts.push(shapes);
    if (op.kind === "gate") {
      parts.push(el("h5", { text: tr("Which numbers pushed it up or down") }));
      parts.push(el("div", { class: "cv-legend" }, [
        el("span", { class: "cv-key cv-key-pos", text: tr("pushes up (+)") }),
        el("span", { class: "cv-key cv-key-neg", text: tr("pushes down (−)") }),
        el("span", { text: tr("each term is weight × value") })]));
      parts.push(swContrib(w, op));
    }
    if (op.kind === "layer") {
      parts.push(el("p", { class: "sw-note", text: tr("The strips on the left are this: " +
        "every gate of every unit at this token, computed at once.") }));
    }
    return parts;
  }

  render() {
    const w = this.walk;
    const n = w.ops.length;
    const op = w.ops[this.cur];
    this.items.forEach((it, k) => {
      const open = k === this.cur;
      it.li.classList.toggle("sw-open", open);
      it.li.classList.toggle("sw-done", k < this.cur);
      it.btn.setAttribute("aria-expanded", String(open));
      if (open) it.btn.setAttribute("aria-current", "step");
      else it.btn.removeAttribute("aria-current");
      if (open && !it.built) {
        it.body.replaceChildren(...this.body(w.ops[k]));
        it.built = true;
      }
      it.body.hidden = !open;
    });
    setText(this.counter, tr("operation {n} of {total}", { n: this.cur + 1, total: n }));
    this.prevBtn.disabled = this.cur === 0;
    this.nextBtn.disabled = this.cur === n - 1;
    // light up where in the cell this happens; dim the rest
    for (const e of this.diagram.svg.querySelectorAll(".sw-hl")) e.classList.remove("sw-hl");
    for (const e of swTargets(this.diagram, w.kind, op.id)) e.classList.add("sw-hl");
    this.diagram.svg.classList.toggle("sw-dim", op.kind !== "layer");
    this.layerBox.classList.toggle("sw-hl-box", op.kind === "layer");
    this.root.dataset.op = op.id;
    this.root.dataset.index = String(this.cur);
  }

  go(k) {
    k = clamp(k, 0, this.walk.ops.length - 1);
    if (k === this.cur) return;
    this.cur = k;
    this.render();
  }

  pickUnit(u) {
    if (!this.api || u === this.walk.unit) return;
    this.api.setStateValue("unit", { unit: u, seq: ++swSeq });
  }

  key_(e) {
    if (e.ctrlKey || e.altKey || e.metaKey || !this.walk) return;
    const t = e.composedPath()[0];
    const tag = (t && t.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    const moves = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };
    if (e.key in moves) {
      e.preventDefault();
      this.go(this.cur + moves[e.key]);
      const it = this.items[this.cur];
      if (t && t.classList && t.classList.contains("sw-op-head")) it.btn.focus();
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      this.go(e.key === "Home" ? 0 : this.walk.ops.length - 1);
    }
  }
}

export default function stepWalk(component) {
  const { data, parentElement } = component;
  if (!data || !Array.isArray(data.ops) || data.ops.length === 0) return undefined;
  let inst = swInstances.get(parentElement);
  if (!inst || !inst.root.isConnected) {
    inst = new StepWalk(parentElement);
    swInstances.set(parentElement, inst);
  }
  inst.update(data, component);
  return () => {
    swInstances.delete(parentElement);
    inst.root.remove();
  };
}
