import { ConfigError } from '../platform/config';

/**
 * Runs a command-line entry point and exits with the code it returns. Invalid settings exit
 * with 2 and the message naming each one; any other error prints its stack and exits with 1.
 */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
