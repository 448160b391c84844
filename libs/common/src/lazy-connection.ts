/**
 * A connection opened by its first user rather than at start, shared by every caller after that:
 * callers awaiting it resume in call order (so what they send keeps its order), and an attempt that
 * fails is forgotten, so the next call tries again instead of every later call failing the same way.
 */
export class LazyConnection<T> {
  private opening?: Promise<T>;

  /**
   * @param open connects (called on first use, and again after a failed attempt)
   * @param onFailure told about each failed attempt (say, to log it)
   */
  constructor(
    private readonly open: () => Promise<T>,
    private readonly onFailure: (error: Error) => void = () => undefined,
  ) {}

  /** The connection, opening it if nobody has yet (or the last attempt failed). */
  get(): Promise<T> {
    if (this.opening) return this.opening;
    const opening = this.open();
    this.opening = opening;
    opening.catch((error: Error) => {
      if (this.opening === opening) this.opening = undefined;
      this.onFailure(error);
    });
    return opening;
  }

  /** The connection if one is open or opening, without opening one; undefined otherwise (or if it fails). */
  async ifOpened(): Promise<T | undefined> {
    return this.opening?.catch(() => undefined);
  }

  /** Forgets the connection, then ends it with `end` if it had opened (errors of `end` are swallowed: it is going anyway). */
  async close(end: (connection: T) => Promise<unknown>): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    const connection = await opening?.catch(() => undefined);
    if (connection !== undefined) await end(connection).catch(() => undefined);
  }
}
