// The cell view element's own module, sent with every sentence: a few lines. The drawing code
// (palette.js … cell_view.js, about 50 kB) is another element's, the same on every rerun, so
// the browser keeps it after the first and the server then sends a reference to it
// (__init__.py). Its module may finish loading after this one: then wait for it.
export default function cellViewLoader(component) {
  const draw = globalThis.__rnnvizCellView;
  if (draw) return draw(component);
  let cleanup = null;
  let gone = false;
  (globalThis.__rnnvizCellViewWaiting ??= []).push(() => {
    if (!gone) cleanup = globalThis.__rnnvizCellView(component);
  });
  return () => {
    gone = true;
    if (typeof cleanup === "function") cleanup();
  };
}
