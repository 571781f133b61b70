import 'reflect-metadata';
import { runCommand } from './run-command';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { announceAccessChanges } from '../platform/auth/access-changes';
import { createEventBus } from '../platform/pubsub';
import { createCliLogger } from '../platform/logger';
import { createAccount, disableAccount, MIN_PASSWORD_LENGTH } from '../modules/accounts/account.service';
import type { UserError } from '../platform/graphql/user-error';

const usage = () =>
  [
    'Usage:',
    '  npm run account -- create --login=<name> --roles=<ROLE,...> [--department=<id>] [--verification=<LEVEL>] [--resident-id=<id>]',
    '  npm run account -- disable --login=<name>',
    '',
    `create reads the password (${MIN_PASSWORD_LENGTH} characters or more) from the first line of standard input,`,
    'so it never appears in the process list or shell history:',
    "  printf '%s\\n' \"$PASSWORD\" | npm run account -- create --login=admin@city.example --roles=ADMINISTRATOR",
    '',
    "--resident-id links the resident's id from the city register, stored as a keyed hash, so the",
    'resident can export or erase the records kept under it.',
    '--department takes the code or id of an existing department (the departments query lists them).',
    'disable stops sign-in for the account and revokes its open sessions. It rejects the last enabled',
    'administrator: give ADMINISTRATOR to another account first.',
    'Settings come from the same environment as the API (DATABASE_URL or SQLITE_PATH, RATUSZ_HASH_KEY).',
  ].join('\n');

function writeErrors(errors: readonly UserError[]): void {
  for (const error of errors) {
    process.stderr.write(`${error.code}: ${error.message}\n`);
  }
}

async function readFirstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) {
      break;
    }
  }

  return text.split(/\r?\n/)[0] ?? '';
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const options = new Map(
    rest
      .filter((argument) => argument.startsWith('--'))
      .map((argument) => {
        const [name, ...value] = argument.slice(2).split('=');

        return [name!, value.join('=')] as const;
      }),
  );
  if (command !== 'create' && command !== 'disable') {
    process.stdout.write(`${usage()}\n`);

    return command === '--help' || command === '-h' ? 0 : 2;
  }
  const login = options.get('login');
  if (!login) {
    process.stderr.write(`Missing --login.\n\n${usage()}\n`);

    return 2;
  }

  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createCliLogger(config, 'ratusz-account');
  if (command === 'create' && process.stdin.isTTY) {
    process.stderr.write('Type the password and press Enter (it is shown as you type; pipe it in to avoid that):\n');
  }
  const password = command === 'create' ? await readFirstLine() : '';
  const orm = await openDatabase(config, logger);
  try {
    const em = orm.em.fork();
    if (command === 'disable') {
      // With Redis, API processes hear of the change at once and close the account's WebSockets.
      const events = config.redisUrl ? createEventBus(config, logger) : null;
      if (events) {
        announceAccessChanges(orm, events);
      }
      try {
        const { account: disabled, errors } = await disableAccount(em, config, login, null);
        if (!disabled) {
          writeErrors(errors);
          process.stderr.write('Nothing was changed.\n');

          return 1;
        }
        process.stdout.write(`Disabled account ${disabled.id} and revoked its sessions.\n`);

        return 0;
      } finally {
        // The ping goes out on the publishing connection after the announcement, so its reply means the announcement was sent.
        await events?.ping().catch(() => undefined);
        await events?.close();
      }
    }

    const roles = (options.get('roles') ?? '')
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean);
    const { account, errors } = await createAccount(
      em,
      config,
      {
        login,
        password,
        roles,
        departmentId: options.get('department'),
        verificationLevel: options.get('verification'),
        residentId: options.get('resident-id'),
      },
      null,
    );
    if (!account) {
      writeErrors(errors);

      return 1;
    }
    process.stdout.write(`Created account ${account.id} with roles ${account.roles.join(', ')}.\n`);

    return 0;
  } finally {
    await orm.close();
  }
}

runCommand(main);
