// Colours, number formatting and DOM helpers shared by the cell view's parts.
// User text (tokens) only ever goes into the page through textContent / setAttribute:
// never innerHTML. These files are concatenated into one ES module by __init__.py.

const SVG_NS = "http://www.w3.org/2000/svg";
const POS = [0, 114, 178]; // Okabe–Ito blue  #0072B2: positive values
const NEG = [230, 159, 0]; // Okabe–Ito orange #E69F00: negative values
const MID = [247, 247, 247]; // near-white: zero
// viridis, sampled: gates in 0..1 (dark = closed, yellow = open)
const VIRIDIS = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];

function mix(a, b, t) {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t));
}

function rgb(c) {
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** Fill for a gate value in 0..1 (viridis). */
function gateColor(v) {
  const t = clamp(Number.isFinite(v) ? v : 0, 0, 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(t), VIRIDIS.length - 2);
  return mix(VIRIDIS[i], VIRIDIS[i + 1], t - i);
}

/** Fill for a signed value: orange below 0, blue above, near-white at 0 (|v| ≥ 1 saturates). */
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

/** A number as the view prints it: 3 decimals, a real minus sign. */
function fmt(v, digits = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const s = Math.abs(v) >= 1000 ? v.toExponential(2) : v.toFixed(digits);
  if (Number(s) === 0) return s.replace("-", ""); // no "−0.00"
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

function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
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
    else e.setAttribute(k, v);
  }
  if (parent) parent.appendChild(e);
  return e;
}

/** Set textContent only when it changed (cheap, and keeps screen readers quiet). */
function setText(e, s) {
  if (e.textContent !== s) e.textContent = s;
}
