/**
 * Runs an app's bootstrap. A failure at start (bad configuration, port in use, dependency missing)
 * is printed as one readable message naming the service, and the process exits 1 instead of
 * dumping core or hanging.
 */
export function startOrExit(service: string, bootstrap: () => Promise<unknown>): void {
  bootstrap().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${service} failed to start: ${message}\n`);
    process.exit(1);
  });
}
