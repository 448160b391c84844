import { gcra, type RateLimitPolicy, windowSeconds } from './gcra';

describe('gcra', () => {
  const sends: RateLimitPolicy = { name: 'sends', perSecond: 5, burst: 20 };

  /** Runs `count` requests at time `at` against a stored tat, returning the decisions. */
  function burst(count: number, at: number, start?: number) {
    let tat = start;
    return Array.from({ length: count }, () => {
      const result = gcra(tat, at, sends);
      tat = result.tat;
      return { ...result.decision, tat };
    });
  }

  it('allows a full burst at once, counting down, and refuses the next one until a unit has dripped back', () => {
    const decisions = burst(21, 0);
    expect(decisions.slice(0, 20).every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.remaining).slice(0, 3)).toEqual([19, 18, 17]);
    expect(decisions[19].remaining).toBe(0);
    expect(decisions[20]).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 200, resetMs: 4000 });
  });

  it('refills at the sustained rate: one more request every 200 ms after the burst', () => {
    const spent = burst(20, 0).at(-1)!.tat;
    expect(gcra(spent, 199, sends).decision.allowed).toBe(false);
    expect(gcra(spent, 200, sends).decision).toMatchObject({ allowed: true, remaining: 0 });
    expect(gcra(spent, 4000, sends).decision).toMatchObject({ allowed: true, remaining: 19 });
  });

  it('does not let a refused request cost anything', () => {
    const spent = burst(20, 0).at(-1)!.tat;
    expect(gcra(spent, 100, sends).tat).toBe(spent);
  });

  it('describes the window as the time a full bucket takes to refill', () => {
    expect(windowSeconds(sends)).toBe(4);
    expect(windowSeconds({ name: 'slow', perSecond: 0.2, burst: 10 })).toBe(50);
  });
});
