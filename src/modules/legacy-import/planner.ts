import type { ProjectRole } from '../../authz/roles';
import { PLANS, type PlanName } from '../billing/plans';
import type { GroupBy, LegacyPayment, LegacyProject } from './types';

/**
 * Pure mapping rules of the legacy import (ACCESS-MODEL §7): which organization a project goes to, and what that
 * organization, its memberships and grants look like. No database access, so it is unit-tested on its own and the
 * writer only has to compare it with what already exists.
 */

/** Consumer mail providers: in domain mode their users are grouped per owner, never into one "gmail.com" org. */
export const FREE_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'hotmail.com', 'hotmail.co.uk',
  'hotmail.fr', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me',
  'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'mail.ru', 'yandex.ru',
  'yandex.com', 'zoho.com', 'qq.com', '163.com', '126.com', 'fastmail.com', 'hey.com', 'tutanota.com', 'free.fr',
  'orange.fr', 'laposte.net', 'libero.it', 't-online.de', 'comcast.net', 'btinternet.com', 'example.invalid',
]);

export const emailDomain = (email: string): string => email.slice(email.lastIndexOf('@') + 1);

/** The organization a project goes to: "owner:<owner email>", or "domain:<owner's company domain>" in domain mode. */
export function groupKeyFor(ownerEmail: string, groupBy: GroupBy): string {
  const domain = emailDomain(ownerEmail);
  if (groupBy === 'domain' && !FREE_MAIL_DOMAINS.has(domain)) return `domain:${domain}`;
  return `owner:${ownerEmail}`;
}

export const highestPlan = (plans: PlanName[]): PlanName =>
  plans.reduce<PlanName>((best, p) => (PLANS[p].tier > PLANS[best].tier ? p : best), 'FREE');

export interface PlannedUser {
  email: string;
  name: string;
  /** Org role from this group: OWNER if they created any of its projects, MEMBER otherwise. */
  orgRole: 'OWNER' | 'MEMBER';
}

export interface PlannedGrant {
  email: string;
  role: ProjectRole;
}

export interface PlannedProject {
  source: LegacyProject;
  /** The owner's OWNER grant first, then one grant per member with their legacy role. */
  grants: PlannedGrant[];
}

export interface GroupPlan {
  key: string;
  orgName: string;
  /** What the organization's slug is made from: the domain, or the owner's name. */
  slugBase: string;
  /** The highest plan of the group's projects. */
  plan: PlanName;
  /** The first payment method in file order, if any project had one. */
  payment: LegacyPayment | null;
  billingEmail: string | null;
  users: Map<string, PlannedUser>;
  projects: PlannedProject[];
}

/**
 * The organization for one group of projects (all with the same key, in file order).
 * Owner mode: the owner is the org OWNER. Domain mode: every creator of a project of the domain is an org OWNER
 * (each had full control of billing and security of their projects before); everyone else is an org MEMBER.
 */
export function planGroup(key: string, projects: LegacyProject[]): GroupPlan {
  const users = new Map<string, PlannedUser>();
  for (const p of projects) {
    users.set(p.owner.email, { email: p.owner.email, name: users.get(p.owner.email)?.name ?? p.owner.name, orgRole: 'OWNER' });
  }
  for (const p of projects) {
    for (const m of p.members) {
      if (!users.has(m.email)) users.set(m.email, { email: m.email, name: m.name, orgRole: 'MEMBER' });
    }
  }
  const withPayment = projects.find((p) => p.payment);
  const first = projects[0];
  return {
    key,
    orgName: key.startsWith('domain:') ? key.slice('domain:'.length) : `${first.owner.name}'s organization`.slice(0, 200),
    slugBase: key.startsWith('domain:') ? key.slice('domain:'.length) : first.owner.name,
    plan: highestPlan(projects.map((p) => p.plan)),
    payment: withPayment?.payment ?? null,
    billingEmail: (withPayment ?? first).owner.email,
    users,
    projects: projects.map((p) => ({
      source: p,
      grants: [{ email: p.owner.email, role: 'OWNER' as ProjectRole }, ...p.members.map((m) => ({ email: m.email, role: m.role as ProjectRole }))],
    })),
  };
}

/** Plan-limit warnings: the import keeps the legacy plan even when the merged organization exceeds its limits. */
export function limitWarnings(plan: PlanName, seats: number, projects: number, hasPayment: boolean): string[] {
  const p = PLANS[plan];
  const w: string[] = [];
  if (p.seatLimit !== null && seats > p.seatLimit) w.push(`${seats} members exceed the ${plan} seat limit of ${p.seatLimit}`);
  if (p.projectLimit !== null && projects > p.projectLimit) w.push(`${projects} projects exceed the ${plan} project limit of ${p.projectLimit}`);
  if (p.paid && !hasPayment) w.push(`on the paid plan ${plan} without a payment method on file`);
  return w;
}
