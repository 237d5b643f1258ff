// Which loads count as "last good": the version a reload falls back to.
import type { LoadSummary } from '../scenario';

/**
 * Loaded with resources and no errors. Stricter than shouldReplaceDiagram
 * (which still draws a partly broken input): last good must be a version the
 * user can return to without losing anything to a parse error.
 */
export function isGoodLoad(s: LoadSummary): boolean {
	return s.resourceCount > 0 && s.errorCount === 0;
}
