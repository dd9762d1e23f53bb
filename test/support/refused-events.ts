import type { Db } from '../../src/db/knex';

/** The description marker of the tickets whose events the database refuses. */
export const FAULT_MARKER = 'FAULT-INJECTED';

/**
 * Makes the database refuse to write `action` events of tickets whose description carries
 * FAULT_MARKER, as a fault that fails one ticket's transaction would; answers the undo.
 */
export async function refuseEvents(db: Db, action: string): Promise<() => Promise<void>> {
  await db.raw(`create or replace function test_refuse_events() returns trigger language plpgsql as $$
    begin
      if new.action = '${action}' and exists (select 1 from tickets where id = new.ticket_id and description like '%${FAULT_MARKER}%') then
        raise exception 'refused by test trigger';
      end if;
      return new;
    end $$`);
  await db.raw('create trigger test_refuse_events before insert on ticket_events for each row execute function test_refuse_events()');
  return async () => {
    await db.raw('drop trigger test_refuse_events on ticket_events');
    await db.raw('drop function test_refuse_events()');
  };
}
