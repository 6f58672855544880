import { SignJWT, UnsecuredJWT } from 'jose';
import { codes, startTestGateway, TEST_JWT_SECRET, type TestGateway } from '../testkit/gateway';

const VIEWER = `{ viewer { id name email } }`;
const key = new TextEncoder().encode(TEST_JWT_SECRET);

describe('identity: bearer JWTs', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  const sign = (claims: Record<string, unknown>, opts: { exp?: string | number; secret?: Uint8Array; alg?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
      .setSubject(String(claims.sub ?? 'subject-1'))
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '1h')
      .sign(opts.secret ?? key);

  it('the first request of a new subject creates its user from the claims', async () => {
    const token = await sign({ sub: 'new-subject', email: 'New.Person@Example.com', name: 'New Person' });
    const r = await t.run({ authorization: `Bearer ${token}` }, VIEWER);
    expect(r.errors).toBeUndefined();
    expect(r.data.viewer).toMatchObject({ name: 'New Person', email: 'new.person@example.com' });
    const again = await t.run({ authorization: `Bearer ${token}` }, VIEWER);
    expect(again.data.viewer.id).toBe(r.data.viewer.id);
  });

  it.each([
    ['no token', async () => null, 'Sign in'],
    ['an expired token', async () => `Bearer ${await sign({ email: 'a@example.com' }, { exp: Math.floor(Date.now() / 1000) - 60 })}`, 'expired'],
    ['a token signed with another secret', async () => `Bearer ${await sign({ email: 'a@example.com' }, { secret: new TextEncoder().encode('another-secret-another-secret-another!!') })}`, 'signature'],
    ['a tampered token', async () => {
      const [h, , s] = (await sign({ email: 'a@example.com' })).split('.');
      const body = Buffer.from(JSON.stringify({ sub: 'admin', email: 'root@example.com', exp: 9999999999 })).toString('base64url');
      return `Bearer ${h}.${body}.${s}`;
    }, 'signature'],
    ['an alg: none token', async () => `Bearer ${new UnsecuredJWT({ email: 'a@example.com' }).setSubject('x').setExpirationTime('1h').encode()}`, 'algorithm'],
    ['a token without an email claim', async () => `Bearer ${await sign({})}`, 'email'],
    ['a malformed header', async () => 'Bearer', 'not a valid JWT'],
  ])('%s gets UNAUTHENTICATED on a protected field', async (_case, header, message) => {
    const h = await header();
    const r = await t.run(h === null ? null : { authorization: h }, VIEWER);
    expect(r.data?.viewer ?? null).toBeNull();
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.errors![0].message).toContain(message);
  });

  it('a public field answers without a token', async () => {
    const r = await t.run(null, `{ plans { name paid seatLimit } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.plans.map((p: { name: string }) => p.name)).toEqual(['FREE', 'GROWTH', 'ENTERPRISE']);
  });
});
