import { PublishOrder } from './publish-order';

describe('PublishOrder', () => {
  it('publishes a conversation’s messages in created_at order, whichever write finishes first', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    const first = order.reserve('g', '2026-11-21T10:00:01.000Z#a');
    const second = order.reserve('g', '2026-11-21T10:00:02.000Z#b');
    second.ready(() => published.push('b'));
    expect(published).toEqual([]);
    first.ready(() => published.push('a'));
    expect(published).toEqual(['a', 'b']);
    expect(order.pendingConversations).toBe(0);
  });

  it('stops waiting for a write that failed', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    const failed = order.reserve('g', '1#a');
    order.reserve('g', '2#b').ready(() => published.push('b'));
    failed.cancel();
    expect(published).toEqual(['b']);
  });

  it('never holds one conversation up for another', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    order.reserve('g1', '1#a');
    order.reserve('g2', '2#b').ready(() => published.push('b'));
    expect(published).toEqual(['b']);
  });

  it('places a stamp that came out of order where it belongs, and settles each slot once', () => {
    const order = new PublishOrder();
    const published: string[] = [];
    const later = order.reserve('g', '2#b');
    const earlier = order.reserve('g', '1#a');
    later.ready(() => published.push('b'));
    later.ready(() => published.push('b again'));
    earlier.ready(() => published.push('a'));
    expect(published).toEqual(['a', 'b']);
  });
});
