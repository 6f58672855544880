/**
 * npm run generate:legacy -- OUT.json [--projects 10000] [--users 50000] [--domains 500]
 * Writes a large legacy export for bench-import, streaming to disk (constant memory whatever the size).
 * Deterministic (seeded), so runs are comparable.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? 'legacy-large.json';
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const projects = opt('projects', 10_000);
const users = opt('users', 50_000);
const domains = opt('domains', 500);

let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return (seed >>> 8) % n;
};
const email = (u: number) => (u % 10 === 0 ? `user${u}@gmail.com` : `user${u}@company${u % domains}.example`);
const PLANS = ['FREE', 'FREE', 'FREE', 'GROWTH', 'ENTERPRISE'];
const ROLES = ['ADMIN', 'ANALYST', 'ANALYST', 'CONSUMER', 'CONSUMER', 'CONSUMER'];

async function main() {
  const file = createWriteStream(out);
  const write = async (s: string) => {
    if (!file.write(s)) await once(file, 'drain');
  };
  await write('{"projects":[\n');
  const owners = Math.max(1, Math.floor(projects / 2.5));
  for (let i = 0; i < projects; i++) {
    const owner = Math.floor((i / projects) * owners) * Math.floor(users / owners); // an owner's projects are adjacent
    const memberCount = rand(8);
    const members = new Map<number, string>();
    for (let j = 0; j < memberCount; j++) {
      const u = (owner + 1 + rand(200)) % users; // colleagues near the owner, often in the same domain
      if (u !== owner) members.set(u, ROLES[rand(ROLES.length)]);
    }
    const p = {
      legacyId: `legacy-${i}`,
      name: `Project ${i}`,
      owner: { email: email(owner), name: `User ${owner}` },
      plan: PLANS[rand(PLANS.length)],
      payment: rand(3) === 0 ? { processorToken: `pm_${i}`, brand: 'visa', last4: String(1000 + rand(9000)), expMonth: 1 + rand(12), expYear: 2030 } : null,
      members: [...members].map(([u, role]) => ({ email: email(u), name: `User ${u}`, role })),
    };
    await write(`${i ? ',\n' : ''}${JSON.stringify(p)}`);
  }
  await write('\n]}\n');
  file.end();
  await once(file, 'finish');
  console.error(`wrote ${projects} projects (${users} user ids, ${domains} company domains) to ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
