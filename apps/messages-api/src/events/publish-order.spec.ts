import { PublishOrder } from './publish-order';

describe('PublishOrder', () => {
  it('publishes in position order when answers come back out of commit order', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    const first = order.reserve('g');
    const second = order.reserve('g');
    // `second` committed first (smaller position) but its answer is late; `first` answers first.
    first.ready('2#b', () => published.push('b'));
    expect(published).toEqual([]);
    second.ready('1#a', () => published.push('a'));
    expect(published).toEqual(['a', 'b']);
    expect(order.pendingConversations).toBe(0);
  });

  it('does not wait for a send that started after this one came back (it cannot be earlier)', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    const first = order.reserve('g');
    first.ready('1#a', () => published.push('a'));
    const later = order.reserve('g');
    expect(published).toEqual(['a']);
    later.ready('2#b', () => published.push('b'));
    expect(published).toEqual(['a', 'b']);
  });

  it('holds a ready message behind an earlier ready one that still waits on a write', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    const [a, b, c] = [order.reserve('g'), order.reserve('g'), order.reserve('g')];
    c.ready('1#c', () => published.push('c')); // waits for a and b
    a.ready('2#a', () => published.push('a')); // waits for b; and c (earlier) is not out yet
    expect(published).toEqual([]);
    b.ready('3#b', () => published.push('b'));
    expect(published).toEqual(['c', 'a', 'b']);
  });

  it('stops waiting for a write that failed', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    const failed = order.reserve('g');
    order.reserve('g').ready('2#b', () => published.push('b'));
    failed.cancel();
    expect(published).toEqual(['b']);
  });

  it('never holds one conversation up for another, and settles each slot once', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    order.reserve('g1');
    const other = order.reserve('g2');
    other.ready('1#x', () => published.push('x'));
    other.ready('1#x', () => published.push('x again'));
    other.cancel();
    expect(published).toEqual(['x']);
  });
});
