import http from 'node:http';
import { createApp } from './app';
import type { Container } from './container';

/** The HTTP server (and, with the live issue, Socket.io). Returns a stop function. */
export async function startWebServer(c: Container, port = c.config.port): Promise<{ server: http.Server; stop: () => Promise<void> }> {
  const { app } = createApp(c);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
