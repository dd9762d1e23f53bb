import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../bootstrap';
import { ConfigError, loadConfig } from '../config';
import { createContainer, type Container } from '../container';
import { parseInput } from '../shared/zod-problems';
import { createUserSchema } from '../modules/admin/admin.schemas';
import { AppError } from '../shared/errors';
import { createLogger } from '../shared/logger';

const USAGE = `usage: npm run admin -- create-user --username <name> --role <admin|supervisor|dispatcher|operator|handler> [--department <code>] [--display-name <name>]
       npm run admin -- reset-password --username <name>
The password is read from standard input (one line), or asked for twice when run in a terminal; never from the command line.`;

/** One line from a pipe, or a prompt without echo (twice, to catch a typo) in a terminal. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    return input.split(/\r?\n/)[0];
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // Print the question, then nothing of what is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.includes(question)) process.stdout.write(question);
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  if ((await ask('Password again: ')) !== first) throw new Error('The passwords differ');
  return first;
}

/** A command's options, and its input checked before anything is touched (bad input changes nothing, not even an empty database). */
interface Command {
  options: Record<string, { type: 'string' }>;
  parse(values: Record<string, string | undefined>, password: string): (c: Container, baseUrl: string) => Promise<string>;
}

const resetPasswordSchema = createUserSchema.pick({ username: true, password: true });

const COMMANDS: Record<string, Command> = {
  /** The first admin of a production install (NODE_ENV=production makes no demo accounts), and a way back in if every admin is locked out. */
  'create-user': {
    options: { username: { type: 'string' }, role: { type: 'string' }, department: { type: 'string' }, 'display-name': { type: 'string' } },
    parse(values, password) {
      const input = parseInput(createUserSchema, { username: values.username, role: values.role, departmentCode: values.department, displayName: values['display-name'], password });
      return async (c, baseUrl) => {
        const user = await c.admin.users.create(null, input);
        return `created ${user.role} ${user.username} (id ${user.id}, department ${user.department.code}); sign in at ${baseUrl}/`;
      };
    },
  },
  /** An admin who forgot their password with no other admin to reset it; the user's sessions end, as in the console. */
  'reset-password': {
    options: { username: { type: 'string' } },
    parse(values, password) {
      const input = parseInput(resetPasswordSchema, { username: values.username, password });
      return async (c) => {
        const user = await c.admin.users.update(null, await c.admin.users.idOf(input.username), { password: input.password });
        return `password of ${user.username} reset; their sessions have ended`;
      };
    },
  },
};

/**
 * `npm run admin -- <command> …`: the account work that must be possible without the console.
 * Migrates the database first, so it works on an empty one; the same password policy, session
 * ending and audit as the console.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS[name ?? ''];
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: command.options, strict: true });
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const run = command.parse(values, await readPassword());
  await prepareDatabase(config, logger, { demoAccounts: false });
  const c = await createContainer(config, { logger });
  try {
    process.stdout.write(`${await run(c, config.surveys.publicBaseUrl)}\n`);
    return 0;
  } finally {
    await c.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof AppError) {
      const details = (err.details as { field?: string; message?: string }[]).map((d) => `  ${d.field}: ${d.message}`);
      process.stderr.write([`${err.code}: ${err.message}`, ...details].join('\n') + '\n');
    } else if (err instanceof ConfigError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    } else {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
    }
    process.exit(1);
  },
);
