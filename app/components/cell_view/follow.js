// Charts that follow the step in the browser.
//
// Streamlit gives a Plotly chart a new identity whenever its figure changes and then builds
// it again from scratch (about 85 ms on a 2-core machine). So the page hands over a figure
// WITHOUT the step in it, marked `layout.meta.cursor = "follow"` (rnnviz.figures.following;
// the page sends `meta` as JSON text, see app/browser.py),
// and this file outlines the current token's column over it: on every step, while playing
// too, with no server round trip, and the chart itself is never redrawn for a step.
//
// Plotly is not ours to call, so the outline is a plain div laid over the plot areas (the
// ".nsewdrag" rectangles Plotly puts over every subplot), and it lets the pointer through
// so hovering still shows values.

const FOLLOW_CLASS = "rv-follow-cursor";
const followState = { step: 0, seen: new WeakSet(), frame: 0, observer: null, users: 0 };

function follows(meta) {
  if (typeof meta !== "string") return false; // every chart comes through ui.chart
  try {
    return JSON.parse(meta).cursor === "follow";
  } catch {
    return false;
  }
}

function followers() {
  return [...document.querySelectorAll(".js-plotly-plot")].filter(
    (gd) => gd.layout && follows(gd.layout.meta),
  );
}

function placeFollowCursor(gd, step) {
  const range = gd.layout.xaxis && gd.layout.xaxis.range;
  const areas = [...gd.querySelectorAll(".nsewdrag")].map((a) => a.getBoundingClientRect());
  const shown = areas.filter((r) => r.width > 0 && r.height > 0);
  let box = gd.querySelector(`:scope > .${FOLLOW_CLASS}`);
  if (!range || !shown.length) {
    if (box) box.style.display = "none";
    return;
  }
  if (!box) {
    box = document.createElement("div");
    box.className = FOLLOW_CLASS;
    box.setAttribute("aria-hidden", "true");
    // inline: the chart lives outside this component's isolated styles
    Object.assign(box.style, {
      position: "absolute",
      pointerEvents: "none",
      border: "3px solid #D55E00", // rnnviz.figures.CURSOR, Okabe–Ito vermillion
      boxSizing: "border-box",
      zIndex: "5",
      transition: "left 0.15s ease-out",
    });
    if (getComputedStyle(gd).position === "static") gd.style.position = "relative";
    gd.appendChild(box);
  }
  const host = gd.getBoundingClientRect();
  const top = Math.min(...shown.map((r) => r.top));
  const bottom = Math.max(...shown.map((r) => r.bottom));
  const { left, width } = shown[0]; // every panel shares the token axis
  const px = width / (range[1] - range[0]);
  const x0 = Math.max(left, left + (step - 0.5 - range[0]) * px);
  const x1 = Math.min(left + width, left + (step + 0.5 - range[0]) * px);
  box.style.display = x1 > x0 ? "" : "none"; // zoomed away from the step
  box.style.left = `${x0 - host.left}px`;
  box.style.top = `${top - host.top}px`;
  box.style.width = `${Math.max(0, x1 - x0)}px`;
  box.style.height = `${bottom - top}px`;
  box.dataset.step = String(step);
}

function placeAll() {
  followState.frame = 0;
  for (const gd of followers()) {
    if (!followState.seen.has(gd) && typeof gd.on === "function") {
      followState.seen.add(gd); // redraws (resize, zoom, new data) move the plot areas
      gd.on("plotly_afterplot", () => placeFollowCursor(gd, followState.step));
    }
    placeFollowCursor(gd, followState.step);
  }
}

function schedulePlaceAll() {
  if (!followState.frame) followState.frame = requestAnimationFrame(placeAll);
}

// The cell view calls this on every step; charts drawn later are found by the observer.
function followStep(step) {
  followState.step = step;
  schedulePlaceAll();
}

function startFollowing() {
  followState.users += 1;
  if (followState.observer) return;
  followState.observer = new MutationObserver(() => {
    // cheap unless a new chart appeared: the common case of a rerun touches no follower
    if (followers().some((gd) => !gd.querySelector(`:scope > .${FOLLOW_CLASS}`))) {
      schedulePlaceAll();
    }
  });
  followState.observer.observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", schedulePlaceAll);
}

function stopFollowing() {
  followState.users = Math.max(0, followState.users - 1);
  if (followState.users || !followState.observer) return;
  followState.observer.disconnect();
  followState.observer = null;
  window.removeEventListener("resize", schedulePlaceAll);
}
