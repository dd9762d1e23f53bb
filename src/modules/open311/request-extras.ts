import type { AttributeAnswer } from './attribute-answers';

/**
 * What an Open311 request carries beyond the ticket's own fields (attribute answers, media_url,
 * address_id) is appended to the description as a short labelled block, so the handler reads it
 * with the citizen's words. The tickets table has no column for them; when it gets one (e.g. a
 * jsonb `source_data`), only this file changes.
 *
 * Invariant: the block is written only by composeDescription, always after the last
 * BLOCK_SEPARATOR, one `label：value` per line; splitDescription reads it back.
 */
const BLOCK_SEPARATOR = '\n\n【Open311 补充信息】\n';
const MEDIA_LABEL = '媒体链接';
const ADDRESS_ID_LABEL = '地址编号';
const COLON = '：';

export interface RequestExtras {
  answers: AttributeAnswer[];
  mediaUrl?: string;
  addressId?: string;
}

export function composeDescription(text: string, extras: RequestExtras): string {
  const lines = extras.answers.map((a) => `${a.label}${COLON}${a.text}`);
  if (extras.addressId) lines.push(`${ADDRESS_ID_LABEL}${COLON}${extras.addressId}`);
  if (extras.mediaUrl) lines.push(`${MEDIA_LABEL}${COLON}${extras.mediaUrl}`);
  return lines.length ? text + BLOCK_SEPARATOR + lines.join('\n') : text;
}

/** The citizen's text, and the media_url and address_id stored with it. */
export function splitDescription(stored: string): { text: string; mediaUrl: string | null; addressId: string | null } {
  const at = stored.lastIndexOf(BLOCK_SEPARATOR);
  if (at < 0) return { text: stored, mediaUrl: null, addressId: null };
  const lines = stored.slice(at + BLOCK_SEPARATOR.length).split('\n');
  const valueOf = (label: string) => lines.find((l) => l.startsWith(label + COLON))?.slice(label.length + COLON.length) ?? null;
  return { text: stored.slice(0, at), mediaUrl: valueOf(MEDIA_LABEL), addressId: valueOf(ADDRESS_ID_LABEL) };
}
