// The Share link: the moment, plus the user's manifests as a compressed
// token when they are not an unedited preset. Over the cap the link is
// refused with the token's length, so the dialog can say why.
import { encodeShare, SHARE_CAP } from '../scenario';
import type { InputFile } from '../manifest';
import type { Moment } from './moment';

export type ShareLink = { ok: true; moment: Moment } | { ok: false; length: number; cap: number };

/** `presetText`: the text of the preset the document was opened from, if any. */
export async function shareMoment(m: Moment, files: InputFile[], presetText: string | null): Promise<ShareLink> {
	const unedited = m.scenario !== null && presetText !== null && files.length === 1 && files[0].text === presetText;
	const empty = files.every((f) => f.text.trim() === '');
	if (unedited || empty) return { ok: true, moment: { ...m, token: undefined } };
	const enc = await encodeShare(files);
	// edited manifests travel alone: the preset's route would reopen the original
	if (!enc.ok) return { ok: false, length: enc.length, cap: SHARE_CAP };
	return { ok: true, moment: { ...m, scenario: null, token: enc.token } };
}
