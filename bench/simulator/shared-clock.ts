import type { Clock } from '../../src/shared/clock';

/**
 * A clock that stands still until told to move (as ManualClock), whose time lives in shared memory:
 * the simulator moves it on its thread and the web server's thread reads the same moment.
 */
export class SharedClock implements Clock {
  private readonly ms: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ms = new BigInt64Array(buffer);
  }

  static starting(at: Date): SharedClock {
    const clock = new SharedClock(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));
    clock.set(at);
    return clock;
  }

  now(): Date {
    return new Date(Number(Atomics.load(this.ms, 0)));
  }

  set(to: Date): void {
    Atomics.store(this.ms, 0, BigInt(to.getTime()));
  }
}
