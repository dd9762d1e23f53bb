import type { Knex } from 'knex';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const LINES = ['12345', '12369', '110'];
const CHANNELS = ['phone', 'web', 'app', 'wechat', 'email', 'transfer'];
const OUTCOMES = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable', 'no_consent', 'withdrawn'];

/** Counters of one (Shanghai day, department, line, channel): the metrics module's aggregates. */
const DAILY_COUNTERS = [
  'intake',
  'answered_on_spot',
  'dispatched',
  'accepted',
  'accepted_on_time',
  'accept_ms',
  'replied',
  'replied_on_time',
  'reply_ms',
  'resolved',
  'returned',
  'merged',
  'transferred_110',
  'survey_answered',
  'survey_satisfied',
  'survey_basically',
  'survey_dissatisfied',
  'survey_unreachable',
  'survey_no_consent',
  'survey_resolved_asked',
  'survey_resolved_yes',
];

export async function up(knex: Knex): Promise<void> {
  // One callback survey of one citizen about one reply: the replied ticket's own citizen, and the
  // citizen of every ticket merged into it (SPEC section 5: each citizen is still surveyed).
  await knex.schema.createTable('surveys', (t) => {
    t.bigIncrements('id');
    t.bigInteger('ticket_id').notNullable().references('tickets.id');
    t.bigInteger('replied_ticket_id').notNullable().references('tickets.id');
    t.integer('department_id').references('departments.id');
    // The due time is replied_at plus the configured working days, worked out when read: the
    // calendar is not consulted inside the reply's transaction, and the order is the same.
    t.timestamp('replied_at', { useTz: true }).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('last_attempt_at', { useTz: true });
    t.text('outcome');
    t.timestamp('completed_at', { useTz: true });
    t.boolean('escalated').notNullable().defaultTo(false);
    t.boolean('contacted');
    t.text('resolved');
    t.text('comment');
    // The SMS link: only a hash is kept, like login tokens (see the surveys module).
    t.text('token_hash').unique();
    t.timestamp('token_expires_at', { useTz: true });
    t.timestamp('token_used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.check(`outcome is null or outcome in (${list(OUTCOMES)})`);
    t.check(`resolved is null or resolved in ('resolved', 'partly', 'not')`);
    t.check('(outcome is null) = (completed_at is null)');
    t.check('attempts between 0 and 3');
  });
  await knex.raw('create unique index surveys_one_open_per_ticket on surveys (ticket_id) where outcome is null');
  await knex.raw('create index surveys_due on surveys (replied_at, id) where outcome is null');
  await knex.raw('create index surveys_replied_ticket on surveys (replied_ticket_id)');
  await knex.raw('create index surveys_escalated on surveys (completed_at desc) where escalated');
  // Tickets already waiting for their callback (replied before this migration) join the queue.
  await knex.raw(`
    insert into surveys (ticket_id, replied_ticket_id, department_id, replied_at, created_at)
    select id, id, department_id, replied_at, now() from tickets where status = 'replied' and replied_at is not null`);

  // department_id 0 stands for "no department yet" (a primary key cannot hold null).
  await knex.schema.createTable('metric_daily', (t) => {
    t.date('day').notNullable();
    t.integer('department_id').notNullable();
    t.text('line').notNullable();
    t.text('channel').notNullable();
    for (const c of DAILY_COUNTERS) t.bigInteger(c).notNullable().defaultTo(0);
    t.primary(['day', 'department_id', 'line', 'channel']);
    t.check(`line in (${list(LINES)})`);
    t.check(`channel in (${list(CHANNELS)})`);
  });

  // Histograms of time to accept and to reply, for the p90 (bucket widths in the metrics module).
  await knex.schema.createTable('metric_duration_buckets', (t) => {
    t.date('day').notNullable();
    t.integer('department_id').notNullable();
    t.text('line').notNullable();
    t.text('channel').notNullable();
    t.text('kind').notNullable();
    t.smallint('bucket').notNullable();
    t.bigInteger('n').notNullable().defaultTo(0);
    t.primary(['day', 'department_id', 'line', 'channel', 'kind', 'bucket']);
    t.check(`kind in ('accept', 'reply')`);
  });

  // How many tickets are in each status now. No check that n >= 0: a count gone wrong must not stop
  // a ticket from changing; npm run metrics:verify reports it.
  await knex.schema.createTable('metric_status_counts', (t) => {
    t.integer('department_id').notNullable();
    t.text('line').notNullable();
    t.text('channel').notNullable();
    t.text('status').notNullable();
    t.bigInteger('n').notNullable().defaultTo(0);
    t.primary(['department_id', 'line', 'channel', 'status']);
  });
  // Tickets already in the database (created before this migration) start counted.
  await knex.raw(`
    insert into metric_status_counts (department_id, line, channel, status, n)
    select coalesce(department_id, 0), line, channel, status, count(*) from tickets group by 1, 2, 3, 4`);

  // At risk and overdue "now" are read from running clocks only: this index holds no finished ticket
  // and covers what the count needs (an index-only scan). Keyed by due time, not department, so the
  // planner never prefers it over the ticket list's (department, status, created_at) order.
  await knex.raw(`
    create index tickets_running_clocks on tickets (reply_due_at)
      include (department_id, line, channel, dispatched_at) where status in ('dispatched', 'accepted')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tickets_running_clocks');
  for (const table of ['metric_status_counts', 'metric_duration_buckets', 'metric_daily', 'surveys']) {
    await knex.schema.dropTableIfExists(table);
  }
}
