import type { Config } from './config';
import { createDb, ensureDatabase } from './db/knex';
import { serverSettingWarnings } from './db/server-settings';
import { loadReferenceData } from './reference-data';
import { createAuthRepository, ensureDemoAccounts, type DemoAccountsReport } from './modules/auth';
import { createDepartmentsRepository } from './modules/departments';
import { createPhoneKey, createTicketsRepository } from './modules/tickets';
import type { Logger } from './shared/logger';

/**
 * Brings the database to where the code expects it: created, migrated, reference data loaded and,
 * outside production, the demo accounts made. Idempotent; `npm start` and `release` run it.
 */
export async function prepareDatabase(config: Config, logger: Logger, opts: { demoAccounts: boolean }): Promise<DemoAccountsReport | null> {
  if (await ensureDatabase(config.databaseUrl)) logger.info('created the database');
  const db = createDb(config.databaseUrl, { min: 0, max: 2 });
  try {
    // Several processes may start at once; knex's migration lock makes the others wait.
    const [, applied] = await db.migrate.latest();
    if (applied.length) logger.info({ migrations: applied }, 'migrated');
    await loadReferenceData(db);
    for (const warning of await serverSettingWarnings(db)) logger.warn(warning);
    // Tickets written before the phone index existed are found by caller history too.
    const keyed = await createTicketsRepository(db).indexPhones(createPhoneKey(config.phoneIndexSecret));
    if (keyed) logger.info({ tickets: keyed }, 'phone numbers indexed');
    if (!opts.demoAccounts || config.env === 'production') return null;
    const departments = await createDepartmentsRepository(db).all();
    return await ensureDemoAccounts(createAuthRepository(db), {
      password: config.demoPassword,
      departments,
      apiKeys: config.demoApiKeys,
    });
  } finally {
    await db.destroy();
  }
}

export function printDemoAccounts(report: DemoAccountsReport, password: string): void {
  if (!report.users.length && !report.apiKeys.length) return;
  const lines = ['', 'Demo accounts created (shown once):'];
  if (report.users.length) {
    const handlers = report.users.filter((u) => u.startsWith('handler-'));
    const others = report.users.filter((u) => !u.startsWith('handler-'));
    lines.push(`  users: ${others.join(', ')}${handlers.length ? ` and ${handlers.length} handlers (handler-<department code>, e.g. ${handlers.find((h) => /^handler-3101\d\d-ENV$/.test(h)) ?? handlers[0]})` : ''}`);
    lines.push(`  password: ${password}`);
  }
  for (const k of report.apiKeys) lines.push(`  API key ${k.name}: ${k.key}`);
  process.stdout.write(lines.join('\n') + '\n\n');
}
