import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { makeApiKey, makeUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { privateDatabase } from '../support/private-database';

/**
 * Every operation of the OpenAPI document driven with generated bad input (issue 16): seeded, so a
 * failure replays exactly (FUZZ_SEED=<n> to try another), at least 5,000 requests. No answer may be
 * 5xx, and nothing may be written: every request carries at least one defect that must be refused
 * (a body PostgreSQL cannot store or the parser cannot read, or a path parameter naming nothing).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const REQUESTS = 5200;
const CONCURRENCY = 16;

/** mulberry32: a small seeded PRNG, so that a run is reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

// Path parameter values that name nothing that exists or are not valid at all.
const hostileParams = [
  '0', '-1', '2147483648', '99999999', '1.5', '1e3', 'abc', '%ZZ', '%E0%A4%A', '%00', '%F0%9F%92%A9', 'x'.repeat(300), '..%2F..', '%2e%2e',
  '0000-01-01', '9999-12-31', '2027-02-30', '2027-13-01', '19990101-000001', '20170320-999999', 'NOPE!', 'Ａ', 'null', 'undefined', '[]', '{}',
  'sv_' + 'A'.repeat(43), 'sv_short', ' ', '%20',
];
const hostileStrings = ['', ' ', 'a'.repeat(5000), '\u0000', '\ud800', '\udfff', '😀', '<script>', "' or 1=1 --", '%ZZ', '0000-01-01', '-1', '1e309', 'NaN', 'true', '13812345678'];
const hostileNumbers = [0, -1, 1.5, 2147483648, Number.MAX_SAFE_INTEGER, -0, 1e308];

function hostileValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 7)) {
    case 0:
      return r.pick(hostileStrings);
    case 1:
      return r.pick(hostileNumbers);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return r.pick(hostileStrings) + r.pick(hostileStrings);
    case 4:
      return r.int(100000);
    case 5:
      return Array.from({ length: r.int(4) }, () => hostileValue(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(['line', 'channel', 'description', 'id', 'a', '__proto__', 'constructor']), hostileValue(r, depth + 1)]));
  }
}

/** A body with a defect the API must refuse before any handler acts, and its headers. */
function defectiveBody(r: Rng, fields: string[]): { body: string | Buffer; headers: Record<string, string> } {
  const json = { 'content-type': 'application/json' };
  const plausible = () => Object.fromEntries(fields.map((f) => [f, hostileValue(r)]));
  switch (r.int(8)) {
    case 0: // a lone surrogate somewhere in an otherwise plausible body
      return { body: JSON.stringify({ ...plausible(), [r.pick(fields.length ? fields : ['x'])]: 'x\ud800' }).replace(/\\ud800/g, '\\ud800'), headers: json };
    case 1:
      return { body: JSON.stringify({ ...plausible(), note: 'a\u0000b' }), headers: json };
    case 2:
      return { body: '['.repeat(500 + r.int(3000)) + ']'.repeat(10), headers: json };
    case 3: {
      const depth = 40 + r.int(3000);
      return { body: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), headers: json };
    }
    case 4:
      return { body: '{"line": "12345", ', headers: json };
    case 5:
      return { body: Buffer.from(JSON.stringify(plausible())), headers: { ...json, 'content-encoding': 'gzip' } };
    case 6:
      return { body: gzipSync('not json at all'), headers: { ...json, 'content-encoding': r.pick(['gzip', 'deflate', 'br', 'compress']) } };
    default:
      return { body: JSON.stringify(plausible()), headers: { 'content-type': r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x']) } };
  }
}

/** Percent-encoded as UTF-8; a lone surrogate (which has none) as the bytes of its CESU-8 form, invalid UTF-8. */
function escape(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

interface Operation {
  method: string;
  path: string;
  params: string[];
  bodyFields: string[];
  queryNames: string[];
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      bodyFields: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
      queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
}

function send(port: number, agent: http.Agent, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('fuzzing every route of the OpenAPI document', () => {
  let h: Harness;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  let server: http.Server;

  before(async function () {
    this.timeout(60_000);
    db = await privateDatabase('fuzz');
    h = await isolatedHarness({ env: { DATABASE_URL: db.url, QUEUE_PREFIX: `fuzz-${process.pid}`, PUBLIC_RATE_LIMIT: '1000000', LOGIN_RATE_LIMIT: '1000000' } });
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await h.c.close();
    await db.drop();
  });

  /**
   * Every table's rows, digested: any insert, update or delete changes it. When an API key was last
   * used is bookkeeping about the caller (issue 15's last-used time), not something the input wrote.
   */
  async function digest(): Promise<Record<string, string>> {
    const tables = (await h.c.db('pg_tables').where({ schemaname: 'public' }).whereNot('tablename', 'like', 'knex_%').pluck('tablename')) as string[];
    const out: Record<string, string> = {};
    for (const t of tables) {
      const [row] = (await h.c.db.raw(`select md5(coalesce(string_agg((to_jsonb(x) - 'last_used_at')::text, ',' order by (to_jsonb(x) - 'last_used_at')::text), '')) as d from "${t}" x`)).rows;
      out[t] = row.d;
    }
    return out;
  }

  it(`when ${REQUESTS} requests with generated bad input (seed ${SEED}) hit every operation, then none is answered 5xx and nothing is written`, async function () {
    this.timeout(60_000);
    const r = prng(SEED);
    const roles = ['admin', 'supervisor', 'operator', 'dispatcher', 'handler'] as const;
    const users = await Promise.all(roles.map((role) => makeUser(h, role)));
    const keys = await Promise.all((['110', 'app'] as const).map((p) => makeApiKey(h, p)));
    const credentials: Record<string, string>[] = [
      {},
      { authorization: 'Bearer hlt_forged-token' },
      { authorization: r.pick(['Basic abc', 'Bearer', 'Bearer \u00ff', '']) },
      { 'x-api-key': 'hk_forged_key_123456' },
      ...users.map((u) => ({ authorization: `Bearer ${u.token}` })),
      ...keys.map((k) => ({ 'x-api-key': k.key })),
    ];
    const port = (server.address() as AddressInfo).port;
    const operations = operationsOf(await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json());
    expect(operations.length).to.be.greaterThan(40);

    const before = await digest();
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const covered = new Set<string>();
    let made = 0;
    const started = Date.now();

    async function one(): Promise<void> {
      const op = operations[made % operations.length];
      made++;
      covered.add(`${op.method} ${op.path}`);
      const path = op.path.replace(/\{(\w+)\}/g, () => {
        const value = r.pick(hostileParams);
        return value.includes('%') ? value : encodeURIComponent(value); // raw escapes, malformed ones included
      });
      const query = Array.from({ length: r.int(4) }, () => {
        const name = op.queryNames.length && r.next() < 0.7 ? r.pick(op.queryNames) : r.pick(['x', 'limit', 'cursor', '__proto__', 'a[b]']);
        const value = r.pick([...hostileStrings.filter((s) => s.length < 100), '%ZZ', '-5', '100000', 'a'.repeat(300)]);
        return `${encodeURIComponent(name)}=${value.includes('%') ? value : escape(value)}`;
      }).join('&');
      const url = `/api/v1${path}${query ? `?${query}` : ''}`;
      const headers = { ...r.pick(credentials) };
      // A write always carries a defective body; a path parameter alone might name something real.
      const write = op.method !== 'GET';
      const { body, headers: bodyHeaders } = write || r.next() < 0.1 ? defectiveBody(r, op.bodyFields) : { body: undefined, headers: {} };
      const res = await send(port, agent, op.method, url, { ...headers, ...bodyHeaders }, body);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (write && res.status < 400) failures.push(`${op.method} ${url.slice(0, 200)} → ${res.status}: a defective write was accepted`);
      if (res.status >= 500) failures.push(`${op.method} ${url.slice(0, 200)} → ${res.status} ${res.text}`);
    }

    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (made < REQUESTS) await one();
      }),
    );
    agent.destroy();
    const elapsedMs = Date.now() - started;

    expect(failures.slice(0, 10), `${failures.length} answers 5xx (seed ${SEED})`).to.deep.equal([]);
    expect(made).to.be.at.least(5000);
    expect(covered.size).to.equal(operations.length);
    const after = await digest();
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    expect(changed, 'tables written').to.deep.equal([]);
    // For the record (the figure quoted in docs/RELIABILITY.md).
    console.log(`      fuzz: ${made} requests over ${operations.length} operations in ${elapsedMs} ms (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  });
});
