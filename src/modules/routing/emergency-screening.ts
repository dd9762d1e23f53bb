/**
 * Emergency screening (SPEC §7.1): does a ticket's text describe a police, fire or ambulance
 * emergency? Pure and fast (a few dozen substring checks on a short text); the lexicon and the
 * reasons behind each phrase live in emergency-lexicon.ts.
 */
import {
  exclusionMasks,
  kindPriority,
  notNowQualifiers,
  presentMarkers,
  terms,
  type EmergencyKind,
} from './emergency-lexicon';
import { normaliseText } from './normalise-text';

export type { EmergencyKind } from './emergency-lexicon';

export interface EmergencyScreening {
  emergency: boolean;
  /** The lexicon phrases (or pattern matches) that raised the alarm, in lexicon order. */
  matches: string[];
  kind: EmergencyKind | null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** One alternation, longest first so that 没有人受伤 is masked whole before 受伤 could be considered. */
const maskPattern = new RegExp(
  exclusionMasks
    .flatMap((g) => g.phrases)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|'),
  'gu',
);

/** Mask characters cannot occur in any term, so a masked phrase can take part in no match. */
function maskExclusions(text: string): string {
  return text.replace(maskPattern, (m) => '□'.repeat(m.length));
}

const allQualifiers = notNowQualifiers.flatMap((g) => g.phrases);

interface Hit {
  kind: EmergencyKind;
  strong: boolean;
  text: string;
}

function findHits(masked: string): Hit[] {
  const hits: Hit[] = [];
  for (const group of terms) {
    const strong = group.strength === 'strong';
    for (const phrase of group.phrases ?? []) {
      if (masked.includes(phrase)) hits.push({ kind: group.kind, strong, text: phrase });
    }
    for (const pattern of group.patterns ?? []) {
      const m = pattern.exec(masked);
      if (m) hits.push({ kind: group.kind, strong, text: m[0] });
    }
  }
  return hits;
}

export function screenForEmergency(text: string): EmergencyScreening {
  const normalised = normaliseText(text);
  const hits = findHits(maskExclusions(normalised));
  if (hits.length === 0) return { emergency: false, matches: [], kind: null };

  // Weak terms count unless the text places the event outside the present; a present marker wins
  // over a qualifier because "上次着火的楼刚刚又冒烟起火" is a fire now.
  const notNow =
    allQualifiers.some((q) => normalised.includes(q)) && !presentMarkers.some((p) => normalised.includes(p));
  const counted = notNow ? hits.filter((h) => h.strong) : hits;
  if (counted.length === 0) return { emergency: false, matches: [], kind: null };

  const kinds = new Set(counted.map((h) => h.kind));
  const kind = kindPriority.find((k) => kinds.has(k)) ?? null;
  return { emergency: true, matches: [...new Set(counted.map((h) => h.text))], kind };
}
