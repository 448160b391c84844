export interface RunCommandOptions {
  /** A server or launcher: success leaves the process running; only a failure ends it. */
  keepAlive?: boolean;
  /** Print the failure's stack, not only its message (benchmarks, where the where matters). */
  stack?: boolean;
  /** What to tell the operator after a failure's message (what to start, the usage), if anything. */
  hint?: (error: unknown) => string | undefined;
}

/**
 * Runs a command-line entry point (a CLI, a benchmark, a tooling server): on success the process ends
 * with the exit code the command set (0 by default), so pooled sockets and timers cannot keep it
 * alive; on failure it prints `<name>: <message>` and ends with 1. The one way the tooling's
 * entry points end.
 */
export function runCommand(
  name: string,
  main: () => Promise<unknown>,
  { keepAlive = false, stack = false, hint }: RunCommandOptions = {},
): void {
  main().then(
    () => {
      if (!keepAlive) process.exit(process.exitCode ?? 0);
    },
    (error: unknown) => {
      const text = error instanceof Error ? ((stack ? error.stack : undefined) ?? error.message) : String(error);
      process.stderr.write(`${name}: ${text}\n`);
      const advice = hint?.(error);
      if (advice) process.stderr.write(`${advice}\n`);
      process.exit(1);
    },
  );
}
