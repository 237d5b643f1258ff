// Public API of the export: the diagram as a standalone SVG (pure, no DOM:
// the CLI's `render` uses it too). The browser-only parts (PNG, video, GIF,
// HTML) are loaded lazily by the Export menu from their own modules.
export * from './svg';
export * from './frames';
export * from './tape';
export * from './moment';
