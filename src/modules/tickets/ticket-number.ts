/** '20170320-000123': the Shanghai date of intake, then the order of intake within that day. */
export function formatTicketNo(shanghaiDay: string, serial: number): string {
  return `${shanghaiDay.replace(/-/g, '')}-${String(serial).padStart(6, '0')}`;
}
