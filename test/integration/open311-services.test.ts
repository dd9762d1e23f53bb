import { expect } from 'chai';
import { XMLParser } from 'fast-xml-parser';
import request, { type Response } from 'supertest';
import { isolatedHarness, type Harness } from '../support/harness';

const formats = ['xml', 'json'] as const;
type Fmt = (typeof formats)[number];

/** Elements that are lists in GeoReport v2, so a single item still parses as a list. */
const listPaths = new Set([
  'services.service',
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
  'service_definition.attributes.attribute',
  'service_definition.attributes.attribute.values.value',
  'errors.error',
]);
const parser = new XMLParser({ parseTagValue: false, isArray: (_name, jpath) => listPaths.has(String(jpath)) });

/** The body in the JSON shape, whichever format it came in (XML leaves are strings). */
function read(res: Response, fmt: Fmt, root: string, items?: string) {
  if (fmt === 'json') {
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    return res.body;
  }
  expect(res.headers['content-type']).to.equal('text/xml; charset=utf-8');
  expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).to.equal(true);
  const doc = parser.parse(res.text)[root];
  expect(doc, `XML root <${root}>`).to.not.equal(undefined);
  return items ? (doc[items] ?? []) : doc;
}

const errorsOf = (res: Response, fmt: Fmt) =>
  (read(res, fmt, 'errors', 'error') as { code: string | number; description: string }[]).map((e) => ({ code: Number(e.code), description: e.description }));

describe('Open311 GeoReport v2: discovery and services', () => {
  let h: Harness;
  before(async () => {
    h = await isolatedHarness({ env: { PUBLIC_RATE_LIMIT: '100000' } });
  });
  const get = (path: string) => request(h.app).get(`/open311/v2/${path}`);

  for (const fmt of formats) {
    describe(`in ${fmt.toUpperCase()}`, () => {
      it('when a client reads discovery, then it names the GeoReport v2 endpoint here, in production, with both formats', async () => {
        const res = await get(`discovery.${fmt}`);
        expect(res.status).to.equal(200);
        const d = read(res, fmt, 'discovery');
        expect(d.changeset).to.be.a('string').and.not.equal('');
        expect(d.contact).to.contain('12345');
        expect(d.key_service).to.be.a('string').and.not.equal('');
        const endpoints = fmt === 'xml' ? d.endpoints.endpoint : d.endpoints;
        expect(endpoints).to.have.length(1);
        const [e] = endpoints;
        expect(e.specification).to.equal('http://wiki.open311.org/GeoReport_v2');
        // PUBLIC_BASE_URL (the test default), never the Host header (issue 16).
        expect(e.url).to.equal('http://localhost:3000/open311/v2');
        expect(e.changeset).to.equal(d.changeset);
        expect(e.type).to.equal('production');
        expect(fmt === 'xml' ? e.formats.format : e.formats).to.deep.equal(['text/xml', 'application/json']);
      });

      it('when a client lists services, then there is one per leaf category, grouped by its top-level category', async () => {
        const res = await get(`services.${fmt}`);
        expect(res.status).to.equal(200);
        const services = read(res, fmt, 'services', 'service') as Record<string, unknown>[];
        const codes = services.map((s) => s.service_code);
        expect(codes).to.have.members(h.c.catalog.leaves().map((c) => c.code));
        expect(codes).to.not.include('ENV').and.not.include('ENV.NOISE');

        const noise = services.find((s) => s.service_code === 'ENV.NOISE.SOCIAL') as Record<string, unknown>;
        expect(noise.service_name).to.equal('社会生活噪声（广场舞等）');
        expect(noise.group).to.equal('环境保护');
        expect(noise.type).to.equal('realtime');
        expect(String(noise.metadata)).to.equal('true');
        expect(String(noise.keywords).split(',').map((k) => k.trim())).to.include('广场舞');
        expect(noise.description).to.contain('环境保护 > 噪声污染 > 社会生活噪声');

        const other = services.find((s) => s.service_code === 'OTHER.GENERAL') as Record<string, unknown>;
        expect(String(other.metadata)).to.equal('false');
        expect(other.group).to.equal('其他');
      });

      it('when a client reads the definition of a noise service, then time_of_day is a required single-value list', async () => {
        const res = await get(`services/ENV.NOISE.NIGHT_CONSTRUCTION.${fmt}`);
        expect(res.status).to.equal(200);
        const def = read(res, fmt, 'service_definition');
        expect(def.service_code).to.equal('ENV.NOISE.NIGHT_CONSTRUCTION');
        const attributes = fmt === 'xml' ? def.attributes.attribute : def.attributes;
        const timeOfDay = attributes.find((a: { code: string }) => a.code === 'time_of_day');
        expect(String(timeOfDay.variable)).to.equal('true');
        expect(timeOfDay.datatype).to.equal('singlevaluelist');
        expect(String(timeOfDay.required)).to.equal('true');
        expect(String(timeOfDay.order)).to.equal('1');
        expect(timeOfDay.description).to.contain('时段');
        const values = fmt === 'xml' ? timeOfDay.values.value : timeOfDay.values;
        expect(values.map((v: { key: string }) => v.key)).to.deep.equal(['day', 'night', 'all_day']);
        expect(values[1].name).to.equal('夜间（22:00–次日06:00）');
      });

      it('when a client reads the definition of a service without extra questions, then its attributes are empty', async () => {
        const res = await get(`services/OTHER.GENERAL.${fmt}`);
        expect(res.status).to.equal(200);
        const def = read(res, fmt, 'service_definition');
        expect(def.service_code).to.equal('OTHER.GENERAL');
        expect(fmt === 'xml' ? (def.attributes.attribute ?? []) : def.attributes).to.deep.equal([]);
      });

      it('when a client asks for an unknown service or a category group, then 404 in the Open311 error shape', async () => {
        for (const code of ['NO.SUCH.SERVICE', 'ENV.NOISE']) {
          const res = await get(`services/${code}.${fmt}`);
          expect(res.status).to.equal(404);
          const [error] = errorsOf(res, fmt);
          expect(error.code).to.equal(404);
          expect(error.description).to.contain(code);
        }
      });

      it('when a client asks for a resource that does not exist, then 404 in the format it asked for', async () => {
        const res = await get(`nothing-here.${fmt}`);
        expect(res.status).to.equal(404);
        expect(errorsOf(res, fmt)[0].code).to.equal(404);
      });
    });
  }

  it('when a client asks for a format other than xml or json, then 404 (answered in XML, the required format)', async () => {
    for (const path of ['services.html', 'discovery', 'services/OTHER.GENERAL.csv']) {
      const res = await get(path);
      expect(res.status, path).to.equal(404);
      expect(errorsOf(res, 'xml')[0].description).to.contain('format');
    }
  });

  it('when one address reads more often than the public limit allows, then 429 in the Open311 error shape', async () => {
    const limited = await isolatedHarness({ env: { PUBLIC_RATE_LIMIT: '2', QUEUE_PREFIX: `test-${process.pid}-open311-limit` } });
    for (let i = 0; i < 2; i++) expect((await request(limited.app).get('/open311/v2/services.json')).status).to.equal(200);
    const res = await request(limited.app).get('/open311/v2/services.json');
    expect(res.status).to.equal(429);
    expect(errorsOf(res, 'json')[0].code).to.equal(429);
  });
});
