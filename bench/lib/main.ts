/** Runs a bench entry point: exit 0 once it is done, 1 with its stack if it fails (open connections would otherwise keep the process alive). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
