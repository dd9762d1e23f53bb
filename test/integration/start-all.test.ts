import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { makeUser, ticketBody } from '../support/factories';
import { isolatedHarness, testConfig, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';

const runJs = path.join(__dirname, '..', '..', 'src', 'main', 'run.js');

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `npm start` (run.js all): the web server in the process, the workers in a child it supervises (issue 19). */
describe('npm start: web here, workers in a supervised child process', () => {
  const prefix = `start-all-${process.pid}`;
  let h: Harness;
  let all: ChildProcess | null = null;
  let output = '';
  const workerPids = () => [...output.matchAll(/"pid":(\d+)[^\n]*"msg":"worker process started"/gu)].map((m) => Number(m[1]));

  before(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: prefix } });
  });
  after(() => {
    all?.kill('SIGKILL');
    for (const pid of workerPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('when started, killed in its worker and sent SIGTERM, then it serves and routes, restarts the worker, and stops both cleanly', async function () {
    this.timeout(90_000);
    const port = await freePort();
    const config = testConfig();
    // Production: the shared test database gets no demo accounts from this start.
    all = spawn(process.execPath, [runJs, 'all'], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl, QUEUE_PREFIX: prefix, PORT: String(port), LOG_LEVEL: 'info', NODE_ENV: 'production', PHONE_INDEX_SECRET: 'start-all-test-phone-index' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    all.stdout!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => all!.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the web server to answer', async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok, 30_000);
    const [first] = await waitFor('the worker process to start', async () => workerPids().length > 0 && workerPids(), 10_000);
    expect(first).to.not.equal(all.pid);

    // The worker child routes what the web process takes in.
    const operator = await makeUser(h, 'operator');
    const create = async () => {
      const res = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers: { ...operator.auth, 'content-type': 'application/json' }, body: JSON.stringify(ticketBody({ line: '12369', location: { districtCode: '310104' } })) });
      expect(res.status).to.equal(201);
      return ((await res.json()) as { id: number }).id;
    };
    const routed = (id: number) => waitFor(`ticket ${id} routed`, async () => (await h.c.db('tickets').where({ id }).first('status')).status === 'dispatched', 20_000);
    await routed(await create());

    // A worker that dies is started again; the web server keeps answering meanwhile.
    process.kill(first, 'SIGKILL');
    const [, second] = await waitFor('a new worker process', async () => workerPids().length > 1 && workerPids(), 20_000);
    expect(second).to.not.equal(first);
    expect((await fetch(`${base}/readyz`)).ok).to.equal(true);
    await routed(await create());

    // SIGTERM stops the web server and the worker, and exits 0.
    all.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(alive(second), 'the worker process after the stop').to.equal(false);
  });
});
