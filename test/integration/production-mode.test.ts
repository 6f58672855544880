import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';

describe('production mode', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ NODE_ENV: 'production' });
  });
  afterAll(() => t.stop());

  it('refuses introspection unless GRAPHQL_INTROSPECTION enables it', async () => {
    const r = await t.run(null, `{ __schema { types { name } } }`);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.errors![0].message).toMatch(/introspection/i);
  });

  it('suggests no field names to a caller who guesses', async () => {
    const r = await t.run(null, `{ plan { name } }`);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.errors![0].message).not.toMatch(/Did you mean/);
  });

  it('still answers public fields', async () => {
    const r = await t.run(null, `{ plans { name } }`);
    expect(r.errors).toBeUndefined();
  });
});
