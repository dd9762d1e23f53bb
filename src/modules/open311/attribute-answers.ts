import { z } from 'zod';
import type { FieldProblem } from '../../shared/errors';
import type { ServiceAttribute } from './service-attributes';
import { shanghaiIso } from './open311-time';

export interface AttributeAnswer {
  code: string;
  label: string;
  /** As a person reads it: the option's name rather than its key. */
  text: string;
}

const isoWithZone = z.iso.datetime({ offset: true });

/**
 * Checks `attribute[code]=value` against a service's definition: required ones present, no unknown
 * codes, list values among the options, numbers and datetimes well-formed. Every problem is named.
 */
export function checkAttributeAnswers(
  definition: ServiceAttribute[],
  given: Record<string, string | string[]> = {},
): { answers: AttributeAnswer[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const answers: AttributeAnswer[] = [];
  const known = new Set(definition.map((a) => a.code));
  for (const code of Object.keys(given)) {
    if (!known.has(code)) problems.push({ field: `attribute[${code}]`, message: 'this service has no such attribute' });
  }
  for (const attribute of definition) {
    const raw = given[attribute.code];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter(Boolean);
    const field = `attribute[${attribute.code}]`;
    if (values.length === 0) {
      if (attribute.required) problems.push({ field, message: 'is required for this service' });
      continue;
    }
    const outcome = answerText(attribute, values);
    if (typeof outcome === 'string') answers.push({ code: attribute.code, label: attribute.label, text: outcome });
    else problems.push({ field, message: outcome.problem });
  }
  return { answers, problems };
}

function answerText(attribute: ServiceAttribute, values: string[]): string | { problem: string } {
  if (attribute.datatype !== 'multivaluelist' && values.length > 1) return { problem: 'takes a single value' };
  const [value] = values;
  switch (attribute.datatype) {
    case 'singlevaluelist':
    case 'multivaluelist': {
      const options = attribute.values ?? [];
      const names = values.map((v) => options.find((o) => o.key === v)?.name);
      if (names.some((n) => n === undefined)) return { problem: `must be one of ${options.map((o) => o.key).join(', ')}` };
      return names.join('、');
    }
    case 'number':
      return Number.isFinite(Number(value)) ? String(Number(value)) : { problem: 'must be a number' };
    case 'datetime':
      return isoWithZone.safeParse(value).success ? shanghaiIso(new Date(value)) : { problem: 'must be an ISO 8601 date-time with a zone' };
    case 'string':
      if (/[\r\n]/.test(value)) return { problem: 'must not contain line breaks' };
      return value.length <= 200 ? value : { problem: 'must be at most 200 characters' };
    case 'text':
      return value.length <= 1000 ? value : { problem: 'must be at most 1000 characters' };
  }
}
