import type { CognitoUser } from '@app/cognito-api';
import { decideLinks, type LinkableRow, type LinkDecision } from './decide-links';

const row = (handle: string, cognitoUserId: string | null = null): LinkableRow => ({
  uuid: `uuid-${handle}`,
  handle,
  email: `${handle}@example.com`,
  cognitoUserId,
});

const cognitoUser = (username: string, overrides: Partial<CognitoUser> = {}): CognitoUser => ({
  username,
  sub: `sub-${username}`,
  email: `${username}@example.com`,
  emailVerified: true,
  enabled: true,
  status: 'CONFIRMED',
  ...overrides,
});

/** Each decision as `kind[:reason] @handle`, short enough to read a whole table at a glance. */
const outline = (decisions: LinkDecision[]) =>
  decisions.map((d) => {
    const handle = 'row' in d && d.row ? ` @${d.row.handle}` : '';
    if (d.kind === 'link') return `link by ${d.matchedBy}${handle}`;
    if (d.kind === 'left') return `left:${d.reason}${handle}`;
    return `${d.kind}${handle}`;
  });

describe('decideLinks (docs/design.md §10)', () => {
  it('links a confirmed user by verified email, else by preferred_username, and leaves an existing link alone', () => {
    const rows = [row('alice'), row('bob'), row('carol', 'sub-carol')];
    const users = [
      cognitoUser('alice'),
      cognitoUser('robert', { preferredUsername: 'Bob' }),
      cognitoUser('carol'),
      cognitoUser('nobody', { preferredUsername: 'nobody' }),
    ];

    expect(outline(decideLinks(users, rows))).toEqual([
      'link by email @alice',
      'link by preferred_username @bob',
      'unchanged @carol',
      'unmatched',
    ]);
  });

  it('never moves a link: a claim on a row linked to another sub is a conflict, by email or by handle', () => {
    const rows = [row('alice', 'sub-original')];
    const users = [cognitoUser('alice'), cognitoUser('mallory', { preferredUsername: 'alice' })];

    expect(outline(decideLinks(users, rows))).toEqual(['left:linked_to_another @alice', 'left:linked_to_another @alice']);
  });

  it('does not link an unverified email, and does not fall back to the handle for it', () => {
    const rows = [row('alice'), row('bob')];
    const users = [cognitoUser('alice', { emailVerified: false, preferredUsername: 'bob' })];

    expect(outline(decideLinks(users, rows))).toEqual(['left:email_unverified @alice']);
  });

  it('links by preferred_username when an unverified email matches no row (the handle rule alone decides)', () => {
    expect(outline(decideLinks([cognitoUser('someone', { emailVerified: false, preferredUsername: 'bob' })], [row('bob')]))).toEqual([
      'link by preferred_username @bob',
    ]);
  });

  it.each([
    ['a disabled user', { enabled: false }, 'left:disabled'],
    ['an unconfirmed sign-up', { status: 'UNCONFIRMED' }, 'left:not_confirmed'],
    ['a user who must still change the password', { status: 'FORCE_CHANGE_PASSWORD' }, 'left:not_confirmed'],
    ['a user without a sub', { sub: undefined }, 'left:no_sub'],
    ['a user with neither email nor preferred_username', { email: undefined }, 'left:no_email_or_username'],
  ])('does not link %s', (_, overrides, expected) => {
    expect(outline(decideLinks([cognitoUser('alice', overrides)], [row('alice')]))).toEqual([expected]);
  });

  it('reports an already linked user as unchanged even if they were disabled since (a link is never undone here)', () => {
    expect(outline(decideLinks([cognitoUser('alice', { enabled: false })], [row('alice', 'sub-alice')]))).toEqual(['unchanged @alice']);
  });

  it('links no one when two users claim one row by preferred_username', () => {
    const users = [cognitoUser('eve', { preferredUsername: 'vir' }), cognitoUser('trent', { preferredUsername: 'vir' })];

    expect(outline(decideLinks(users, [row('vir')]))).toEqual(['left:ambiguous @vir', 'left:ambiguous @vir']);
  });

  it('lets the verified email owner win over a preferred_username claimant, whatever the order', () => {
    const users = [cognitoUser('mallory', { preferredUsername: 'delenn' }), cognitoUser('delenn')];

    expect(outline(decideLinks(users, [row('delenn')]))).toEqual(['left:claimed_by_verified_email @delenn', 'link by email @delenn']);
  });

  it('links no one when two users have the verified email of one row', () => {
    const users = [cognitoUser('one', { email: 'vir@example.com' }), cognitoUser('two', { email: 'VIR@example.com' })];

    expect(outline(decideLinks(users, [row('vir')]))).toEqual(['left:ambiguous @vir', 'left:ambiguous @vir']);
  });

  it('names the Cognito user and the sub it would link in each decision', () => {
    const [decision] = decideLinks([cognitoUser('alice')], [row('alice')]);
    expect(decision).toMatchObject({ kind: 'link', sub: 'sub-alice', user: { username: 'alice' }, row: { uuid: 'uuid-alice' } });
  });
});
