import { LazyConnection } from './lazy-connection';

/** A stand-in connection: what the spec needs is its identity and whether it was ended. */
const connection = (id: number) => ({ id, ended: false });

describe('LazyConnection', () => {
  it('opens nothing until first used, then shares one connection between every caller', async () => {
    const open = jest.fn(async () => connection(1));
    const lazy = new LazyConnection(open);
    expect(open).not.toHaveBeenCalled();
    const [first, second] = await Promise.all([lazy.get(), lazy.get()]);
    expect(first).toBe(second);
    expect(await lazy.get()).toBe(first);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed attempt, tells onFailure, and opens again on the next call', async () => {
    const open = jest
      .fn<Promise<{ id: number; ended: boolean }>, []>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValueOnce(connection(2));
    const failures: string[] = [];
    const lazy = new LazyConnection(open, (error) => failures.push(error.message));
    await expect(lazy.get()).rejects.toThrow('ECONNREFUSED');
    await expect(lazy.get()).resolves.toMatchObject({ id: 2 });
    expect(failures).toEqual(['ECONNREFUSED']);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('ifOpened never opens one, and gives the connection once one is open', async () => {
    const open = jest.fn(async () => connection(3));
    const lazy = new LazyConnection(open);
    await expect(lazy.ifOpened()).resolves.toBeUndefined();
    expect(open).not.toHaveBeenCalled();
    const opened = await lazy.get();
    await expect(lazy.ifOpened()).resolves.toBe(opened);
  });

  it('close ends an open connection once, swallowing its error, and the next call opens a new one', async () => {
    let next = 0;
    const lazy = new LazyConnection(async () => connection(++next));
    const first = await lazy.get();
    const end = jest.fn(async (opened: { ended: boolean }) => {
      opened.ended = true;
      throw new Error('already closed');
    });
    await expect(lazy.close(end)).resolves.toBeUndefined();
    expect(end).toHaveBeenCalledTimes(1);
    expect(first.ended).toBe(true);
    await expect(lazy.get()).resolves.toMatchObject({ id: 2 });
  });

  it('close has nothing to end when the connection never opened (or failed)', async () => {
    const end = jest.fn(async () => undefined);
    await new LazyConnection(async () => connection(4)).close(end);
    const failing = new LazyConnection<{ id: number }>(() => Promise.reject(new Error('down')));
    await failing.get().catch(() => undefined);
    await failing.close(end);
    expect(end).not.toHaveBeenCalled();
  });
});
