import { PLAN_NAMES, type PlanName } from '../billing/plans';
import { type Issue, LEGACY_MEMBER_ROLES, type LegacyMember, type LegacyMemberRole, type LegacyPayment, type LegacyProject, type RawMemberRow } from './types';

/**
 * Turns one raw element of `projects` into a LegacyProject, or the reasons it cannot be imported. Pure and
 * deterministic: the importer runs it in both passes over the file.
 * Project-level problems (id, name, owner, plan, payment) refuse the project; a bad member is left out and reported,
 * the project and its other members are still imported.
 */
export type ValidationResult = { ok: true; project: LegacyProject } | { ok: false; legacyId: string | null; name: string | null; issues: Issue[] };

const EMAIL = /^[^\s@<>(),;:"[\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const CARD_NUMBER = /^(?:\d[ -]?){12,18}\d$/;

export function normalizeEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  return email.length <= 320 && EMAIL.test(email) ? email : null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const describe = (v: unknown): string => (v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 60) ?? String(v));

export function validateProject(raw: unknown, position: number, extraMembers: RawMemberRow[] = []): ValidationResult {
  const path = `projects[${position}]`;
  const issues: Issue[] = [];
  if (!isObject(raw)) {
    return { ok: false, legacyId: null, name: null, issues: [{ path, reason: 'must be an object' }] };
  }
  const refuse = (field: string, reason: string) => issues.push({ path: `${path}.${field}`, reason });

  let legacyId: string | null = null;
  if (typeof raw.legacyId === 'number' && Number.isSafeInteger(raw.legacyId)) legacyId = String(raw.legacyId);
  else if (typeof raw.legacyId === 'string' && raw.legacyId.trim()) legacyId = raw.legacyId.trim();
  if (legacyId === null) refuse('legacyId', `must be a non-empty string or a whole number, got ${describe(raw.legacyId)}`);
  else if (legacyId.length > 100) refuse('legacyId', 'must be at most 100 characters long');

  const name = text(raw.name);
  if (name === null) refuse('name', `must be a non-empty string, got ${describe(raw.name)}`);
  else if (name.length > 200) refuse('name', 'must be at most 200 characters long');

  let owner: LegacyProject['owner'] | null = null;
  if (!isObject(raw.owner)) {
    refuse('owner', `is required (the user who created the project), got ${describe(raw.owner)}`);
  } else {
    const email = normalizeEmail(raw.owner.email);
    if (email === null) refuse('owner.email', `is not a valid email address: ${describe(raw.owner.email)}`);
    const ownerName = text(raw.owner.name) ?? (email ? email.split('@')[0] : null);
    if (ownerName && ownerName.length > 200) refuse('owner.name', 'must be at most 200 characters long');
    if (email && ownerName) owner = { email, name: ownerName };
  }

  let plan: PlanName = 'FREE';
  if (raw.plan !== undefined && raw.plan !== null) {
    if (PLAN_NAMES.includes(raw.plan as PlanName)) plan = raw.plan as PlanName;
    else refuse('plan', `must be one of ${PLAN_NAMES.join(', ')}, got ${describe(raw.plan)}`);
  }

  const payment = validatePayment(raw.payment, `${path}.payment`, issues);

  if (issues.length) return { ok: false, legacyId, name, issues };

  const members: LegacyMember[] = [];
  const rawMembers: RawMemberRow[] = [];
  if (raw.members !== undefined && raw.members !== null && !Array.isArray(raw.members)) {
    issues.push({ path: `${path}.members`, reason: 'must be a list; no members imported' });
  } else {
    (raw.members as unknown[] | undefined ?? []).forEach((m, j) => rawMembers.push({ path: `${path}.members[${j}]`, value: m as Record<string, unknown> }));
  }
  rawMembers.push(...extraMembers);
  const byEmail = new Map<string, LegacyMember>();
  for (const row of rawMembers) {
    const member = validateMember(row, issues);
    if (!member) continue;
    if (member.email === owner!.email) {
      issues.push({ path: `${row.path}.email`, reason: 'is the project owner, who becomes project OWNER; member entry ignored' });
      continue;
    }
    const seen = byEmail.get(member.email);
    if (seen) {
      const higher = LEGACY_MEMBER_ROLES.indexOf(member.role) < LEGACY_MEMBER_ROLES.indexOf(seen.role) ? member.role : seen.role;
      issues.push({ path: `${row.path}.email`, reason: `is listed twice (also ${seen.path}); kept the higher role ${higher}` });
      seen.role = higher;
      continue;
    }
    byEmail.set(member.email, member);
    members.push(member);
  }

  return { ok: true, project: { position, path, legacyId: legacyId!, name: name!, owner: owner!, plan, payment, members, issues } };
}

function validateMember(row: RawMemberRow, issues: Issue[]): LegacyMember | null {
  const m = row.value;
  if (!isObject(m)) {
    issues.push({ path: row.path, reason: 'must be an object; member not imported' });
    return null;
  }
  const email = normalizeEmail(m.email);
  if (email === null) {
    issues.push({ path: `${row.path}.email`, reason: `is not a valid email address: ${describe(m.email)}; member not imported` });
    return null;
  }
  const role = typeof m.role === 'string' ? m.role.trim().toUpperCase() : m.role;
  if (!LEGACY_MEMBER_ROLES.includes(role as LegacyMemberRole)) {
    const why = role === 'OWNER' ? 'OWNER is only the project creator (the "owner" field)' : `must be one of ${LEGACY_MEMBER_ROLES.join(', ')}`;
    issues.push({ path: `${row.path}.role`, reason: `${why}, got ${describe(m.role)}; member not imported` });
    return null;
  }
  const name = text(m.name) ?? email.split('@')[0];
  return { email, name: name.slice(0, 200), role: role as LegacyMemberRole, path: row.path };
}

function validatePayment(raw: unknown, path: string, issues: Issue[]): LegacyPayment | null {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) {
    issues.push({ path, reason: 'must be an object or null' });
    return null;
  }
  const before = issues.length;
  const token = text(raw.processorToken);
  if (token === null || token.length > 255) issues.push({ path: `${path}.processorToken`, reason: 'must be a processor token reference of 1 to 255 characters' });
  else if (CARD_NUMBER.test(token)) issues.push({ path: `${path}.processorToken`, reason: 'looks like a card number; only a payment processor token is accepted' });
  const brand = text(raw.brand);
  if (brand === null || brand.length > 32) issues.push({ path: `${path}.brand`, reason: 'must be 1 to 32 characters' });
  const last4 = typeof raw.last4 === 'number' ? String(raw.last4).padStart(4, '0') : raw.last4;
  if (typeof last4 !== 'string' || !/^[0-9]{4}$/.test(last4)) issues.push({ path: `${path}.last4`, reason: `must be exactly four digits, got ${describe(raw.last4)}` });
  const expMonth = raw.expMonth;
  if (!Number.isInteger(expMonth) || (expMonth as number) < 1 || (expMonth as number) > 12) issues.push({ path: `${path}.expMonth`, reason: `must be a month from 1 to 12, got ${describe(expMonth)}` });
  const expYear = raw.expYear;
  if (!Number.isInteger(expYear) || (expYear as number) < 2000 || (expYear as number) > 2200) issues.push({ path: `${path}.expYear`, reason: `must be a four-digit year, got ${describe(expYear)}` });
  if (issues.length > before) return null;
  return { processorToken: token!, brand: brand!, last4: last4 as string, expMonth: expMonth as number, expYear: expYear as number };
}
