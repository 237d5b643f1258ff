// Exit statuses, the same for every command (the README lists them):
// 0 ok; 1 errors in the input (error diagnostics, unreadable or oversized
// input, output over the budget); 2 usage; 3 an internal error (a bug: one
// line on stderr, the stack only with --debug); 4 (diff only) a compared
// flow's verdict changed, for CI on pull requests.
export const EXIT = { ok: 0, input: 1, usage: 2, internal: 3, verdictChanged: 4 } as const;

/** An expected stop with a one-line message and an exit status (not a bug). */
export class CliStop extends Error {
	constructor(
		message: string,
		readonly status: number
	) {
		super(message);
		this.name = 'CliStop';
	}
}
