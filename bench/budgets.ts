/** docs/design.md §7's budgets that `npm run bench` checks. */
export const BUDGETS = {
  /** messages-api's CPU per request over the floor's, per read route. */
  cpuOverFloor: 1.3,
  /** RSS of a built app after its load, in MiB. */
  rssMiB: {
    'messages-api': 150,
    'stream-worker': 120,
    /** On a real Postgres; with the embedded PGlite the general 150 MiB applies. */
    usersOnPostgres: 120,
    users: 150,
  },
  /** Live events (docs/design.md §7): send → the recipient's open stream. */
  live: {
    oneInstanceP50Ms: 10,
    oneInstanceP99Ms: 50,
    acrossInstancesP99Ms: 100,
    /** RSS per idle open stream. */
    idleStreamKiB: 50,
  },
} as const;
