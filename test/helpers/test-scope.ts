/**
 * The life of the running test as an AbortSignal. Every wait, poll loop and watcher a test starts
 * takes `testSignal()`, so it ends when the test ends, passed, failed or timed out: nothing a test
 * started keeps polling (and keeps Jest alive) after it. test-scope.setup.ts ends the scope after
 * each test and at the end of each file; hooks outside a test (beforeAll/afterAll) get a fresh one.
 */
let current = new AbortController();

/** Aborted when the running test (or, outside a test, the current hook phase) ends. */
export function testSignal(): AbortSignal {
  return current.signal;
}

/** Ends the current scope (aborting what it started) and opens a fresh one for what comes next. */
export function endTestScope(reason: string): void {
  const ended = current;
  current = new AbortController();
  ended.abort(new Error(`${reason}: a wait or loop it started was stopped`));
}
