/** Text searched for as itself inside a LIKE pattern: %, _ and the escape character lose their meaning. */
export const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
