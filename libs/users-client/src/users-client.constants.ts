/** Injection token of the ClientProxy to the users service. */
export const USERS_SERVICE = Symbol('USERS_SERVICE');
