/** Injection token of the open Database. */
export const DATABASE = Symbol('DATABASE');
