import { accessSync, constants } from 'node:fs';

/** The sslmode values node-postgres understands (see the README on what each one checks). */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/**
 * node-postgres takes TLS from DATABASE_URL itself (sslmode, sslrootcert, sslcert, sslkey)
 * in every pool and client; checked here so that a typo or a missing file fails at start,
 * named, instead of at the first connection.
 */
export function databaseTlsProblems(databaseUrl: string): string[] {
  let params: URLSearchParams;
  try {
    params = new URL(databaseUrl).searchParams;
  } catch {
    return []; // not a URL at all: the DATABASE_URL check reports it
  }
  const problems: string[] = [];
  const mode = params.get('sslmode');
  if (mode !== null && !SSL_MODES.includes(mode)) {
    problems.push(`DATABASE_URL: sslmode=${mode} is not one of ${SSL_MODES.join(', ')}`);
  }
  for (const name of ['sslrootcert', 'sslcert', 'sslkey']) {
    const path = params.get(name);
    if (path === null) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      problems.push(
        `DATABASE_URL: ${name} ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`,
      );
    }
  }
  return problems;
}
