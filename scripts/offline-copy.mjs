// `npm run build` ends here: the offline single file (build-offline/index.html)
// is also served as build/offline.html, so the served app's Export → HTML can
// hand out the very same self-contained file with a moment inside.
import { copyFileSync, existsSync } from 'node:fs';

if (!existsSync('build-offline/index.html') || !existsSync('build')) {
	console.error('offline-copy: build-offline/index.html or build/ is missing');
	process.exit(1);
}
copyFileSync('build-offline/index.html', 'build/offline.html');
console.log('offline-copy: build/offline.html');
