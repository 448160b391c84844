/**
 * The seed people (docs/design.md §5). Their uuids are fixed so that the Postgres seed, the Cognito seed
 * and the DynamoDB seed describe the same people on every machine.
 */
export const SEED_PEOPLE = {
  andrewbrown: {
    uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b',
    handle: 'andrewbrown',
    displayName: 'Andrew Brown',
    email: 'andrew@exampro.co',
  },
  bayko: {
    uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a',
    handle: 'bayko',
    displayName: 'Andrew Bayko',
    email: 'bayko@exampro.co',
  },
  londo: {
    uuid: 'c6d4e2f0-8a1b-4c3d-b5e7-9f1a3b5c7d9e',
    handle: 'londo',
    displayName: 'Londo Mollari',
    email: 'lmollari@centari.com',
  },
} as const;

export type SeedHandle = keyof typeof SEED_PEOPLE;
