import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body as received: signatures are checked over these exact bytes. */
  body: string;
  /** What the receiver answered. */
  status: number;
  /** When it arrived (ms since the epoch), to check the spacing of retries. */
  at: number;
}

export interface ReceiverOptions {
  /** Answer this many requests with `failStatus` before succeeding. */
  failTimes?: number;
  /** Answer every request with `failStatus` (until `succeedFromNow`). */
  alwaysFail?: boolean;
  failStatus?: number;
  /** Wait this long before answering (to make the sender time out). */
  delayMs?: number;
}

/**
 * A partner's webhook on 127.0.0.1 and an ephemeral port, for the delivery tests: fails on demand,
 * answers a success with a JSON acknowledgement carrying its own reference, and records every
 * request (body and headers) so that tests can count them and check the signatures.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private failuresLeft: number;
  private alwaysFail: boolean;
  private readonly failStatus: number;
  private readonly delayMs: number;

  private constructor(
    private readonly server: http.Server,
    opts: ReceiverOptions,
  ) {
    this.failuresLeft = opts.failTimes ?? 0;
    this.alwaysFail = opts.alwaysFail ?? false;
    this.failStatus = opts.failStatus ?? 503;
    this.delayMs = opts.delayMs ?? 0;
  }

  static async start(opts: ReceiverOptions = {}): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = http.createServer((req, res) => receiver?.handle(req, res));
    receiver = new WebhookReceiver(server, opts);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return receiver;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/hook`;
  }

  /** Requests answered with a 2xx. */
  get successes(): ReceivedRequest[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  /** The "partner fixed its side" moment: every later request succeeds. */
  succeedFromNow(): void {
    this.alwaysFail = false;
    this.failuresLeft = 0;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => setTimeout(() => this.answer(req, res, chunks), this.delayMs));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, chunks: Buffer[]): void {
    const failing = this.alwaysFail || this.failuresLeft > 0;
    if (!this.alwaysFail && this.failuresLeft > 0) this.failuresLeft--;
    const status = failing ? this.failStatus : 200;
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
    if (failing) {
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end('temporarily unavailable');
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ received: true, reference: `ACK-${this.requests.length}` }));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Checks a request's signature the way a partner would, written out here rather than borrowed
 * from the code under test: hex HMAC-SHA256(secret, timestamp + "." + body).
 */
export function signatureIsValid(r: ReceivedRequest, secret: string): boolean {
  const timestamp = String(r.headers['x-hotline-timestamp'] ?? '');
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex');
  return timestamp !== '' && r.headers['x-hotline-signature'] === expected;
}
