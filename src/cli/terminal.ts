// Text written to a terminal must not carry control characters from the input:
// a resource name holding ESC or BEL could recolour, retitle or rewrite the
// user's terminal. C0 (but tab and newline), DEL and C1 are shown as \xHH.
// JSON output goes through `jsonText`, which keeps the document valid.

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// JSON.stringify escapes C0 already; DEL and C1 it leaves raw
const JSON_RAW = /[\x7f-\x9f]/g;

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');

export function escapeControls(text: string): string {
	return text.replace(CONTROLS, (c) => `\\x${hex(c)}`);
}

/** JSON text with DEL and C1 written as \u00HH: the same value, nothing a terminal acts on. */
export function escapeJsonControls(json: string): string {
	return json.replace(JSON_RAW, (c) => `\\u00${hex(c)}`);
}
