import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { ApiRouter } from '../../src/http/api-router';
import { errorHandler } from '../../src/http/error-handler';
import type { Principal } from '../../src/shared/principal';
import { createLogger } from '../../src/shared/logger';

const operator: Principal = { kind: 'user', userId: 1, username: 'op', role: 'operator', departmentId: 1 };

/** A small app around one ApiRouter; `who` is the caller the authenticate step would have found. */
function appWith(router: ApiRouter, who?: Principal) {
  const app = express();
  app.use(express.json());
  app.use((_req, res, next) => {
    if (who) res.locals.principal = who;
    next();
  });
  app.use(router.build());
  app.use(errorHandler(createLogger('silent')));
  return app;
}

const fields = (res: request.Response) => (res.body.error.details as { field: string }[]).map((d) => d.field);

describe('routes declare what they accept and the router parses it', () => {
  const calls: unknown[] = [];
  const router = new ApiRouter().add({
    method: 'post',
    path: '/things/:id',
    access: { roles: ['operator'] },
    summary: 'test route',
    schemas: {
      params: { id: z.string().regex(/^\d+$/).transform(Number).describe('thing id') },
      headers: { 'Idempotency-Key': z.string().min(1).optional() },
      query: z.strictObject({ dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
      body: z.strictObject({ name: z.string().min(1), size: z.number().int() }),
    },
    handle: async ({ res, params, headers, query, body }) => {
      calls.push({ params, headers, query, body });
      res.json({ id: params.id, key: headers['Idempotency-Key'] ?? null, dryRun: query.dryRun ?? false, name: body.name, size: body.size });
    },
  });
  const app = appWith(router, operator);

  beforeEach(() => {
    calls.length = 0;
  });

  it('when every part is valid, then the handler gets the parsed values (transforms applied)', async () => {
    const res = await request(app).post('/things/42?dryRun=true').set('Idempotency-Key', 'k1').send({ name: 'a', size: 3 });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ id: 42, key: 'k1', dryRun: true, name: 'a', size: 3 });
  });

  it('when the query and the body are both bad, then one 400 names the fields of both (not the query first, then the body) and the handler never runs', async () => {
    const res = await request(app).post('/things/42?dryRun=maybe&extra=1').send({ size: 1.5, colour: 'red' });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    expect(res.body.error.message).to.equal('Invalid input');
    expect(fields(res)).to.have.members(['dryRun', 'extra', 'name', 'size', 'colour']);
    expect(calls).to.have.length(0);
  });

  it('when a path parameter or a header is bad, then the 400 names it as declared ("thing id", "Idempotency-Key header")', async () => {
    const res = await request(app).post('/things/x1').set('Idempotency-Key', '').send({ name: 'a', size: 1 });
    expect(res.status).to.equal(400);
    expect(fields(res)).to.deep.equal(['thing id', 'Idempotency-Key header']);
    expect(calls).to.have.length(0);
  });

  it('when only the body is bad, then the message says so and every failing field is named', async () => {
    const res = await request(app).post('/things/1').send({ name: '', size: 'big' });
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.equal('Invalid body');
    expect(fields(res)).to.have.members(['name', 'size']);
  });

  it('when the caller is not signed in or lacks the role, then 401 or 403 comes before any 400 about the input', async () => {
    const anonymous = await request(appWith(router)).post('/things/x').send({ bad: true });
    expect(anonymous.status).to.equal(401);
    const dispatcher = await request(appWith(router, { ...operator, role: 'dispatcher' } as Principal)).post('/things/x').send({ bad: true });
    expect(dispatcher.status).to.equal(403);
    expect(calls).to.have.length(0);
  });

  it('when a route has a path parameter without a schema, then it cannot be registered', () => {
    expect(() =>
      new ApiRouter().add({ method: 'get', path: '/things/:id', access: { public: true }, summary: 'no schema', handle: async () => undefined }),
    ).to.throw(/declares no schema for path parameter id/);
  });
});

/** Every routes file of the modules, read as text. */
function routeFiles(dir = join(__dirname, '../../../src/modules')): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name.endsWith('.routes.ts') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('no route parses its input itself', () => {
  it('then no routes file calls parseInput, .parse( or .safeParse( (the router parses what a route declares)', () => {
    const files = routeFiles();
    expect(files.length).to.be.greaterThan(10);
    const offenders = files.flatMap(({ path, text }) =>
      text.split('\n').flatMap((line, i) => (/\bparseInput\(|\.parse\(|\.safeParse\(/.test(line) && !/JSON\.parse\(/.test(line) ? [`${relative(process.cwd(), path)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders, offenders.join('\n')).to.deep.equal([]);
  });

  it('then no module calls parseInput (services receive parsed, typed input)', () => {
    const modules = join(__dirname, '../../../src/modules');
    const all = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const offenders = all(modules).filter((path) => /\bparseInput\(/.test(readFileSync(path, 'utf8')));
    expect(offenders.map((p) => relative(process.cwd(), p))).to.deep.equal([]);
  });
});
