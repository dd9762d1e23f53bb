import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';
import type { Format } from './open311.schemas';

/**
 * One body, two renderings. Handlers build the JSON shape of the specification; the XML follows from
 * it by the Spark convention GeoReport v2 is defined with: a list named `services` becomes
 * `<services><service>…</service></services>`, and a JSON array at the top becomes the items of the
 * root element. null is an empty element (`<account_id/>`), as in the specification's examples.
 */

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** The element name of the items of each list the specification has. */
const itemTag: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
};

const contentTypes: Record<Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false });

// Characters XML 1.0 cannot carry at all (not even escaped); a citizen's text may contain them.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlNode(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    const tag = itemTag[key];
    if (!tag) throw new Error(`No XML element name for the items of ${key}`);
    return { [tag]: value.map((item) => xmlNode(item, tag)) };
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlNode(v, k)]));
  }
  if (typeof value === 'string') return value.replace(INVALID_XML_CHARS, '');
  return value;
}

export function renderXml(root: string, body: unknown): string {
  return XML_DECLARATION + builder.build({ [root]: xmlNode(body, root) });
}

/** Sends `body` as JSON, or as XML under the element `root`. */
export function sendOpen311(res: Response, format: Format, root: string, body: unknown, status = 200): void {
  res.status(status).type(contentTypes[format]);
  res.send(format === 'xml' ? renderXml(root, body) : JSON.stringify(body));
}

export interface Open311Problem {
  code: number;
  description: string;
}

/** `[{code, description}]`, or `<errors><error>…</error></errors>`; the HTTP status is the first code. */
export function sendOpen311Errors(res: Response, format: Format, problems: Open311Problem[]): void {
  sendOpen311(res, format, 'errors', problems, problems[0].code);
}
