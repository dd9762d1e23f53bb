import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How partners check that a message comes from us and was not replayed later:
 * `X-Hotline-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, where the
 * timestamp (unix seconds) is sent as `X-Hotline-Timestamp` and the body is the exact bytes posted.
 */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The partner's side of it (and the tests'): constant-time comparison of the signature. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function signedHeaders(secret: string, deliveryId: number, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'Content-Type': 'application/json',
    'X-Hotline-Timestamp': timestamp,
    'X-Hotline-Signature': signBody(secret, timestamp, body),
    // Lets the partner drop a repeat: delivery is at least once (a lost acknowledgement is resent).
    'X-Hotline-Delivery': String(deliveryId),
  };
}
