import { commentFrame, eventFrame, idFrame, retryFrame } from './sse-frame';

/** A minimal SSE parser following the WHATWG rules, to check what a browser would make of a frame. */
function parse(stream: string) {
  const events: Array<{ id: string; event: string; data: string }> = [];
  let lastId = '';
  let event = '';
  let data: string[] = [];
  for (const line of stream.split('\n')) {
    if (line === '') {
      if (data.length > 0) events.push({ id: lastId, event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') lastId = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return { events, lastId };
}

describe('SSE frames', () => {
  it('write an event a browser reads back with its id, name and JSON data', () => {
    const data = { message: 'two\nlines and a : colon', created_at: '2026-11-21T23:06:45.124Z' };
    const { events } = parse(eventFrame({ id: '1.abc', event: 'message.created', data }));
    expect(events).toEqual([{ id: '1.abc', event: 'message.created', data: JSON.stringify(data) }]);
    expect(JSON.parse(events[0].data)).toEqual(data);
  });

  it('leave the last id in place for an event without one, and move it with an id-only frame', () => {
    const stream = eventFrame({ id: '1.a', event: 'x', data: 1 }) + eventFrame({ event: 'y', data: 2 }) + idFrame('1.b');
    const { events, lastId } = parse(stream);
    expect(events.map((event) => event.id)).toEqual(['1.a', '1.a']);
    expect(lastId).toBe('1.b');
  });

  it('write comments and retry advice that dispatch nothing', () => {
    expect(parse(commentFrame('heartbeat') + retryFrame(2000.7)).events).toEqual([]);
    expect(retryFrame(2000.7)).toBe('retry: 2000\n\n');
    expect(commentFrame('a\nb')).toBe(':a b\n\n');
  });

  it('refuse an id or event name that would break the framing', () => {
    expect(() => eventFrame({ id: 'a\nb', event: 'x', data: 1 })).toThrow();
    expect(() => eventFrame({ event: 'x\r', data: 1 })).toThrow();
    expect(() => idFrame('a\rb')).toThrow();
  });
});
