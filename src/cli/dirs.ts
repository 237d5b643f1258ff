// Directories on the command line, read as `kubectl apply -f DIR` reads them:
// the files directly inside (not recursively, like kubectl without -R) whose
// names end in .json, .yaml or .yml, in name order. kubectl's FileVisitor
// filter: k8s.io/cli-runtime/pkg/resource/visitor.go (FileExtensions).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Each path, or for a directory its manifest files; `empty` lists directories that held none. */
export function expandDirectories(paths: string[]): { paths: string[]; empty: string[] } {
	const out: string[] = [];
	const empty: string[] = [];
	for (const p of paths) {
		let dir = false;
		try {
			dir = p !== '-' && statSync(p).isDirectory();
		} catch {
			// not there: the reader reports it as file-not-found
		}
		if (!dir) {
			out.push(p);
			continue;
		}
		const names = readdirSync(p)
			.filter((n) => MANIFEST_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e)))
			.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
			.map((n) => join(p, n))
			.filter((f) => {
				try {
					return statSync(f).isFile();
				} catch {
					return false;
				}
			});
		if (!names.length) empty.push(p);
		out.push(...names);
	}
	return { paths: out, empty };
}
