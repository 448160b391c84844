/**
 * A stand-in for something a suite makes in its beforeAll (a table, a running stack), so a helper
 * can hand it out when the describe block is read: every property read goes to the current value,
 * and a read outside a test (before the beforeAll ran, or after afterAll) says so.
 */
export function suiteScoped<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const value = current();
      if (value === undefined) throw new Error(`${what} exists only inside the suite's tests (it is made in beforeAll)`);
      return Reflect.get(value, key);
    },
  });
}
