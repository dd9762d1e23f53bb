import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** bench/results/ in the source tree (git-ignored), whether run from bench/ or dist/bench/. */
export function resultsDir(): string {
  const fromDist = path.join(__dirname, '..', '..', '..', 'bench', 'results');
  const dir = process.env.BENCH_RESULTS_DIR ?? (fs.existsSync(path.join(__dirname, '..', '..', '..', 'bench')) ? fromDist : path.join(__dirname, '..', 'results'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return { nproc: os.cpus().length, memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, cpu, node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), platform: `${os.platform()} ${os.release()}` };
}

/** Writes `<name>-<timestamp>.json` and `<name>-latest.json`; returns the first path. */
export function writeResult(name: string, result: object): string {
  const dir = resultsDir();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const body = JSON.stringify({ scenario: name, at: new Date().toISOString(), machine: machine(), ...result }, null, 2);
  const file = path.join(dir, `${name}-${stamp}.json`);
  fs.writeFileSync(file, body);
  fs.writeFileSync(path.join(dir, `${name}-latest.json`), body);
  return file;
}
