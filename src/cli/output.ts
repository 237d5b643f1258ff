// Everything the CLI prints goes through here: control characters escaped
// (terminal.ts) and stdout held to an output budget, checked before each write,
// so a hostile input (a Service with thousands of ports, say) cannot make the
// CLI print hundreds of megabytes. stderr is bounded by the diagnostic caps.
import { CliStop, EXIT } from './exit';
import { escapeControls, escapeJsonControls } from './terminal';
import { formatBytes } from '../lib/manifest';

/** Default stdout budget per run (64 MB); HOPSCOPE_MAX_OUTPUT_BYTES overrides it. */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface Sink {
	stdout(text: string): void;
	stderr(text: string): void;
}

export interface Writer {
	/** text for a terminal, on stdout */
	out(text: string): void;
	/** text for a terminal, on stderr */
	err(text: string): void;
	/** one JSON document and a newline, on stdout */
	json(value: unknown): void;
}

export function budgetedWriter(sink: Sink, budget: number = MAX_OUTPUT_BYTES): Writer {
	let used = 0;
	const spend = (text: string) => {
		const bytes = Buffer.byteLength(text, 'utf8');
		if (used + bytes > budget) throw overBudget(budget);
		used += bytes;
	};
	return {
		out(text) {
			const safe = escapeControls(text);
			spend(safe);
			sink.stdout(safe);
		},
		err(text) {
			sink.stderr(escapeControls(text));
		},
		json(value) {
			const json = stringifyWithin(value, budget - used);
			if (json === null) throw overBudget(budget);
			const text = escapeJsonControls(json) + '\n';
			spend(text);
			sink.stdout(text);
		}
	};
}

function overBudget(budget: number): CliStop {
	return new CliStop(
		`the output would exceed the CLI output budget of ${formatBytes(budget)} — nothing more was printed; narrow the input (or raise HOPSCOPE_MAX_OUTPUT_BYTES)`,
		EXIT.input
	);
}

const OVER = Symbol('over budget');

/**
 * JSON.stringify that gives up (null) as soon as a lower bound of the text's
 * size passes `limit`, before the whole string is built: a huge document would
 * otherwise be built in full, or hit V8's string limit, only to be refused.
 */
export function stringifyWithin(value: unknown, limit: number): string | null {
	let atLeast = 0;
	try {
		const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
			atLeast += Array.isArray(this) ? 1 : key.length + 3;
			if (typeof v === 'string') atLeast += v.length + 2;
			else if (typeof v === 'number' || typeof v === 'boolean') atLeast += 1;
			if (atLeast > limit) throw OVER;
			return v;
		});
		// a top-level undefined (or function) is no JSON text: print null
		return text ?? 'null';
	} catch (e) {
		if (e === OVER) return null;
		throw e;
	}
}
