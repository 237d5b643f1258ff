// The CodeMirror editor's entry for code outside src/lib/ui (the /bench/editor
// route). Load it with import(): it brings CodeMirror.
export { createCm, SETTLE_MS, type CmEditor, type CmOptions } from './cm';
export { manifestOfLines } from './benchtext';
