/** The host and port of an address `host:port`, or of the first of a comma-separated list. */
export function parseHostPort(address: string, defaultPort: number): { host: string; port: number } {
  const first = address.split(',')[0]?.trim() ?? '';
  const [host = '', port = ''] = first.split(':');
  return { host: host || '127.0.0.1', port: port ? Number(port) : defaultPort };
}
