import { randomUUID } from 'node:crypto';
import { sleep } from './cluster';

/**
 * A bounded load of concurrent creates and actions, as clients of a real hotline behave: each
 * request is retried (to the next web process, after a pause) until it gets an answer other than
 * 503 or a cut connection, always with the same Idempotency-Key, so that "every 201 is exactly one
 * ticket" can be checked against the ledger it keeps.
 */
export type Kind = 'routable' | 'emergency' | 'handover';

export interface Created {
  kind: Kind;
  key: string;
  externalRef: string | null;
  ticketNo: string;
  id: number;
  status: number;
}

export interface LoadStats {
  requests: number;
  created: number;
  replayed: number;
  actions: number;
  /** Answers 503 (a dependency down: retried), connection failures (a web process killed: retried). */
  unavailable: number;
  cut: number;
  /** Answers 5xx other than 503: must stay 0. */
  errors: string[];
}

export interface Credentials {
  operator: string;
  supervisor: string;
  appKey: string;
  policeKey: string;
}

const DISTRICTS = ['310101', '310104', '310105', '310106', '310115'];

export class Load {
  readonly ledger: Created[] = [];
  readonly stats: LoadStats = { requests: 0, created: 0, replayed: 0, actions: 0, unavailable: 0, cut: 0, errors: [] };
  private running = false;
  private loops: Promise<void>[] = [];
  private next = 0;
  private serial = 0;

  constructor(
    private readonly webs: () => string[],
    private readonly creds: Credentials,
    private readonly opts: { loops: number; pauseMs: number },
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.opts.loops }, (_, i) => this.loop(i));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** One request, retried until it is answered (not 503, not cut); returns the answer. */
  private async send(method: string, path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    for (let attempt = 0; ; attempt++) {
      const webs = this.webs();
      const base = webs[this.next++ % webs.length];
      this.stats.requests++;
      try {
        const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
        const text = await res.text();
        if (res.status === 503) {
          this.stats.unavailable++;
          if (!res.headers.get('retry-after')) this.stats.errors.push(`${path}: 503 without Retry-After`);
        } else {
          if (res.status >= 500) this.stats.errors.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
          return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
        }
      } catch {
        this.stats.cut++;
      }
      if (attempt > 2000) throw new Error(`${method} ${path}: no answer after ${attempt} attempts`);
      await sleep(Math.min(1000, 100 * (attempt + 1)));
    }
  }

  private async create(kind: Kind): Promise<void> {
    const n = ++this.serial;
    const key = `fault-${randomUUID()}`;
    const marker = `#${n}-${key.slice(-8)}`;
    let headers: Record<string, string>;
    let body: Record<string, unknown>;
    let externalRef: string | null = null;
    if (kind === 'routable') {
      headers = { authorization: `Bearer ${this.creds.operator}`, 'idempotency-key': key };
      body = { line: '12369', channel: 'phone', type: 'complaint', description: `工厂排放废气，气味刺鼻 ${marker}`, citizen: { name: '张先生', phone: '13812345678' }, location: { districtCode: DISTRICTS[n % DISTRICTS.length] } };
    } else if (kind === 'emergency') {
      headers = { 'x-api-key': this.creds.appKey, 'idempotency-key': key };
      body = { line: '12345', channel: 'app', type: 'complaint', description: `楼下有人持刀打架，已经有人受伤 ${marker}`, citizen: { name: '王女士', phone: '13900001111' }, location: { districtCode: '310104' } };
    } else {
      externalRef = `110-${key}`;
      headers = { 'x-api-key': this.creds.policeKey };
      body = { line: '110', channel: 'transfer', type: 'complaint', description: `邻居装修噪音扰民 ${marker}`, externalRef, location: { districtCode: '310104' } };
    }
    const res = await this.send('POST', '/api/v1/tickets', headers, body);
    if (res.status !== 201 && res.status !== 200) {
      this.stats.errors.push(`create ${kind} → ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
      return;
    }
    if (res.status === 201) this.stats.created++;
    else this.stats.replayed++;
    this.ledger.push({ kind, key, externalRef, ticketNo: String(res.json.ticketNo), id: Number(res.json.id), status: res.status });
    // 110 often sends a hand-over twice (its own retry): the same externalRef must stay one ticket.
    if (kind === 'handover' && n % 2 === 0) {
      const again = await this.send('POST', '/api/v1/tickets', headers, body);
      if (again.status !== 200 || again.json.ticketNo !== res.json.ticketNo) this.stats.errors.push(`repeated externalRef → ${again.status} ${String(again.json.ticketNo)} (first ${String(res.json.ticketNo)})`);
      else this.stats.replayed++;
    }
  }

  /** A supervisor urges a ticket made earlier: an action with its event, metrics and live push. */
  private async urge(): Promise<void> {
    const target = this.ledger[Math.floor(Math.random() * this.ledger.length)];
    if (!target) return;
    const res = await this.send('POST', `/api/v1/tickets/${target.id}/urge`, { authorization: `Bearer ${this.creds.supervisor}` }, { note: '请尽快处理' });
    if (res.status === 200) this.stats.actions++;
    else if (res.status !== 409) this.stats.errors.push(`urge → ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
  }

  private async loop(i: number): Promise<void> {
    let step = i;
    while (this.running) {
      step++;
      const roll = step % 10;
      await (roll < 6 ? this.create('routable') : roll === 6 ? this.create('emergency') : roll === 7 ? this.create('handover') : this.urge());
      await sleep(this.opts.pauseMs);
    }
  }
}
