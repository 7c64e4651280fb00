/**
 * A throwaway certificate authority for TLS tests, made with the `openssl` CLI (node:crypto makes keys
 * but not X.509 certificates): a root CA and server certificates it signs for given host names. P-256
 * keys, so a run spends milliseconds, not seconds, on them. Everything lives in `dir` (a run folder).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCa {
  readonly name: string;
  /** PEM file of the CA certificate (what NODE_EXTRA_CA_CERTS points at). */
  readonly certFile: string;
  readonly certPem: string;
  readonly keyFile: string;
}

export interface ServerCertificate {
  readonly key: string;
  /** The server certificate, PEM. */
  readonly cert: string;
}

// A config of our own, so the machine's openssl.cnf adds no extensions of its own.
const CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
`;

function openssl(dir: string, args: string[]): void {
  const config = join(dir, 'openssl.cnf');
  writeFileSync(config, CONFIG);
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENSSL_CONF: config } });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`openssl ${args[0]} failed${stderr ? `: ${stderr}` : ''} (is the openssl CLI installed?)`);
  }
}

export function createTestCa(dir: string, name: string): TestCa {
  const keyFile = join(dir, `${name}.key.pem`);
  const certFile = join(dir, `${name}.cert.pem`);
  openssl(dir, [
    'req', '-x509', '-config', join(dir, 'openssl.cnf'), '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/O=Konexus tests/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash',
  ]);
  return { name, certFile, keyFile, certPem: readFileSync(certFile, 'utf8') };
}

/** A server certificate for `hostname` signed by `ca`; its key and certificate as PEM. */
export function issueServerCertificate(ca: TestCa, dir: string, hostname: string): ServerCertificate {
  const base = join(dir, `${hostname}.${ca.name}`);
  openssl(dir, [
    'req', '-x509', '-config', join(dir, 'openssl.cnf'), '-CA', ca.certFile, '-CAkey', ca.keyFile,
    '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${base}.key.pem`, '-out', `${base}.cert.pem`, '-days', '2', '-subj', `/CN=${hostname}`,
    '-addext', `subjectAltName=DNS:${hostname}`,
    '-addext', 'basicConstraints=critical,CA:FALSE',
    '-addext', 'keyUsage=critical,digitalSignature',
    '-addext', 'extendedKeyUsage=serverAuth',
  ]);
  return { key: readFileSync(`${base}.key.pem`, 'utf8'), cert: readFileSync(`${base}.cert.pem`, 'utf8') };
}
