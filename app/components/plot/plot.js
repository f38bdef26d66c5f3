// A Plotly chart that keeps its plot across reruns (see __init__.py for why).
//
// Streamlit calls the default export whenever the figure changes, with the same
// parentElement; the plot lives in a WeakMap keyed by it and gets Plotly.react, which
// compares the new figure with the drawn one and redraws only what changed.
// PLOTLY_CHUNK (prepended by __init__.py) is the file name of Streamlit's own Plotly chart
// module, which sets window.Plotly when it first runs.
//
// The modebar is Streamlit's chart's: no selection tools and no "send to cloud" (ui.py's
// PLOTLY_CONFIG), plus a fullscreen button (a teacher shows one chart on the projector).

const plots = new WeakMap();
let loading = null;
// the corners of a square, 24×24 (Plotly draws a modebar icon in its own viewBox)
const EXPAND = { width: 24, height: 24, path: "M3 3h7v2H5v5H3zM14 3h7v7h-2V5h-5zM3 14h2v5h5v2H3zM19 14h2v7h-7v-2h5z" };
const SHRINK = { width: 24, height: 24, path: "M8 3h2v7H3V8h5zM14 3h2v5h5v2h-7zM3 14h7v7H8v-5H3zM14 14h7v2h-5v5h-2z" };

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    // the chunk sits beside Streamlit's entry script, whatever path the app is served under
    const entry = document.querySelector('script[type="module"][src*="/static/js/"]');
    const base = entry ? entry.src : new URL("static/js/", document.baseURI).href;
    loading = import(new URL(PLOTLY_CHUNK, base).href).then(() => {
      if (!window.Plotly) throw new Error("Plotly did not load");
      return window.Plotly;
    });
    loading.catch(() => {
      loading = null; // a later figure tries again
    });
  }
  return loading;
}

function newPlot(parent) {
  const box = document.createElement("div");
  box.className = "rv-plot-box";
  const gd = document.createElement("div");
  gd.className = "rv-plot";
  box.appendChild(gd);
  parent.appendChild(box);
  const p = { box, gd, frame: 0, drawn: false, given: null, width: 0 };
  // the plot is as wide as the page gives it (as Streamlit's chart sets it): drawn again
  // when that width changes (a window resized, a phone turned, the sidebar opened)
  p.observer = new ResizeObserver(() => {
    if (!p.drawn || p.frame || box.clientWidth === p.width) return;
    p.frame = requestAnimationFrame(() => {
      p.frame = 0;
      if (box.isConnected && p.given) draw(p, p.given);
    });
  });
  p.observer.observe(box);
  p.onFullscreen = () => {
    if (p.given) draw(p, p.given);
  };
  document.addEventListener("fullscreenchange", p.onFullscreen);
  return p;
}

function isFull(p) {
  return document.fullscreenElement === p.box;
}

function fullscreenButton(p, labels) {
  const full = isFull(p);
  const title = full ? labels.close_fullscreen : labels.fullscreen;
  return {
    name: "rv-fullscreen",
    title: title || (full ? "Close fullscreen" : "Fullscreen"),
    icon: full ? SHRINK : EXPAND,
    click: () => (isFull(p) ? document.exitFullscreen() : p.box.requestFullscreen()),
  };
}

function showError(p, message) {
  let line = p.box.querySelector(".rv-plot-error");
  if (!line) {
    line = document.createElement("div");
    line.className = "rv-plot-error";
    line.setAttribute("role", "alert");
    p.box.appendChild(line);
  }
  line.textContent = message;
}

function draw(p, given) {
  p.given = given;
  return loadPlotly()
    .then((Plotly) => {
      if (p.given !== given) return undefined; // a newer figure came while Plotly loaded
      const { data = [], layout = {}, frames } = given.figure;
      // fullscreen: the whole screen; otherwise the figure's own height, the page's width.
      // A copy: Plotly keeps and changes the layout it is given, and this figure is drawn
      // again on a resize or when fullscreen ends.
      p.width = p.box.clientWidth;
      const shown = isFull(p)
        ? { ...layout, width: window.innerWidth, height: window.innerHeight }
        : { ...layout, width: p.width };
      const config = { ...(given.config || {}), modeBarButtonsToAdd: [fullscreenButton(p, given.labels || {})] };
      return Plotly.react(p.gd, { data, layout: shown, frames, config }).then(() => {
        p.drawn = true;
        const old = p.box.querySelector(".rv-plot-error");
        if (old) old.remove();
      });
    })
    .catch((e) => {
      console.error("rnnviz.plot:", e);
      showError(p, (given.labels && given.labels.failed) || "The chart could not be drawn.");
    });
}

export default function plot(component) {
  const { parentElement } = component;
  let given = component.data;
  try {
    given = typeof given === "string" ? JSON.parse(given) : given;
  } catch (e) {
    console.error("rnnviz.plot:", e);
    given = null;
  }
  let p = plots.get(parentElement);
  if (!p || !p.box.isConnected) {
    p = newPlot(parentElement);
    plots.set(parentElement, p);
  }
  if (given && given.figure) draw(p, given);
  else showError(p, "The chart could not be drawn.");
  return () => {
    p.observer.disconnect();
    document.removeEventListener("fullscreenchange", p.onFullscreen);
    if (p.frame) cancelAnimationFrame(p.frame);
    if (window.Plotly) window.Plotly.purge(p.gd);
    plots.delete(parentElement);
    p.box.remove();
  };
}
