// The load pipeline on the calling thread (parse, model, checks): for Node,
// unit tests and browsers where no worker can start. The page reaches it only
// through load-client's loadHere (a dynamic import), so it is not part of the
// first download.
import { validate } from '../checks/index';
import type { InputFile } from '../manifest';
import { loadScenario } from './load';
import type { LoadResult } from './load-client';

export function loadSync(files: InputFile[]): LoadResult {
	const loaded = loadScenario(files);
	return { loaded, findings: validate(loaded.cluster, loaded.parse.resources) };
}
