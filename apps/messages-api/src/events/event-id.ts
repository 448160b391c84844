/**
 * The `id:` of live events: an opaque resume position. It encodes a time P (epoch ms): a resume
 * from it replays everything created after P − the resume window (see ResumeReplay). A stream opened
 * with a ticket adds its reconnect key, which lets the browser's own reconnect (same URL, same used
 * ticket) back in: the key travelled only inside the stream, never in a URL or a log.
 *
 * Shape: `1.<P in base36>` or `1.<P in base36>.<key, base64url>`; clients must not rely on it.
 */
export interface EventPosition {
  positionMs: number;
  reconnectKey?: string;
}

const ID = /^1\.([0-9a-z]{1,11})(?:\.([A-Za-z0-9_-]{16,64}))?$/;
/** Positions before this (2020-01-01) cannot come from this service. */
const EARLIEST_MS = Date.UTC(2020, 0, 1);

export function encodeEventId(position: EventPosition): string {
  const time = Math.max(0, Math.floor(position.positionMs)).toString(36);
  return position.reconnectKey ? `1.${time}.${position.reconnectKey}` : `1.${time}`;
}

/**
 * The position of an id this service wrote, or null for anything else (422 `last_event_id_invalid`).
 * A position in the future (clock skew between instances) is clamped to `nowMs`.
 */
export function decodeEventId(id: string, nowMs = Date.now()): EventPosition | null {
  const match = ID.exec(id);
  if (!match) return null;
  const positionMs = parseInt(match[1], 36);
  if (!Number.isSafeInteger(positionMs) || positionMs < EARLIEST_MS) return null;
  return { positionMs: Math.min(positionMs, nowMs), ...(match[2] ? { reconnectKey: match[2] } : {}) };
}
