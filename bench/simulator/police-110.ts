import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The 110 platform's webhook, as a working centre has it: acknowledges every emergency at once.
 * Without it every emergency of the simulation would be tried again every 30 s for the rest of the
 * run (an emergency waits for its endpoint), a load that grows through a simulated week and that a
 * centre with its 110 link up does not carry.
 */
export async function startPolice110(): Promise<{ url: string; close: () => Promise<void> }> {
  let acknowledged = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      acknowledged++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ received: true, reference: `110-SIM-${acknowledged}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/110`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
