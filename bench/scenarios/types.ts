import type { Db } from '../../src/db/knex';
import type { BenchTarget } from '../lib/processes';

export interface ScenarioContext {
  target: BenchTarget;
  /** knex on the benchmark's database, for setting scenes (users, keys) and reading results. */
  db: Db;
  log(line: string): void;
}

/** What every scenario returns: a table to print, the figures for the JSON file, and notes. */
export interface ScenarioResult {
  name: string;
  title: string;
  table: (string | number | null)[][];
  figures: Record<string, unknown>;
  notes: string[];
}
