import { createInterface } from 'node:readline';

const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
let nextColor = 0;

/** Copies a child's output to `out` line by line, each line behind its name in a colour of its own. */
export function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream): void {
  if (!stream) return;
  const color = COLORS[nextColor++ % COLORS.length];
  const label = `${color}${name.padEnd(13)}\x1b[0m| `;
  createInterface({ input: stream }).on('line', (line) => out.write(`${label}${line}\n`));
}
