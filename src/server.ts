import http from 'node:http';
import { createApp } from './app';
import type { Container } from './container';
import { attachLiveServer } from './realtime';

/** The HTTP server with Socket.io's /live namespace on it. Returns a stop function. */
export async function startWebServer(c: Container, port = c.config.port): Promise<{ server: http.Server; stop: () => Promise<void> }> {
  const { app } = createApp(c);
  const server = http.createServer(app);
  const live = await attachLiveServer(server, {
    auth: c.auth,
    metrics: c.metrics,
    directory: c.directory,
    clock: c.clock,
    logger: c.logger,
    bus: c.bus,
    redisUrl: c.config.redisUrl,
    prefix: c.config.queuePrefix,
  });
  // This process publishes its own changes too (stopped by the container's close).
  c.live.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    server,
    stop: async () => {
      await live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
