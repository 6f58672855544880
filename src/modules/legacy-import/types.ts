import type { ProjectRole } from '../../authz/roles';
import type { PlanName } from '../billing/plans';

/** A problem with one record of the input, located by its JSON path (or CSV line). */
export interface Issue {
  path: string;
  reason: string;
}

export type GroupBy = 'owner' | 'domain';

/** The project roles of the old model: the creator was the owner, everyone else one of these. */
export const LEGACY_MEMBER_ROLES = ['ADMIN', 'ANALYST', 'CONSUMER'] as const;
export type LegacyMemberRole = (typeof LEGACY_MEMBER_ROLES)[number] & ProjectRole;

export interface LegacyPayment {
  processorToken: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface LegacyMember {
  email: string;
  name: string;
  role: LegacyMemberRole;
  /** Where it came from: "projects[3].members[1]" or "members.csv:7". */
  path: string;
}

/** A validated legacy project. Member-level problems are in `issues` (those members are left out). */
export interface LegacyProject {
  position: number;
  path: string;
  legacyId: string;
  name: string;
  owner: { email: string; name: string };
  plan: PlanName;
  payment: LegacyPayment | null;
  members: LegacyMember[];
  issues: Issue[];
}

/** A raw member row from the CSV list, not yet validated. */
export interface RawMemberRow {
  path: string;
  value: Record<string, unknown>;
}

export type ProjectStatus = 'created' | 'updated' | 'skipped' | 'refused';

export interface ProjectReport {
  position: number;
  path: string;
  legacyId: string | null;
  name: string | null;
  status: ProjectStatus;
  /** Why it was skipped or refused, or what an update did. */
  reason?: string;
  /** Slug of the organization the project is in. */
  organization?: string;
  /** Direct project grants written for it in this run. */
  grantsAdded: number;
  issues: Issue[];
}

export interface OrganizationReport {
  key: string;
  slug: string;
  name: string;
  status: 'created' | 'updated' | 'unchanged';
  plan: PlanName;
  changes: string[];
  warnings: string[];
}

export interface ImportTotals {
  projects: Record<ProjectStatus, number>;
  organizations: { created: number; updated: number; unchanged: number };
  users: { created: number };
  memberships: { created: number; promoted: number };
  grants: { created: number };
  auditEvents: number;
  issues: number;
}

export interface ImportReport {
  dryRun: boolean;
  groupBy: GroupBy;
  projects: ProjectReport[];
  organizations: OrganizationReport[];
  /** Problems not tied to one project of the file (e.g. a CSV row for an unknown project). */
  issues: Issue[];
  totals: ImportTotals;
}
