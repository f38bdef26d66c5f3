// Colours, number formatting and DOM helpers shared by the cell view's parts.
// User text (tokens) only ever goes into the page through textContent / setAttribute:
// never innerHTML. These files are concatenated into one ES module by __init__.py.

const SVG_NS = "http://www.w3.org/2000/svg";

// The words the view shows, in the reader's language: the payload's `words` (translated on
// the server, app/payload.py) maps each English template to its translation; a template with
// no entry is shown in English. {name} fields are filled from `fields`, after translation.
let WORDS = {};

function setWords(words) {
  WORDS = words && typeof words === "object" ? words : {};
}

function tr(template, fields = {}) {
  const s = typeof WORDS[template] === "string" ? WORDS[template] : template;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in fields ? String(fields[k]) : m));
}
// The palettes of rnnviz/figures/style.py, written out (tests/test_style.py checks they are
// the same): signed values diverge from blue (below 0) through white to orange (above 0), as
// in every heatmap; gates in 0..1 use cividis, dark = closed, yellow = open.
const DIVERGING = [[0, "#0072B2"], [0.5, "#FFFFFF"], [1, "#E69F00"]];
const SEQUENTIAL = [[0, "#00224e"], [0.1111111111111111, "#123570"], [0.2222222222222222, "#3b496c"], [0.3333333333333333, "#575d6d"], [0.4444444444444444, "#707173"], [0.5555555555555556, "#8a8678"], [0.6666666666666666, "#a59c74"], [0.7777777777777777, "#c3b369"], [0.8888888888888888, "#e1cc55"], [1, "#fee838"]];
// class k of a classifier, by its index among the labels (never its rank): style.LINE_COLOURS
const CLASS_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

function hexRgb(h) {
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
}

const NEG = hexRgb(DIVERGING[0][1]);
const MID = hexRgb(DIVERGING[1][1]);
const POS = hexRgb(DIVERGING[2][1]);
const SEQ = SEQUENTIAL.map(([at, h]) => [at, hexRgb(h)]);

function mix(a, b, t) {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

function rgb(c) {
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** Fill for a gate value in 0..1 (cividis, as the heatmaps). */
function gateColor(v) {
  const x = clamp(Number.isFinite(v) ? v : 0, 0, 1);
  let i = 0;
  while (i < SEQ.length - 2 && x > SEQ[i + 1][0]) i++;
  const [a, ca] = SEQ[i];
  const [b, cb] = SEQ[i + 1];
  return mix(ca, cb, (x - a) / (b - a));
}

/** Fill for a signed value: blue below 0, orange above, white at 0 (|v| ≥ 1 saturates). */
function signedColor(v) {
  const x = clamp(Number.isFinite(v) ? v : 0, -1, 1);
  return x >= 0 ? mix(MID, POS, x) : mix(MID, NEG, -x);
}

/** Black or white, whichever reads better on colour c. */
function inkOn(c) {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const L = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return L > 0.22 ? "#111" : "#fff";
}

/** A number as the view prints it: 3 decimals, a real minus sign, the language's decimal
 * mark (the payload's words carry it as `_decimal` where it is not "."). */
function fmt(v, digits = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  let s = Math.abs(v) >= 1000 ? v.toExponential(2) : v.toFixed(digits);
  if (Number(s) === 0) s = s.replace("-", ""); // no "−0.00"
  if (typeof WORDS._decimal === "string") s = s.replace(".", WORDS._decimal);
  return s.replace("-", "−");
}

/** A number inside a formula: negative values in parentheses. */
function fmtTerm(v, digits = 3) {
  return v < 0 ? `(${fmt(v, digits)})` : fmt(v, digits);
}

/** Token text as shown on a chip: spaces and line breaks made visible. */
function showToken(t) {
  if (t === " ") return "␣";
  if (t === "\n") return "↵";
  if (t === "\t") return "⇥";
  return t;
}

// A weight's or bias's name as maths: "W_ih·xₜ" shows W with "ih" set low, as a subscript,
// the way the tour writes it in maths, never a literal underscore. Text nodes only.
const SUBSCRIPT = /([A-Za-z])_([a-z]{1,2})(?![a-z])/g;

function setMath(e, s, svg = false) {
  if (e.dataset && e.dataset.math === s) return;
  while (e.firstChild) e.removeChild(e.firstChild);
  let at = 0;
  for (const m of s.matchAll(SUBSCRIPT)) {
    e.appendChild(document.createTextNode(s.slice(at, m.index) + m[1]));
    const sub = svg ? document.createElementNS(SVG_NS, "tspan") : document.createElement("sub");
    if (svg) {
      sub.setAttribute("baseline-shift", "sub");
      sub.setAttribute("font-size", "75%");
    }
    sub.textContent = m[2];
    e.appendChild(sub);
    at = m.index + m[0].length;
  }
  e.appendChild(document.createTextNode(s.slice(at)));
  if (e.dataset) e.dataset.math = s;
}

function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else if (k === "math") setMath(e, v);
    else if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

function sv(tag, attrs = {}, parent = null) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else if (k === "math") setMath(e, v, true);
    else e.setAttribute(k, v);
  }
  if (parent) parent.appendChild(e);
  return e;
}

/** Set textContent only when it changed (cheap, and keeps screen readers quiet). */
function setText(e, s) {
  if (e.textContent !== s) e.textContent = s;
}
