import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The fault suite's own PostgreSQL cluster, Redis and app processes, on spare ports, so that it can
 * stop, kill and restart them without touching the machine's shared PostgreSQL (5432) and Redis
 * (6379). Everything lives in one temporary directory, removed at the end.
 */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const root = path.join(__dirname, '..', '..', '..', '..');
export const runJs = path.join(root, 'dist', 'src', 'main', 'run.js');
export const verifyJs = path.join(root, 'dist', 'src', 'main', 'metrics-verify.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** initdb refuses to run as root: the cluster then belongs to the `postgres` system user. */
function asPostgres(cmd: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
  else execFileSync(cmd, args, { stdio: 'pipe' });
}

export class PgCluster {
  readonly dir: string;
  constructor(
    readonly port: number,
    base: string,
  ) {
    this.dir = path.join(base, 'pg');
  }

  get url(): string {
    return `postgres://root@127.0.0.1:${this.port}/hotline_faults`;
  }

  init(): void {
    execFileSync('mkdir', ['-p', this.dir]);
    if (process.getuid?.() === 0) {
      const pgUid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const pgGid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(this.dir, pgUid, pgGid);
      chownSync(path.dirname(this.dir), pgUid, pgGid);
    }
    asPostgres(`${PG_BIN}/initdb`, ['-D', this.dir, '-U', 'root', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  }

  /**
   * Starts the cluster, saying why when it cannot. The suite's ports lie below Linux's ephemeral range
   * (32768-60999), where no client socket is given one; should something else hold the port for a
   * moment, a start refused for an address in use is tried again, twice, 2 s apart.
   */
  start(): void {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off`;
    const log = path.join(this.dir, 'log');
    for (let attempt = 1; ; attempt++) {
      try {
        asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.dir, '-o', opts, '-l', log, '-w', 'start']);
        return;
      } catch (err) {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '(no log)';
        if (attempt < 3 && /address already in use/i.test(tail)) {
          execFileSync('sleep', ['2']);
          continue;
        }
        throw new Error(`PostgreSQL did not start on port ${this.port}: ${(err as Error).message}\n${tail}`);
      }
    }
  }

  /** Fast shutdown: connections are cut, as in an outage. */
  stop(): void {
    asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.dir, '-m', 'fast', '-w', 'stop']);
  }

  stopQuietly(): void {
    try {
      this.stop();
    } catch {
      /* already stopped */
    }
  }
}

export class RedisServer {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Without persistence (no RDB, no AOF): a restart comes back empty, the worst case. */
  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' });
        return;
      } catch {
        await sleep(50);
      }
    }
    throw new Error('redis-server did not start');
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

/** One app process (web or worker), started from the built code with the suite's environment. */
export class AppProcess {
  private child: ChildProcess | null = null;
  constructor(
    readonly role: 'web' | 'worker' | 'release',
    readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  start(): void {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [runJs, this.role], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
  }

  /** Whether the process has ended (exit code or signal), e.g. a web process that could not listen. */
  get ended(): boolean {
    return !!this.child && (this.child.exitCode !== null || this.child.signalCode !== null);
  }

  /** The last lines of the process's log, so a failed start says why. */
  logTail(lines = 20): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
  }

  async waitExit(): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    if (child.exitCode !== null) return child.exitCode;
    return new Promise((r) => child.once('exit', (code) => r(code)));
  }

  /** SIGSTOP / SIGCONT: a paused worker takes no jobs, so a backlog builds up in Redis. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child?.kill(signal);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}

export function tempBase(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-faults-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { sleep };
