import type http from 'node:http';

/**
 * The simulator is the server's only client and keeps its sockets: a socket the server closed for
 * idleness (5 s by default) at the moment the client reused it ends that request in ECONNRESET, and
 * with `--concurrency 64` many sockets idle through a moment's wait for routing.
 */
export function keepClientSockets(server: http.Server): void {
  server.keepAliveTimeout = 10 * 60_000;
}
