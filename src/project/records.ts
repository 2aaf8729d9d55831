/**
 * An empty object without a prototype, for maps keyed by user data (secret, environment and
 * service names): `constructor`, `toString` or `__proto__` are then plain keys, never
 * Object.prototype's members.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when it is the object's own property (never an inherited member). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
