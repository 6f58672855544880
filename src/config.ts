/**
 * The only module that reads the environment. Everything is validated once, at start, and a bad value stops the
 * process with a message that names the variable.
 */
export class ConfigError extends Error {}

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PostgreSQL server; when absent the gateway runs on an embedded PGlite database. */
  databaseUrl: string | null;
  pgliteDataDir: string;
  logLevel: string;
  jwt: {
    /** HS256 secret (development); null when JWKS is used or when a development secret is to be generated. */
    secret: string | null;
    jwksUrl: string | null;
    issuer: string | null;
    audience: string | null;
  };
  graphql: {
    introspection: boolean;
    landingPage: boolean;
    maxDepth: number;
    maxAliases: number;
    maxPageSize: number;
    /** Most nodes one operation may ask for (page sizes multiplied through nested connections). */
    maxNodes: number;
  };
  invitations: { ttlHours: number; acceptUrl: string };
  mail: { smtpUrl: string | null; from: string };
  seedDemoData: boolean;
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | null {
  const v = env[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name);
  if (raw === null) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}".`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = str(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw.replace(/\/\/[^@/]*@/, '//***@')}".`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}".`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnvRaw = str(env, 'NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnvRaw}".`);
  }
  const nodeEnv = nodeEnvRaw as Config['nodeEnv'];
  const production = nodeEnv === 'production';

  const secret = str(env, 'JWT_SECRET');
  if (secret !== null && secret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters long (HS256 needs 256 bits of key).');
  }
  const jwksUrl = url(env, 'JWT_JWKS_URL', ['https:', 'http:']);
  const issuer = str(env, 'JWT_ISSUER');
  const audience = str(env, 'JWT_AUDIENCE');
  if (jwksUrl && (!issuer || !audience)) {
    throw new ConfigError('JWT_ISSUER and JWT_AUDIENCE must be set together with JWT_JWKS_URL.');
  }
  if (jwksUrl && secret) {
    throw new ConfigError('Set either JWT_SECRET or JWT_JWKS_URL, not both.');
  }
  if (production && !jwksUrl && !secret) {
    throw new ConfigError('In production set JWT_JWKS_URL (with JWT_ISSUER and JWT_AUDIENCE) or JWT_SECRET.');
  }

  const port = int(env, 'PORT', 4000, 0, 65535);
  return {
    nodeEnv,
    host: str(env, 'HOST') ?? '127.0.0.1',
    port,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    pgliteDataDir: str(env, 'PGLITE_DATA_DIR') ?? '.data/pglite',
    logLevel: str(env, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    jwt: { secret, jwksUrl, issuer, audience },
    graphql: {
      introspection: bool(env, 'GRAPHQL_INTROSPECTION', !production),
      landingPage: bool(env, 'GRAPHQL_LANDING_PAGE', !production),
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12, 2, 100),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 30, 1, 1000),
      maxPageSize: int(env, 'GRAPHQL_MAX_PAGE_SIZE', 100, 1, 1000),
      maxNodes: int(env, 'GRAPHQL_MAX_NODES', 500_000, 100, 10_000_000),
    },
    invitations: {
      ttlHours: int(env, 'INVITATION_TTL_HOURS', 7 * 24, 1, 90 * 24),
      acceptUrl: url(env, 'INVITATION_ACCEPT_URL', ['https:', 'http:']) ?? `http://localhost:${port}/invitations/accept`,
    },
    mail: {
      smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
      from: str(env, 'MAIL_FROM') ?? 'Organization Gateway <no-reply@localhost>',
    },
    seedDemoData: bool(env, 'SEED_DEMO_DATA', !production),
  };
}
