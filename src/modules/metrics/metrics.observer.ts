import type { Tx } from '../../db/knex';
import { shanghaiDate } from '../../shared/shanghai-time';
import type { TicketChangeObserver } from '../tickets';
import { NO_DEPARTMENT, shardOf, type Counters } from './metric-counters';
import { deltasOfChange, surveyCounters, type SurveyFacts } from './metric-deltas';
import type { MetricsRepository } from './metrics.repository';

/** A survey answered outside the ticket lifecycle: the citizen of a merged ticket (see surveys). */
export interface SurveyOutcomeFact {
  /** The surveyed (merged) ticket: its shard of the aggregates is written. */
  ticketId: number;
  at: Date;
  departmentId: number | null;
  line: string;
  channel: string;
  facts: SurveyFacts;
}

/**
 * Keeps the aggregates in step with every ticket change, inside the change's own transaction: a
 * change that rolls back leaves no trace in them, and one that commits is counted exactly once.
 */
export function createMetricsObserver(repo: MetricsRepository) {
  const applySurvey = (tx: Tx, s: SurveyOutcomeFact, counters: Partial<Counters>) => {
    const dims = { day: shanghaiDate(s.at), departmentId: s.departmentId ?? NO_DEPARTMENT, line: s.line, channel: s.channel };
    return repo.apply(tx, [{ deltas: { daily: [{ dims, counters }], durations: [], status: [] }, shard: shardOf(s.ticketId) }]);
  };
  const observer: TicketChangeObserver = {
    inTransaction: (tx, fact) => repo.apply(tx, [{ deltas: deltasOfChange(fact), shard: shardOf(fact.after.id) }]),
    // A batch of intakes: one statement per table for all of them, on one shard (the first ticket's)
    // so that the batch holds a few rows until it commits, not a row in every shard. Totals are sums
    // over shards, so which shard a ticket's creation is counted on changes no figure.
    inTransactionMany: (tx, facts) => {
      const shard = shardOf(facts[0]?.after.id ?? 0);
      return repo.apply(tx, facts.map((fact) => ({ deltas: deltasOfChange(fact), shard })));
    },
  };
  return {
    observer,
    /** The same guarantee for a merged ticket's survey, written in the survey's transaction. */
    recordSurvey(tx: Tx, s: SurveyOutcomeFact): Promise<void> {
      return applySurvey(tx, s, surveyCounters(s.facts));
    },
    /**
     * A supervisor's correction of a recorded result: the result counted (`facts`, on its day and
     * keys, `at` being when it was recorded) is taken back and the corrected one counted in its place.
     */
    correctSurvey(tx: Tx, s: SurveyOutcomeFact & { corrected: SurveyFacts }): Promise<void> {
      const was = surveyCounters(s.facts);
      const is = surveyCounters(s.corrected);
      const keys = new Set([...Object.keys(was), ...Object.keys(is)] as (keyof Counters)[]);
      return applySurvey(tx, s, Object.fromEntries([...keys].map((k) => [k, (is[k] ?? 0) - (was[k] ?? 0)])));
    },
  };
}

export type MetricsRecorder = ReturnType<typeof createMetricsObserver>;
