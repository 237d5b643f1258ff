// Bounded reading of the CLI's input files. The size is checked with stat
// before a byte is read, anything but a regular file is refused (`validate
// /dev/zero` must not read forever), and the read itself stops one byte past
// the cap in case the file grew meanwhile. `-` reads standard input with a
// running byte cap.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

export type ReadFailure = 'file-not-found' | 'file-unreadable' | 'not-a-file' | 'too-large';

/** A file the CLI will not (or cannot) read; `detail` says why, for the message. */
export class ReadRefused extends Error {
	constructor(
		readonly code: ReadFailure,
		readonly detail: string
	) {
		super(detail);
		this.name = 'ReadRefused';
	}
}

const CHUNK = 64 * 1024;

/** The UTF-8 text of `path` (`-`: standard input), at most `maxBytes` bytes, or ReadRefused. */
export function readBounded(path: string, maxBytes: number): string {
	if (path === '-') return readCapped(0, maxBytes);
	const st = statOrRefuse(path);
	if (!st.isFile())
		throw new ReadRefused('not-a-file', `it is ${fileType(st)}, not a regular file${st.isDirectory() ? '' : " (use '-' to read standard input)"}`);
	if (st.size > maxBytes) throw new ReadRefused('too-large', `${st.size} bytes`);
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch (e) {
		throw new ReadRefused('file-unreadable', reason(e));
	}
	try {
		// the path may have been swapped between stat and open
		if (!fstatSync(fd).isFile()) throw new ReadRefused('not-a-file', 'it is not a regular file');
		return readCapped(fd, maxBytes);
	} finally {
		closeSync(fd);
	}
}

function statOrRefuse(path: string): Stats {
	try {
		return statSync(path);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException)?.code;
		throw new ReadRefused(code === 'ENOENT' || code === 'ENOTDIR' ? 'file-not-found' : 'file-unreadable', reason(e));
	}
}

/** Reads fd to the end, refusing once more than maxBytes arrived. */
function readCapped(fd: number, maxBytes: number): string {
	const chunks: Buffer[] = [];
	let total = 0;
	for (;;) {
		const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes - total + 1));
		let n: number;
		try {
			n = readSync(fd, buf, 0, buf.length, null);
		} catch (e) {
			// a non-blocking stdin with nothing yet: wait a little and try again
			if ((e as NodeJS.ErrnoException)?.code === 'EAGAIN') {
				Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
				continue;
			}
			throw new ReadRefused('file-unreadable', reason(e));
		}
		if (n === 0) break;
		total += n;
		if (total > maxBytes) throw new ReadRefused('too-large', `more than ${maxBytes} bytes`);
		chunks.push(buf.subarray(0, n));
	}
	return Buffer.concat(chunks, total).toString('utf8');
}

function fileType(st: Stats): string {
	if (st.isDirectory()) return 'a directory';
	if (st.isCharacterDevice()) return 'a character device';
	if (st.isBlockDevice()) return 'a block device';
	if (st.isFIFO()) return 'a FIFO';
	if (st.isSocket()) return 'a socket';
	return 'a special file';
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));
