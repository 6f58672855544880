const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IDs are UUIDs; anything else cannot name a row, so it is "not found" without asking the database. */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/** A DataLoader key for a (user, resource) pair. */
export const pairKey = (a: string, b: string): string => `${a}:${b}`;
export const splitPair = (key: string): [string, string] => key.split(':') as [string, string];
