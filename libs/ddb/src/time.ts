/** ISO-8601 UTC with milliseconds and `Z`, fixed width, so string order is time order. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The current time in the table's one timestamp format. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** True when `value` is a timestamp in the table's format that names a real instant. */
export function isIsoTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value) && new Date(value).toISOString() === value;
}
