import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  certFile: string;
  keyFile: string;
}

const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

/** A self-signed certificate authority, valid for a day, written to `<dir>/<name>.crt|.key`. */
export function createCertificateAuthority(dir: string, name: string): Certificate {
  const [certFile, keyFile] = [join(dir, `${name}.crt`), join(dir, `${name}.key`)];
  openssl(
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
    ...['-keyout', keyFile, '-out', certFile, '-subj', `/CN=${name}`],
    ...['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
  );
  return { certFile, keyFile };
}

/** A server certificate for 127.0.0.1 and localhost, signed by `ca`. */
export function issueServerCertificate(ca: Certificate, dir: string, name: string): Certificate {
  const [certFile, keyFile, csr, ext] = ['crt', 'key', 'csr', 'ext'].map((suffix) =>
    join(dir, `${name}.${suffix}`),
  );
  writeFileSync(ext!, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile!,
    '-out',
    csr!,
    '-subj',
    '/CN=127.0.0.1',
  );
  openssl(
    ...['x509', '-req', '-in', csr!, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial'],
    ...['-days', '1', '-out', certFile!, '-extfile', ext!],
  );
  return { certFile: certFile!, keyFile: keyFile! };
}
