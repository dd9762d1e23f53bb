import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type Namespace } from 'socket.io';
import { z } from 'zod';
import type { UserPrincipal } from '../shared/principal';
import type { AuthService } from '../modules/auth';
import type { DepartmentDirectory } from '../modules/departments';
import { windowDays, type MetricsService } from '../modules/metrics';
import type { ChangeBus } from '../shared/change-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import {
  ALL_ROOM,
  LIVE_NAMESPACE,
  adapterKey,
  departmentOfRoom,
  metricsDirtyChannel,
  roomsOf,
  type LiveClientEvents,
  type LiveServerEvents,
} from './live-events';

export interface LiveServerDeps {
  auth: AuthService;
  metrics: MetricsService;
  directory: DepartmentDirectory;
  clock: Clock;
  logger: Logger;
  /** Revocations from any process: the matching sockets here are disconnected. */
  bus: ChangeBus;
  redisUrl: string;
  prefix: string;
  /** At most one metrics push per room per this many ms; a change waits at most this long. */
  throttleMs?: number;
}

interface SocketData {
  principal: UserPrincipal;
  tokenHash: string;
  expiresAt: Date;
}

/** setTimeout's longest delay (about 24.8 days); no token lives that long, but a config could say so. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type LiveServer = Server<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;
type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;

const handshakeAuth = z.object({ token: z.string().min(1).max(200) });
const dirtyMessage = z.object({ departmentIds: z.array(z.number().int().nullable()) });

/**
 * Socket.io on the web server: namespace /live, the login token in the handshake (refused without
 * a valid one), one room per audience, and the Redis adapter so that events emitted by any process
 * reach the sockets of every web process.
 */
export async function attachLiveServer(server: http.Server, deps: LiveServerDeps): Promise<{ io: LiveServer; close: () => Promise<void> }> {
  const { logger } = deps;
  const pub = new Redis(deps.redisUrl);
  const sub = pub.duplicate();
  const dirty = pub.duplicate();
  for (const r of [pub, sub, dirty]) r.on('error', (err) => logger.debug({ err: err.message }, 'live redis connection error'));

  const io: LiveServer = new Server(server, { adapter: createAdapter(pub, sub, { key: adapterKey(deps.prefix) }) });
  const nsp: LiveNamespace = io.of(LIVE_NAMESPACE);
  const pushes = createMetricsPushes(nsp, deps);

  nsp.use((socket, next) => {
    const parsed = handshakeAuth.safeParse(socket.handshake.auth);
    const refuse = () => next(Object.assign(new Error('INVALID_TOKEN'), { data: { message: 'A valid login token is required in the handshake auth' } }));
    if (!parsed.success) return refuse();
    deps.auth
      .sessionForToken(parsed.data.token)
      .then((session) => {
        if (!session) return refuse();
        socket.data.principal = session.principal;
        socket.data.tokenHash = session.tokenHash;
        socket.data.expiresAt = session.expiresAt;
        next();
      })
      .catch((err: Error) => next(err));
  });

  nsp.on('connection', (socket) => {
    // A socket lives no longer than its token: the same end as a logout, at the token's expiry.
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, Math.max(0, socket.data.expiresAt.getTime() - deps.clock.now().getTime())));
    socket.once('disconnect', () => clearTimeout(expiry));
    const rooms = roomsOf(socket.data.principal);
    void socket.join(rooms);
    // A new (or reconnected) dashboard gets the current figures at once, not at the next change.
    pushes.snapshotFor(rooms[0]).then(
      (snapshot) => socket.emit('metrics', snapshot),
      (err: Error) => logger.warn({ err: err.message }, 'live metrics snapshot failed'),
    );
  });

  // Logout, deactivation, a new password or role: every web process drops the sockets it holds for it.
  const stopRevocations = deps.bus.on((notice) => {
    if (notice.kind !== 'revoked') return;
    const tokenHashes = new Set(notice.tokenHashes);
    const userIds = new Set(notice.userIds);
    for (const socket of nsp.sockets.values()) {
      if (tokenHashes.has(socket.data.tokenHash) || userIds.has(socket.data.principal.userId)) socket.disconnect(true);
    }
  });

  dirty.on('message', (_channel, message) => {
    try {
      pushes.changed(dirtyMessage.parse(JSON.parse(message)).departmentIds);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'bad live metrics message ignored');
    }
  });
  await dirty.subscribe(metricsDirtyChannel(deps.prefix));
  // The adapter subscribed when the namespace was made; a command queued behind it on the same
  // connection answers once that subscription is in place, so no early event is missed.
  await sub.ping();

  return {
    io,
    async close() {
      stopRevocations();
      pushes.stop();
      io.local.disconnectSockets(true);
      io.engine.close();
      await Promise.all([pub, sub, dirty].map((r) => r.quit().catch(() => r.disconnect())));
    },
  };
}

/**
 * Metrics pushed to the rooms this process has sockets in, when figures they show may have moved:
 * at most once per `throttleMs` per process, and never later than `throttleMs` after the change
 * (plus the time to read the aggregates). Each web process pushes to its own sockets only.
 */
function createMetricsPushes(nsp: LiveNamespace, deps: LiveServerDeps) {
  // Once a second is live enough for a wall display, and a city's league table is ~55 kB (every
  // department): at twice a second, 1,000 open dashboards were parsing 110 MB/s between them.
  const throttleMs = deps.throttleMs ?? 1000;
  let pending = new Set<number | null>();
  let timer: NodeJS.Timeout | null = null;
  let lastFlush = 0;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function snapshotFor(room: string) {
    const now = deps.clock.now();
    return deps.metrics.snapshot({ ...windowDays('today', now), departmentId: departmentOfRoom(room), line: null, channel: null }, now);
  }

  /** Local rooms whose figures cover one of the departments (everything's room covers all). */
  function affectedRooms(departmentIds: Set<number | null>): string[] {
    return [...nsp.adapter.rooms.keys()].filter((room) => {
      if (room === ALL_ROOM) return true;
      const roomDepartment = departmentOfRoom(room);
      if (roomDepartment === null) return false;
      return [...departmentIds].some((id) => id !== null && deps.directory.isWithin(id, roomDepartment));
    });
  }

  async function flush(): Promise<void> {
    timer = null;
    lastFlush = Date.now();
    const departments = pending;
    pending = new Set();
    for (const room of affectedRooms(departments)) {
      if (stopped) return;
      try {
        nsp.local.to(room).emit('metrics', await snapshotFor(room));
      } catch (err) {
        deps.logger.warn({ err: (err as Error).message, room }, 'live metrics push failed');
      }
    }
  }

  return {
    snapshotFor,
    changed(departmentIds: (number | null)[]): void {
      for (const id of departmentIds) pending.add(id);
      if (timer || stopped) return;
      // Pushes run one after another, so a slow read never lets an older snapshot overtake a newer one.
      timer = setTimeout(() => (running = running.then(flush)), Math.max(0, lastFlush + throttleMs - Date.now()));
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
