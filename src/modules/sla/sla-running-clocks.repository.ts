import type { Db, Tx } from '../../db/knex';
import { slaSql } from './sla-rules';

/**
 * sla_running_clocks holds one row per ticket whose department clock runs, with its due and at-risk
 * moments (slaSql's rules, stored), kept by a trigger on tickets in the ticket's own transaction
 * (migrations/20261206000000_sla_running_clocks.ts). This writes it again from the tickets as they
 * stand: for a loader that writes tickets with triggers off, and for a test that the trigger's copy
 * of the rules still says what slaSql says.
 */
export function runningClocksOfTickets(db: Db | Tx) {
  const due = slaSql.runningDue;
  return db('tickets')
    .whereIn('status', [slaSql.clockStatus.accept, slaSql.clockStatus.reply])
    .whereNotNull('dispatched_at')
    .whereRaw(`${due} < 'infinity'`)
    .select('id as ticket_id', 'department_id', 'line', 'channel', db.raw(`${due} as due_at`), db.raw(`${slaSql.riskAt(due)} as at_risk_at`));
}

export async function refillRunningClocks(tx: Tx): Promise<void> {
  await tx('sla_running_clocks').del();
  await tx.raw('insert into sla_running_clocks (ticket_id, department_id, line, channel, due_at, at_risk_at) ?', [runningClocksOfTickets(tx)]);
}
