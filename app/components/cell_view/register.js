// The last part of the drawing code's module (__init__.py): hand cellView to the loader
// (loader.js), once per page: a later evaluation of this module must not replace the instances
// the first one keeps.
globalThis.__rnnvizCellView ??= cellView;
for (const draw of (globalThis.__rnnvizCellViewWaiting ?? []).splice(0)) draw();

export default function cellViewCode() {}
