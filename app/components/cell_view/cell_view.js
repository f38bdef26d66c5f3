// The cell view's entry point: the step bar (chips, slider, prev/next, play/pause, keys) and
// the wiring that updates every part in the browser with no server round trip.
//
// Streamlit calls the default export again whenever the payload changes, with the same
// parentElement; the instance (and so the step and the play timer) lives in a WeakMap keyed
// by it. The step goes back to Python with setStateValue("step", …) only when the user pauses
// or stops stepping (debounced), never per frame while playing.

const SPEEDS = [0.5, 1, 2];
const BASE_MS = 1000; // one token per second at 1×
const REPORT_MS = 180; // manual steps are reported after this quiet time
const instances = new WeakMap();
let active = null; // the instance the keyboard drives: the last one touched
let seq = Date.now(); // report numbers, increasing across remounts

function signature(p) {
  return JSON.stringify([p.kind, p.layer, p.direction, p.units, p.tokens.map((t) => t.text)]);
}

function isTyping(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select" || target.isContentEditable) return true;
  if (tag === "input") return !["button", "checkbox", "radio", "range"].includes(target.type);
  const role = target.getAttribute && target.getAttribute("role");
  return ["textbox", "combobox", "slider", "spinbutton", "listbox", "option"].includes(role);
}

class CellView {
  constructor(parent, key) {
    this.key = key;
    this.root = el("div", { class: "cv-root" });
    parent.appendChild(this.root);
    this.step = 0;
    this.timer = null;
    this.reportTimer = null;
    this.reported = []; // steps sent to Python whose echo has not come back yet
    this.serverStep = null;
    this.sig = null;
    this.mean = false;
    this.onKey = (e) => this.key_(e);
    document.addEventListener("keydown", this.onKey);
    startFollowing();
    const touch = () => { active = this; };
    this.root.addEventListener("pointerdown", touch);
    this.root.addEventListener("focusin", touch);
    active = this;
  }

  update(p, api) {
    this.api = api;
    const sig = signature(p);
    const T = p.tokens.length;
    const fresh = sig !== this.sig;
    const full = JSON.stringify({ ...p, step: 0 });
    const changed = full !== this.full;
    this.p = p;
    this.full = full;
    setWords(p.words);
    if (fresh) {
      // a new sentence read while the focus is in a text box (Enter in the sentence box,
      // perhaps before this view existed): ← / → step through it until the student types
      const focus = document.activeElement;
      if (focus && !this.root.contains(focus) && isTyping(focus) && "value" in focus) {
        this.entered = { target: focus, value: focus.value };
      }
      this.pause(false);
      this.step = p.step;
      this.mean = p.unit === null;
      this.reported = [];
    } else {
      // A payload step we did not send ourselves is the page moving the cursor: follow it.
      const echo = this.reported.indexOf(p.step);
      if (echo >= 0) this.reported.splice(0, echo + 1);
      else if (p.step !== this.serverStep && this.timer === null) this.step = p.step;
    }
    this.step = clamp(this.step, 0, T - 1);
    this.serverStep = p.step;
    this.sig = sig;
    if (changed) {
      // keep the keyboard focus on the same control across a rebuild
      const focus = this.root.getRootNode().activeElement;
      const role = focus && this.root.contains(focus) ? focus.dataset.role : null;
      this.build();
      const again = role && this.root.querySelector(`[data-role="${role}"]`);
      if (again) again.focus();
    }
    this.render();
  }

  build() {
    const p = this.p;
    const T = p.tokens.length;
    this.root.className = `cv-root${p.large ? " cv-large" : ""}`;
    this.root.replaceChildren();
    // ---- step bar
    this.chips = el("div", { class: "cv-chips", role: "group", "aria-label": tr("tokens") });
    this.chipEls = p.tokens.map((tok, t) => {
      const c = el("button", { type: "button", class: `cv-chip${tok.unknown ? " cv-unk" : ""}`,
        title: tok.unknown ? tr("unknown: «{token}» is not in the model's vocabulary",
          { token: tok.text }) : tr("token {n}: «{token}»", { n: t + 1, token: tok.text }) });
      c.textContent = showToken(tok.text);
      c.addEventListener("click", () => this.go(t));
      this.chips.appendChild(c);
      return c;
    });
    this.slider = el("input", { type: "range", min: "0", max: String(T - 1), step: "1",
      class: "cv-slider", "data-role": "slider", "aria-label": tr("token") });
    this.slider.disabled = T < 2;
    this.slider.addEventListener("input", () => this.go(Number(this.slider.value)));
    this.prevBtn = el("button", { type: "button", class: "cv-btn", text: tr("◀ prev"),
      "data-role": "prev", "aria-label": tr("previous token"), title: tr("previous token (←)") });
    this.nextBtn = el("button", { type: "button", class: "cv-btn", text: tr("next ▶"),
      "data-role": "next", "aria-label": tr("next token"), title: tr("next token (→)") });
    this.playBtn = el("button", { type: "button", class: "cv-btn cv-play", "data-role": "play",
      title: tr("play (space)") });
    this.prevBtn.addEventListener("click", () => this.go(this.step - 1));
    this.nextBtn.addEventListener("click", () => this.go(this.step + 1));
    this.playBtn.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.speedSel = el("select", { class: "cv-speed", "data-role": "speed", "aria-label": tr("play speed") });
    const speed = SPEEDS.includes(this.speed) ? this.speed : (SPEEDS.includes(p.speed) ? p.speed : 1);
    for (const s of SPEEDS) {
      const o = el("option", { value: String(s), text: `${s}×` });
      if (s === speed) o.selected = true;
      this.speedSel.appendChild(o);
    }
    this.speed = speed;
    this.speedSel.addEventListener("change", () => {
      this.speed = Number(this.speedSel.value);
      this.root.style.setProperty("--cv-dur", `${this.duration()}ms`);
    });
    this.counter = el("div", { class: "cv-counter", "aria-live": "polite" });
    const controls = el("div", { class: "cv-controls" }, [this.prevBtn, this.playBtn,
      this.nextBtn, this.speedSel, this.counter, this.slider]);
    const bar = el("div", { class: "cv-stepbar" }, [this.chips, controls]);
    // ---- diagram, formula, prediction, flags
    this.diagram = buildDiagram(p);
    const dirName = p.num_directions > 1
      ? ` · ${p.direction === 1 ? tr("backward ←") : tr("forward →")}` : "";
    const where = { kind: p.kind.toUpperCase(), layer: p.layer, n: p.num_layers };
    const title = p.kind === "bag" ? tr("Bag of embeddings (no recurrence)")
      : (p.num_layers > 1 ? tr("{kind} cell · layer {layer} (of {n})", where)
        : tr("{kind} cell · layer {layer}", where)) + dirName;
    this.meanBox = el("input", { type: "checkbox" });
    this.meanBox.checked = this.mean;
    this.meanBox.addEventListener("change", () => {
      this.mean = this.meanBox.checked;
      this.render();
    });
    this.unitLbl = el("span", { class: "cv-unit-lbl" });
    const head = el("div", { class: "cv-panel-head" }, [el("h4", { text: title }), this.unitLbl]);
    if (p.gate_names.length) {
      head.appendChild(el("label", { class: "cv-mean" }, [this.meanBox,
        el("span", { text: ` ${tr("mean over all {n} units", { n: p.units })}` })]));
    }
    const cell = el("section", { class: "cv-cell" }, [head, this.diagram.svg]);
    swipeHint(cell);
    this.formula = buildFormula(p);
    this.pred = buildPrediction(p);
    this.flags = buildFlags(p);
    // left: what the cell does (diagram, then the lamps); right: the numbers behind it
    const left = el("div", { class: "cv-side" }, [cell, this.flags.el]);
    const side = el("div", { class: "cv-side" }, [this.formula.el, this.pred.el]);
    const main = el("div", { class: "cv-main" }, [left, side]);
    this.root.append(bar, main);
    this.root.style.setProperty("--cv-dur", `${this.duration()}ms`);
  }

  duration() {
    return Math.round(Math.min(320, (BASE_MS / this.speed) * 0.5));
  }

  render() {
    const p = this.p;
    const t = this.step;
    const T = p.tokens.length;
    const tok = p.tokens[t].text;
    this.chipEls.forEach((c, k) => {
      const cur = k === t;
      c.classList.toggle("cv-cur", cur);
      if (cur) c.setAttribute("aria-current", "step");
      else c.removeAttribute("aria-current");
    });
    const chip = this.chipEls[t];
    const box = this.chips;
    if (chip.offsetTop < box.scrollTop || chip.offsetTop + chip.offsetHeight >
      box.scrollTop + box.clientHeight) box.scrollTop = chip.offsetTop - box.clientHeight / 2;
    this.slider.value = String(t);
    this.slider.setAttribute("aria-valuetext",
      tr("token {n} of {total}: {token}", { n: t + 1, total: T, token: tok }));
    this.prevBtn.disabled = t === 0;
    this.nextBtn.disabled = t === T - 1;
    const playing = this.timer !== null;
    this.playBtn.textContent = playing ? tr("⏸ Pause") : tr("▶ Play");
    this.playBtn.setAttribute("aria-label", playing ? tr("pause") : tr("play"));
    this.counter.setAttribute("aria-live", playing ? "off" : "polite");
    setText(this.counter, tr("token {n} of {total}: «{token}»",
      { n: t + 1, total: T, token: showToken(tok) }) +
      (p.tokens[t].unknown ? ` ${tr("(unknown to the model)")}` : ""));
    const s = p.series;
    const mean = this.mean && p.gate_names.length > 0;
    const gates = {};
    for (const g of p.gate_names) gates[g] = mean ? p.gates_mean[g][t] : p.gates[g][t];
    if (p.kind === "rnn") gates.rnn = p.terms.rnn.act[t];
    const terms = p.kind === "rnn"
      ? { x: p.terms.rnn.x[t], h: p.terms.rnn.h[t], pre: p.terms.rnn.pre[t] } : null;
    this.diagram.update({ t, mean, gates, terms, token: tok, back: p.direction === 1,
      c_prev: s.c_prev && s.c_prev[t], c: s.c && s.c[t], h_prev: s.h_prev[t], h: s.h[t] });
    setText(this.unitLbl, mean ? "" : tr("unit {unit}", { unit: p.formula_unit }));
    this.formula.update(t, tok);
    this.pred.update(t, tok);
    this.flags.update(t, tok);
    this.root.dataset.step = String(t);
    followStep(t);
  }

  go(t) {
    const T = this.p.tokens.length;
    t = clamp(t, 0, T - 1);
    if (this.timer) this.pause(false);
    if (t !== this.step) {
      this.step = t;
      this.render();
    }
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => this.report(), REPORT_MS);
  }

  report() {
    clearTimeout(this.reportTimer);
    this.reportTimer = null;
    const known = this.reported.length ? this.reported[this.reported.length - 1] : this.serverStep;
    if (!this.api || this.step === known) return;
    this.reported.push(this.step);
    if (this.reported.length > 50) this.reported.shift();
    // a sequence number makes every report a change, so Python always sees it as new
    this.api.setStateValue("step", { step: this.step, seq: ++seq });
  }

  play() {
    const p = this.p;
    const T = p.tokens.length;
    const dir = p.direction === 1 ? -1 : 1; // play in the chosen direction's reading order
    if (T < 2) return;
    if ((dir > 0 && this.step >= T - 1) || (dir < 0 && this.step <= 0)) {
      this.step = dir > 0 ? 0 : T - 1;
    }
    const tick = () => {
      const next = this.step + dir;
      if (next < 0 || next >= T) return this.pause();
      this.step = next;
      this.render();
      if (next + dir < 0 || next + dir >= T) return this.pause();
      this.timer = setTimeout(tick, BASE_MS / this.speed);
    };
    this.timer = setTimeout(tick, BASE_MS / this.speed);
    this.render();
  }

  pause(report = true) {
    const was = this.timer !== null;
    clearTimeout(this.timer);
    this.timer = null;
    if (was && this.p) this.render();
    if (was && report) this.report();
  }

  key_(e) {
    if (active !== this || !this.p || e.ctrlKey || e.altKey || e.metaKey) return;
    if (!this.root.isConnected) return;
    const target = e.composedPath()[0];
    const inside = this.root.contains(target);
    // Enter in the page's sentence box reads the sentence; until the student types again,
    // ← / → step through it from there (the caret stays put) instead of doing nothing
    if (!inside && isTyping(target)) {
      if (e.key === "Enter") {
        this.entered = { target, value: target.value };
        return;
      }
      const justRead = this.entered && this.entered.target === target &&
        this.entered.value === target.value;
      if (!(justRead && ["ArrowLeft", "ArrowRight"].includes(e.key))) {
        if (!["Shift", "Tab"].includes(e.key)) this.entered = null;
        return;
      }
    } else if (isTyping(target) && !(inside && target === this.slider)) return;
    if (inside && target === this.slider && e.key !== " ") return; // the slider moves itself
    const T = this.p.tokens.length;
    const moves = { ArrowLeft: this.step - 1, ArrowRight: this.step + 1, Home: 0, End: T - 1 };
    if (e.key in moves) {
      e.preventDefault();
      this.go(moves[e.key]);
    } else if (e.key === " " && !(target.tagName || "").match(/^(BUTTON|A|SUMMARY)$/i)) {
      e.preventDefault();
      this.timer ? this.pause() : this.play();
    }
  }

  destroy() {
    this.pause(false);
    clearTimeout(this.reportTimer);
    document.removeEventListener("keydown", this.onKey);
    stopFollowing();
    if (active === this) active = null;
    this.root.remove();
  }
}

function cellView(component) {
  const { parentElement, key } = component;
  // the payload comes as JSON text: Streamlit then passes it on as it is, instead of walking
  // every nested list of it in Python looking for dataframes (a tenth of a rerun's CPU)
  let data = component.data;
  if (typeof data === "string") {
    try { data = JSON.parse(data); } catch (e) { data = null; }
  }
  if (!data || !Array.isArray(data.tokens) || data.tokens.length === 0) return undefined;
  let inst = instances.get(parentElement);
  if (!inst || !inst.root.isConnected) {
    inst = new CellView(parentElement, key);
    instances.set(parentElement, inst);
  }
  inst.update(data, component);
  return () => {
    instances.delete(parentElement);
    inst.destroy();
  };
}
