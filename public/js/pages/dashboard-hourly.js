// Today's intake per hour (Shanghai time). /metrics has no hourly figure yet, so this counts
// today's tickets from the list, a page at a time, up to a cap (then the chart says it is partial).
import { api } from '../api.js';

const PAGE = 200;
const MAX_PAGES = 10;

function shanghaiHour(iso) {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date(iso)));
}

function shanghaiToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export async function hourlyIntake() {
  const counts = Array.from({ length: 24 }, () => 0);
  let cursor;
  let seen = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await api('/tickets', { query: { from: shanghaiToday(), limit: PAGE, cursor } });
    for (const tk of res.tickets) counts[shanghaiHour(tk.createdAt)] += 1;
    seen += res.tickets.length;
    cursor = res.nextCursor;
    if (!cursor) return { counts, partial: false, seen };
  }
  return { counts, partial: true, seen };
}
