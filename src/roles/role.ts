/** Every long-lived component is started by a function that returns how to stop it. */
export type StopFunction = () => Promise<void>;

export const ROLES = ['worker', 'api', 'ingress', 'relay'] as const;
export type Role = (typeof ROLES)[number];

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--role worker,relay` (or repeated `--role`) picks roles; none means all of them. */
export function parseRoles(argv: string[]): Role[] {
  const picked = argv.flatMap((arg, index) => (arg === '--role' ? (argv[index + 1] ?? '').split(',') : []));
  if (picked.length === 0) return [...ROLES];
  const unknown = picked.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) throw new UsageError(`Unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  return [...new Set(picked as Role[])];
}
