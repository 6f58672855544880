import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('defaults to development with Sandbox, introspection and demo data on', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ nodeEnv: 'development', port: 4000, databaseUrl: null, seedDemoData: true });
    expect(c.graphql).toMatchObject({ introspection: true, landingPage: true, maxPageSize: 100 });
  });

  it('turns Sandbox, introspection and demo data off in production unless enabled explicitly', () => {
    const prod = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) });
    expect(prod.graphql).toMatchObject({ introspection: false, landingPage: false });
    expect(prod.seedDemoData).toBe(false);
    const enabled = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GRAPHQL_INTROSPECTION: 'true' });
    expect(enabled.graphql.introspection).toBe(true);
  });

  it.each([
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }, 'JWT_ISSUER'],
    [{ NODE_ENV: 'production' }, 'JWT_JWKS_URL'],
    [{ GRAPHQL_INTROSPECTION: 'maybe' }, 'GRAPHQL_INTROSPECTION'],
    [{ GRAPHQL_MAX_PAGE_SIZE: '0' }, 'GRAPHQL_MAX_PAGE_SIZE'],
    [{ INVITATION_TTL_HOURS: '-1' }, 'INVITATION_TTL_HOURS'],
    [{ SMTP_URL: 'http://mail.example' }, 'SMTP_URL'],
  ])('refuses %j with a message naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('never echoes a database password in its error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@host/db' })).not.toThrow(/secret/);
  });
});
