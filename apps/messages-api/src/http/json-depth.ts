/** Deeper than any body of this API (they are flat objects), far below what recursion can survive. */
export const MAX_JSON_DEPTH = 32;

/**
 * True when a parsed JSON value nests objects/arrays deeper than `max`. Iterative, so a hostile
 * 3,000-level body cannot overflow the stack here.
 */
export function exceedsJsonDepth(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
