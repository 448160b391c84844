/** The microservice client that carries the worker's events, or null when EVENTS_TRANSPORT=none. */
export const GROUP_EVENTS_CLIENT = Symbol('GROUP_EVENTS_CLIENT');

/** Emitted after both members' summaries of a group moved to a newer message. */
export const MESSAGE_GROUP_UPDATED = 'message_group.updated';
