import { idlePollDelayMs, pause, retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  const settings = { baseMs: 100, capMs: 2000 };

  it('grows exponentially up to the cap', () => {
    const top = () => 0.999999;
    expect(retryDelayMs(0, settings, top)).toBeCloseTo(100, 0);
    expect(retryDelayMs(3, settings, top)).toBeCloseTo(800, 0);
    expect(retryDelayMs(10, settings, top)).toBeCloseTo(2000, 0);
  });

  it('is fully jittered: anywhere from zero to the ceiling', () => {
    expect(retryDelayMs(3, settings, () => 0)).toBe(0);
    expect(retryDelayMs(3, settings, () => 0.5)).toBe(400);
  });
});

describe('idlePollDelayMs', () => {
  const settings = { baseMs: 100, capMs: 500 };

  it('backs off while a shard stays idle, never beyond the cap', () => {
    const ceilings = [0, 1, 2, 3, 8].map((idle) => idlePollDelayMs(idle, settings, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 500, 500]);
  });

  it('keeps at least half of the delay, so idle polling stays bounded below', () => {
    expect(idlePollDelayMs(2, settings, () => 0)).toBe(200);
  });
});

describe('pause', () => {
  it('resolves false at once when aborted', async () => {
    const controller = new AbortController();
    const paused = pause(60_000, controller.signal);
    controller.abort();
    await expect(paused).resolves.toBe(false);
  });
});
