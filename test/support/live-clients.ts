import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';

export const liveUrl = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/live`;

/** A /live client with everything it received, by event name, in order. */
export interface LiveClient {
  socket: Socket;
  received: Map<string, unknown[]>;
  /** Resolves with the first event of that name (already received or to come) that matches. */
  next<T>(event: string, match?: (payload: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

const clients: Socket[] = [];

export function connectLive(url: string, auth?: Record<string, unknown>): Promise<LiveClient> {
  const socket = connect(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(socket);
  const received = new Map<string, unknown[]>();
  socket.onAny((event: string, payload: unknown) => received.set(event, [...(received.get(event) ?? []), payload]));

  const client: LiveClient = {
    socket,
    received,
    next<T>(event: string, match: (payload: T) => boolean = () => true, timeoutMs = 3000) {
      return new Promise<T>((resolve, reject) => {
        const seen = (received.get(event) ?? []).find((p) => match(p as T));
        if (seen !== undefined) return resolve(seen as T);
        const timer = setTimeout(() => {
          socket.off(event, listener);
          reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (payload: T) => {
          if (!match(payload)) return;
          clearTimeout(timer);
          socket.off(event, listener);
          resolve(payload);
        };
        socket.on(event, listener);
      });
    },
    close: () => socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => reject(err));
  });
}

export function closeLiveClients(): void {
  for (const s of clients.splice(0)) s.disconnect();
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
