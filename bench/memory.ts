import { rssMiB } from './local-run';

/** RSS of each process, read every second until `stop()`. */
export function sampleRssEverySecond(pids: Record<string, number>): { stop(): Record<string, number[]> } {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(pids).map((name) => [name, []]));
  const timer = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) {
      const mib = rssMiB(pid);
      if (mib !== null) samples[name].push(mib);
    }
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

export interface RssVerdict {
  /** Means of the last three windows, oldest first. */
  windowsMiB: number[];
  peakMiB: number;
  grows: boolean;
  budgetMiB: number;
  pass: boolean;
}

/**
 * docs/design.md §7's memory rule on one process's per-second samples: the mean of the last window is within
 * budget, and the last three windows do not grow. Growing means a steady rise: the last window
 * more than 2 MiB above the first, the middle one not below it (a GC dip and recovery is no leak).
 */
export function judgeRss(samples: number[], windowSeconds: number, budgetMiB: number): RssVerdict {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const tail = samples.slice(-3 * windowSeconds);
  const windowsMiB = [0, 1, 2].map((index) => mean(tail.slice(index * windowSeconds, (index + 1) * windowSeconds)));
  const [first, middle, last] = windowsMiB;
  const grows = last - first > 2 && middle >= first;
  return { windowsMiB, peakMiB: Math.max(...samples), grows, budgetMiB, pass: last <= budgetMiB && !grows };
}
