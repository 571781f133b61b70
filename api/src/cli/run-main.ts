import { ConfigError } from '../platform/config';

/**
 * Runs a command's `main` and exits with its code. A configuration error exits with 2 and its
 * message, any other error with 1 and its stack.
 */
export function runMain(main: () => Promise<number>): void {
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
