import { createTokenVerifier, signDevToken } from '../../src/auth/tokens';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { SeedBuilder, type SeedUser } from '../../src/seed/builders';
import { createGateway, type Gateway } from '../../src/server';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export interface GraphQLResult<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Who sends a request: a seeded user, a raw Authorization header value, or nobody. */
export type As = SeedUser | { authorization: string } | null;

export interface TestGateway {
  db: TestDatabase;
  gateway: Gateway;
  config: Config;
  seed: SeedBuilder;
  /** Runs an operation through Apollo Server exactly as an HTTP request would, policies and all. */
  run<T = any>(as: As, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  tokenFor(user: SeedUser): Promise<string>;
  stop(): Promise<void>;
}

/** A gateway on a database of the test file's own. Call in beforeAll, stop() in afterAll. */
export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, ...env });
  const gateway = createGateway({
    config,
    db: db.dataSource,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    verifyToken: createTokenVerifier(config.jwt),
  });
  await gateway.server.start();
  const tokenFor = (u: SeedUser) => signDevToken(TEST_JWT_SECRET, { sub: u.subject, email: u.email, name: u.name });

  return {
    db,
    gateway,
    config,
    seed: new SeedBuilder(db.dataSource),
    tokenFor,
    async run(as, query, variables) {
      const authorization = as === null ? undefined : 'authorization' in as ? as.authorization : `Bearer ${await tokenFor(as)}`;
      const contextValue = await gateway.contextFor({ authorization });
      const response = await gateway.server.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('Expected a single result.');
      return response.body.singleResult as GraphQLResult;
    },
    async stop() {
      await gateway.server.stop();
      await db.destroy();
    },
  };
}

/** The error codes of a result, for assertions such as expect(codes(r)).toEqual(['FORBIDDEN']). */
export const codes = (r: GraphQLResult): string[] => (r.errors ?? []).map((e) => String(e.extensions?.code));
