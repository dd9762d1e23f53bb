import { createHmac } from 'node:crypto';

/**
 * The index key of a phone number: HMAC-SHA256 under the server's secret. Tickets and attached
 * callers keep it beside the number so that a caller's history is an index lookup of the full
 * number (never a scan or a LIKE over numbers in clear), and a copy of the table without the secret
 * cannot be searched by guessing numbers (a plain hash of 11 digits can be reversed by trying all).
 */
export type PhoneKey = (phone: string) => string;

export function createPhoneKey(secret: string): PhoneKey {
  return (phone) => createHmac('sha256', secret).update(phone).digest('hex');
}
