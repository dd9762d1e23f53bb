/**
 * The intake benchmark's reference: a bare Express route doing one INSERT of the same ticket row into
 * the same `tickets` table (same indexes), with no authentication, validation, timeline, outbox,
 * metrics or queue. What "the fastest a Node + Postgres intake could be" looks like on this machine.
 *
 *   PORT=3999 DATABASE_URL=postgres://.../hotline_bench node dist/bench/reference-server.js
 */
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = express();
app.use(express.json({ limit: '64kb' }));
let serial = 0;

app.get('/ref/health', (_req, res) => void res.json({ ok: true }));

app.post('/ref/tickets', async (req, res) => {
  const b = req.body as Record<string, any>;
  const now = new Date();
  try {
    const { rows } = await pool.query(
      `insert into tickets (ticket_no, line, channel, type, urgency, status, description, citizen_name, citizen_phone, callback_consent, address, answer, created_at, updated_at)
       values ($1, $2, $3, $4, 'normal', $5, $6, $7, $8, $9, $10, $11, $12, $12) returning id, ticket_no, status`,
      [
        `R${process.pid}-${++serial}`,
        b.line,
        b.channel,
        b.type,
        b.answeredOnSpot ? 'answered' : 'pending_dispatch',
        b.description,
        b.citizen?.name ?? null,
        b.citizen?.phone ?? null,
        b.citizen?.callbackConsent ?? true,
        b.location?.address ?? null,
        b.answeredOnSpot?.answer ?? null,
        now,
      ],
    );
    res.status(201).json(rows[0]);
  } catch (err) {
    res.status(500).json({ error: (err as Error).message });
  }
});

const server = app.listen(Number(process.env.PORT ?? 3999));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
