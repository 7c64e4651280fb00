/**
 * `npm run idp`: a local Konexus-shaped identity server for the demo and for manual tries.
 *   node out/test/idp/cli.mjs [--port N] [--lifetime SECONDS]
 * Port: --port, else $KONEXUS_IDP_PORT, else 5080 (0 = any free port). Listens on 127.0.0.1 only.
 * Stops cleanly on Ctrl+C (SIGINT) or SIGTERM.
 */
import { DEMO_CLIENT, startKonexusIdp } from './konexusIdp';

const DEFAULT_PORT = 5080;

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run idp -- [--port N] [--lifetime SECONDS]`);
  process.exit(2);
}

/** A non-negative (port) or positive (lifetime) integer from a flag or the environment. */
function parseInteger(name: string, raw: string | undefined, minimum: number): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < minimum) {
    usage(`${name} must be an integer >= ${minimum}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function parseArguments(argv: string[]): { port: number; lifetimeSeconds: number | undefined } {
  let port = process.env.KONEXUS_IDP_PORT ? parseInteger('KONEXUS_IDP_PORT', process.env.KONEXUS_IDP_PORT, 0) : DEFAULT_PORT;
  let lifetimeSeconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inlineValue] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string | undefined => inlineValue ?? argv[++i];
    if (flag === '--port') port = parseInteger('--port', value(), 0);
    else if (flag === '--lifetime') lifetimeSeconds = parseInteger('--lifetime', value(), 1);
    else if (flag === '--help' || flag === '-h') usage('Konexus-shaped local identity server');
    else usage(`unknown argument ${flag}`);
  }
  if (port > 65535) usage(`port must be at most 65535, got ${port}`);
  return { port, lifetimeSeconds };
}

async function main(): Promise<void> {
  const { port, lifetimeSeconds } = parseArguments(process.argv.slice(2));
  const idp = await startKonexusIdp({ port, ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }) });
  const { clientId, clientSecret } = DEMO_CLIENT;
  console.log(`Konexus IdP (local, for tests and demos) listening
  issuer          ${idp.issuer}
  discovery       ${idp.issuer}/.well-known/openid-configuration
  token endpoint  ${idp.tokenEndpoint}
  jwks            ${idp.jwksUri}
  demo client id  ${clientId}
  demo secret     ${clientSecret}   (a published demo value)
  token lifetime  ${lifetimeSeconds ?? 3600} s

Try:
  curl -s -X POST ${idp.tokenEndpoint} \\
    -H 'Content-Type: application/x-www-form-urlencoded' \\
    -d 'client_id=${clientId}&client_secret=${clientSecret}&grant_type=client_credentials&scope=tamarack'

Ctrl+C to stop.`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    idp.close().then(() => process.exit(0), (error: unknown) => {
      console.error('failed to stop cleanly:', error);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  console.error(code === 'EADDRINUSE' ? 'That port is in use: pass --port N (or set KONEXUS_IDP_PORT).' : error);
  process.exit(1);
});
