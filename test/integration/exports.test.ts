import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { makeUser, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';

const COUNT = 320;
const MONTH = { from: '2012-09-01', to: '2012-10-01' };

/** Collects a binary answer (supertest parses only text by default). */
function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** CSV as written by the export (quoted fields may hold commas and quotes, not newlines here). */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1])));
}

describe('exports: the ticket list as CSV and XLSX, the period report (issue 13)', () => {
  let h: Harness;
  let supervisor: TestUser;
  let handler: TestUser;

  const removeMine = () => h.c.db('tickets').where('ticket_no', 'like', '20120901-9%').delete();

  before(async () => {
    h = await harness();
    [supervisor, handler] = await Promise.all([makeUser(h, 'supervisor'), makeUser(h, 'handler', '310104-ENV')]);
    await removeMine();
    const start = shanghaiTime('2012-09-03', 8, 0).getTime();
    const depts = [h.c.directory.getByCode('310104-ENV')!.id, h.c.directory.getByCode('310115-ENV')!.id];
    await h.c.db('tickets').insert(
      Array.from({ length: COUNT }, (_, i) => ({
        ticket_no: `20120901-${9_000_000 + i}`,
        line: i % 4 === 0 ? '12369' : '12345',
        channel: 'phone',
        type: i % 3 === 0 ? 'help' : 'complaint',
        urgency: 'normal',
        status: 'dispatched',
        // A citizen's text that a spreadsheet would run as a formula, and one with a comma and quotes.
        description: i === 5 ? '=HYPERLINK("http://evil","点我")' : `导出测试 ${i}，"噪音"`,
        department_id: depts[i % 2],
        dispatched_at: new Date(start + i * 60_000),
        accept_due_at: new Date(start + i * 60_000 + 86_400_000),
        reply_due_at: new Date(start + i * 60_000 + 5 * 86_400_000),
        created_at: new Date(start + i * 60_000),
        updated_at: new Date(start + i * 60_000),
      })),
    );
  });

  after(removeMine);

  async function listed(user: TestUser, query: Record<string, string>): Promise<{ ticketNos: string[]; total: number }> {
    const ticketNos: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const res: request.Response = await request(h.app)
        .get('/api/v1/tickets')
        .query({ ...query, limit: '200', ...(cursor ? { cursor } : {}) })
        .set(user.auth)
        .expect(200);
      ticketNos.push(...res.body.tickets.map((t: { ticketNo: string }) => t.ticketNo));
      total = res.body.total;
      cursor = res.body.nextCursor;
    } while (cursor);
    return { ticketNos, total };
  }

  it('when a filtered list is exported as CSV, then the file has exactly the tickets the list pages through, in its order, with a header and nothing personal', async () => {
    const query = { ...MONTH, type: 'help' };
    const list = await listed(supervisor, query);
    const res = await request(h.app).get('/api/v1/exports/tickets.csv').query(query).set(supervisor.auth).expect(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.match(/attachment; filename="tickets-.*\.csv"/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).to.include.members(['ticketNo', 'status', 'acceptDueAt', 'repliedOnTime', 'citizenDueAt', 'overdue']);
    expect(header.join(',')).to.not.match(/phone|citizenName/i);
    expect(rows.map((r) => r[0])).to.deep.equal(list.ticketNos);
    expect(rows).to.have.length(list.total);
    const description = header.indexOf('description');
    expect(rows.find((r) => r[0] === '20120901-9000003')?.[description]).to.equal('导出测试 3，"噪音"');
  });

  it('when a text starts like a formula, then the CSV defuses it with a leading quote', async () => {
    const res = await request(h.app).get('/api/v1/exports/tickets.csv').query(MONTH).set(supervisor.auth).expect(200);
    const [header, ...rows] = parseCsv(res.text);
    expect(rows.find((r) => r[0] === '20120901-9000005')?.[header.indexOf('description')]).to.equal(`'=HYPERLINK("http://evil","点我")`);
  });

  it('when the list is exported as XLSX, then the workbook holds every matching ticket sorted as asked', async () => {
    const query = { ...MONTH, sort: 'due' };
    const list = await listed(supervisor, query);
    const res = await request(h.app).get('/api/v1/exports/tickets.xlsx').query(query).set(supervisor.auth).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('tickets')!;
    const ticketNos: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) ticketNos.push(String(row.getCell(1).value));
    });
    expect(list.total).to.equal(COUNT);
    expect(ticketNos).to.deep.equal(list.ticketNos);
  });

  it("when a handler exports, then the file holds only their department's tickets", async () => {
    const res = await request(h.app).get('/api/v1/exports/tickets.csv').query(MONTH).set(handler.auth).expect(200);
    const [header, ...rows] = parseCsv(res.text);
    expect(rows).to.have.length(COUNT / 2);
    expect(new Set(rows.map((r) => r[header.indexOf('department')]))).to.have.property('size', 1);
  });

  it('when an export is asked with a bad cursor, or for a page, then a 400 names the parameter', async () => {
    const res = await request(h.app).get('/api/v1/exports/tickets.csv').query({ limit: '10', cursor: 'abc' }).set(supervisor.auth).expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).to.deep.equal(['cursor']);
    const paged = await request(h.app).get('/api/v1/exports/tickets.xlsx').query({ limit: '10' }).set(supervisor.auth).expect(400);
    expect(paged.body.error.details).to.deep.equal([{ field: 'limit', message: 'an export has every matching ticket: no pages' }]);
  });

  it('when the year report is asked for, then its figures are those of GET /metrics for the same window, in JSON, CSV and XLSX', async () => {
    const window = { from: '2012-01-01', to: '2012-12-31' };
    const metrics = (await request(h.app).get('/api/v1/metrics').query(window).set(supervisor.auth).expect(200)).body;
    const json = (await request(h.app).get('/api/v1/reports/summary.json').query(window).set(supervisor.auth).expect(200)).body;
    const value = (key: string) => json.rows.find((r: { key: string }) => r.key === key).value;
    expect(value('intake.total')).to.equal(metrics.intake.total);
    expect(value('tickets.dispatched')).to.equal(metrics.tickets.dispatched);
    expect(value('sla.onTimeRate')).to.equal(metrics.sla.onTimeRate);
    expect(value('survey.satisfactionRate')).to.equal(metrics.survey.satisfactionRate);
    expect(value('intake.byChannel.web+app')).to.equal(metrics.intake.byChannel.web + metrics.intake.byChannel.app);
    const csv = parseCsv((await request(h.app).get('/api/v1/reports/summary.csv').query(window).set(supervisor.auth).expect(200)).text);
    expect(csv.slice(1).map((r) => r[1])).to.deep.equal(json.rows.map((r: { key: string }) => r.key));
    const xlsx = await request(h.app).get('/api/v1/reports/summary.xlsx').query(window).set(supervisor.auth).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.getWorksheet('report')!.rowCount).to.equal(json.rows.length + 1);
  });
});
