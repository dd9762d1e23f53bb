import { intakeBody } from '../lib/calls';
import type { HttpClient } from '../lib/http-client';
import { pool } from '../lib/http-client';
import { makeStaff, type Staff } from '../lib/staff';
import type { Random } from '../lib/stats';
import type { ScenarioContext } from './types';

/** Departments the scene's tickets are spread over (bureaus and district offices). */
export const sceneDepartments = ['SH-HOUSING', 'SH-MARKET', 'SH-HRSS', 'SH-TRANSPORT', 'SH-POLICE', '310104-ENV', '310115-ENV', '310115-CITY', '310112-HOUSING', '310101-CITY'];

/**
 * Tickets brought to `dispatched` through the API (created by an operator, dispatched by hand by a
 * dispatcher so no worker is needed), spread over `departments`; returns them with a handler each.
 */
export async function dispatchedTickets(ctx: ScenarioContext, http: HttpClient, rnd: Random, count: number, departments = sceneDepartments) {
  const operator = await makeStaff(ctx.db, 'operator');
  const dispatcher = await makeStaff(ctx.db, 'dispatcher');
  const handlers = new Map<string, Staff>();
  for (const code of departments) handlers.set(code, await makeStaff(ctx.db, 'handler', code));
  const ids: number[] = [];
  await pool(Array.from({ length: count }, (_, i) => i), 16, async (i) => {
    const body = { ...intakeBody(rnd, 'phone'), citizen: { name: '市民', phone: '13800000000', callbackConsent: true } };
    const created = await http.request<{ id: number }>('POST', '/api/v1/tickets', body, operator.headers);
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const department = departments[i % departments.length];
    const res = await http.request('POST', `/api/v1/tickets/${created.body.id}/dispatch`, { departmentCode: department }, dispatcher.headers);
    // The routing worker may have been quicker (when one runs): then the ticket is dispatched already.
    if (res.status !== 200 && res.status !== 409) throw new Error(`dispatch: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(created.body.id);
  });
  // Where each ticket ended up (a routing worker may have dispatched it first), with its handler.
  const rows: { id: number; code: string }[] = await ctx.db('tickets as t').join('departments as d', 'd.id', 't.department_id').whereIn('t.id', ids).where('t.status', 'dispatched').select('t.id', 'd.code');
  if (rows.length !== ids.length) throw new Error(`only ${rows.length} of ${ids.length} tickets were dispatched`);
  const tickets: { id: number; department: string; handler: Staff }[] = [];
  for (const r of rows.sort((a, b) => a.id - b.id)) {
    if (!handlers.has(r.code)) handlers.set(r.code, await makeStaff(ctx.db, 'handler', r.code));
    tickets.push({ id: r.id, department: r.code, handler: handlers.get(r.code) as Staff });
  }
  return { operator, dispatcher, handlers, tickets };
}
