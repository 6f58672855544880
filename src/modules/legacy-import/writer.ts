import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PLANS, type PlanName } from '../billing/plans';
import type { Actor } from '../audit/audit.service';
import { slugFromName } from '../organizations/slug';
import { newApiSecret } from '../projects/api-secret';
import { type GroupPlan, limitWarnings } from './planner';
import type { OrganizationReport, ProjectReport } from './types';

/**
 * Writes one group (one organization) through the transaction's manager `tx`: compares the plan with what earlier
 * runs imported and writes only the difference, in a handful of multi-row statements (INSERT ... SELECT unnest),
 * each change with its audit event (actor kind IMPORT). The caller owns the transaction (commit, or roll back for
 * a dry run); on an error it rolls back and refuses the whole group.
 */
export const IMPORT_ACTOR: Actor = { kind: 'IMPORT', userId: null, requestId: null };

export interface GroupCounts {
  usersCreated: number;
  membershipsCreated: number;
  membershipsPromoted: number;
  grantsCreated: number;
  auditEvents: number;
}

export interface GroupResult {
  organizations: OrganizationReport[];
  projects: ProjectReport[];
  counts: GroupCounts;
}

interface AuditRow {
  orgId: string;
  projectId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface ImportedRow { legacy_id: string; project_id: string | null; org_id: string | null; slug: string | null; group_key: string }
interface OrgRow { id: string; slug: string; name: string; plan: PlanName; has_payment: boolean }

export async function writeGroup(tx: EntityManager, plan: GroupPlan): Promise<GroupResult> {
  const counts: GroupCounts = { usersCreated: 0, membershipsCreated: 0, membershipsPromoted: 0, grantsCreated: 0, auditEvents: 0 };
  const audits: AuditRow[] = [];
  const legacyIds = plan.projects.map((p) => p.source.legacyId);

  // 1. What earlier runs did with these projects, and the group's organization.
  const imported: ImportedRow[] = await tx.query(
    `SELECT l.legacy_id, l.project_id, p.org_id, o.slug, l.group_key
       FROM legacy_project_imports l
       LEFT JOIN projects p ON p.id = l.project_id
       LEFT JOIN organizations o ON o.id = p.org_id
      WHERE l.legacy_id = ANY($1::text[])`, [legacyIds]);
  const importedById = new Map(imported.map((r) => [r.legacy_id, r]));
  const memberImports: { legacy_id: string; email: string }[] = imported.length
    ? await tx.query(`SELECT legacy_id, email FROM legacy_project_member_imports WHERE legacy_id = ANY($1::text[])`, [imported.map((r) => r.legacy_id)])
    : [];
  const importedMembers = new Set(memberImports.map((r) => `${r.legacy_id}\u0000${r.email}`));

  const [existingOrg]: OrgRow[] = await tx.query(
    `SELECT o.id, o.slug, o.name, o.plan, EXISTS (SELECT 1 FROM payment_methods pm WHERE pm.org_id = o.id) AS has_payment
       FROM legacy_org_keys k JOIN organizations o ON o.id = k.org_id
      WHERE k.group_key = $1 FOR UPDATE OF o`, [plan.key]);

  const fresh = plan.projects.filter((p) => !importedById.has(p.source.legacyId));
  const reports = new Map<string, ProjectReport>();
  const report = (p: GroupPlan['projects'][number], r: Partial<ProjectReport> & Pick<ProjectReport, 'status'>) =>
    reports.set(p.source.legacyId, {
      position: p.source.position, path: p.source.path, legacyId: p.source.legacyId, name: p.source.name,
      grantsAdded: 0, issues: p.source.issues, ...r,
    });

  // 2. The organization: found by its key, or created for the group's first new projects.
  const orgs = new Map<string, OrganizationReport & { id: string }>();
  //    A new organization is written in one statement with its key, and with the plan and payment method of step 8
  //    (as if created FREE, then changed: the same rows and audit events, fewer round trips).
  let org: OrgRow | null = existingOrg ?? null;
  let createdOrg: { plan: PlanName; payment: GroupPlan['payment'] } | null = null;
  if (org) {
    orgs.set(org.id, { id: org.id, key: plan.key, slug: org.slug, name: org.name, status: 'unchanged', plan: org.plan, changes: [], warnings: [] });
  } else if (fresh.length) {
    const id = randomUUID();
    const slug = await freeSlug(tx, slugFromName(plan.slugBase));
    createdOrg = {
      plan: fresh.reduce<PlanName>((best, p) => (PLANS[p.source.plan].tier > PLANS[best].tier ? p.source.plan : best), 'FREE'),
      payment: fresh.find((p) => p.source.payment)?.source.payment ?? null,
    };
    const pm = createdOrg.payment;
    await tx.query(
      `WITH o AS (INSERT INTO organizations (id, slug, name, plan, billing_email) VALUES ($1, $2, $3, $5, $4)),
            k AS (INSERT INTO legacy_org_keys (group_key, org_id) VALUES ($6, $1))
       INSERT INTO payment_methods (org_id, processor_token, brand, last4, exp_month, exp_year)
       SELECT $1::uuid, $7::text, $8::text, $9::text, $10::int, $11::int WHERE $7::text IS NOT NULL`,
      [id, slug, plan.orgName, plan.billingEmail, createdOrg.plan, plan.key,
        pm?.processorToken ?? null, pm?.brand ?? null, pm?.last4 ?? null, pm?.expMonth ?? null, pm?.expYear ?? null]);
    audits.push({ orgId: id, projectId: null, action: 'organization.created', targetType: 'Organization', targetId: id, before: null, after: { name: plan.orgName, slug, importKey: plan.key } });
    org = { id, slug, name: plan.orgName, plan: 'FREE', has_payment: false };
    orgs.set(id, { id, key: plan.key, slug, name: plan.orgName, status: 'created', plan: 'FREE', changes: [], warnings: [] });
  }

  // 3. Work out the new projects and the new members of projects imported before.
  interface Target { orgId: string; projectId: string; legacyId: string; grants: GroupPlan['projects'][number]['grants']; fresh: boolean }
  const targets: Target[] = [];
  for (const p of plan.projects) {
    const prev = importedById.get(p.source.legacyId);
    if (!prev) {
      targets.push({ orgId: org!.id, projectId: randomUUID(), legacyId: p.source.legacyId, grants: p.grants, fresh: true });
      continue;
    }
    if (!prev.project_id || !prev.org_id) {
      report(p, { status: 'skipped', reason: 'imported before and deleted since; not re-created' });
      continue;
    }
    const newGrants = p.grants.filter((g) => g.role !== 'OWNER' && !importedMembers.has(`${p.source.legacyId}\u0000${g.email}`));
    if (!newGrants.length) {
      report(p, { status: 'skipped', reason: 'already imported', organization: prev.slug ?? undefined });
      continue;
    }
    if (!orgs.has(prev.org_id)) {
      const [o]: OrgRow[] = await tx.query(`SELECT id, slug, name, plan, false AS has_payment FROM organizations WHERE id = $1 FOR UPDATE`, [prev.org_id]);
      orgs.set(o.id, { id: o.id, key: prev.group_key, slug: o.slug, name: o.name, status: 'unchanged', plan: o.plan, changes: [], warnings: [] });
    }
    targets.push({ orgId: prev.org_id, projectId: prev.project_id, legacyId: p.source.legacyId, grants: newGrants, fresh: false });
  }

  let newOrgSeats = 0;
  if (targets.length) {
    // 4. Users, matched by email; new ones have no subject until their first sign-in claims them.
    const emails = [...new Set(targets.flatMap((t) => t.grants.map((g) => g.email)))];
    //    One statement: the rows it inserts, plus those that existed (the outer SELECT sees the statement's snapshot).
    const userRows: { id: string; email: string; created: boolean }[] = await tx.query(
      `WITH ins AS (INSERT INTO users (email, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (email) DO NOTHING RETURNING id, email)
       SELECT id, email, true AS created FROM ins
       UNION ALL SELECT id, email, false AS created FROM users WHERE email = ANY($1::text[])`,
      [emails, emails.map((e) => plan.users.get(e)!.name)]);
    counts.usersCreated += userRows.filter((u) => u.created).length;
    const userId = new Map(userRows.map((u) => [u.email, u.id]));
    const missing = emails.filter((e) => !userId.has(e)); // committed by another transaction after the snapshot
    if (missing.length) {
      for (const u of await tx.query(`SELECT id, email FROM users WHERE email = ANY($1::text[])`, [missing]) as { id: string; email: string }[]) userId.set(u.email, u.id);
    }

    // 5. Org memberships: creators of new projects become OWNER (promoted if already a member), everyone else MEMBER.
    const wanted = new Map<string, { orgId: string; userId: string; email: string; role: 'OWNER' | 'MEMBER' }>();
    for (const t of targets) {
      for (const g of t.grants) {
        const role = t.fresh && g.role === 'OWNER' ? 'OWNER' : 'MEMBER';
        const k = `${t.orgId}/${g.email}`;
        if (!wanted.has(k) || role === 'OWNER') wanted.set(k, { orgId: t.orgId, userId: userId.get(g.email)!, email: g.email, role });
      }
    }
    const want = [...wanted.values()];
    const existing: { org_id: string; user_id: string; role: string }[] = createdOrg && want.every((w) => w.orgId === org!.id) ? [] : await tx.query(
      `SELECT m.org_id, m.user_id, m.role FROM org_members m
        JOIN unnest($1::uuid[], $2::uuid[]) AS w(org_id, user_id) ON w.org_id = m.org_id AND w.user_id = m.user_id`,
      [want.map((w) => w.orgId), want.map((w) => w.userId)]);
    const existingRole = new Map(existing.map((e) => [`${e.org_id}/${e.user_id}`, e.role]));
    const toAdd = want.filter((w) => !existingRole.has(`${w.orgId}/${w.userId}`));
    newOrgSeats = toAdd.filter((w) => w.orgId === org!.id).length;
    if (toAdd.length) {
      // (inserted with the projects and grants in step 7)
      counts.membershipsCreated += toAdd.length;
      for (const w of toAdd) {
        audits.push({ orgId: w.orgId, projectId: null, action: 'member.added', targetType: 'User', targetId: w.userId, before: null, after: { email: w.email, role: w.role } });
        orgs.get(w.orgId)!.changes.push(`added ${w.email} as ${w.role}`);
      }
    }
    for (const w of want) {
      const before = existingRole.get(`${w.orgId}/${w.userId}`);
      if (w.role !== 'OWNER' || !before || before === 'OWNER') continue;
      await tx.query(`UPDATE org_members SET role = 'OWNER' WHERE org_id = $1 AND user_id = $2`, [w.orgId, w.userId]);
      counts.membershipsPromoted++;
      audits.push({ orgId: w.orgId, projectId: null, action: 'member.roleChanged', targetType: 'User', targetId: w.userId, before: { role: before }, after: { role: 'OWNER' } });
      orgs.get(w.orgId)!.changes.push(`made ${w.email} OWNER (was ${before})`);
    }

    // 6. New projects, with a fresh API secret nobody knows (an owner rotates it to get one).
    const freshTargets = targets.filter((t) => t.fresh);
    const sourceOf = new Map(plan.projects.map((p) => [p.source.legacyId, p]));
    const secrets = freshTargets.map(() => newApiSecret());
    const names = freshTargets.map((t) => sourceOf.get(t.legacyId)!.source.name);
    if (freshTargets.length) {
      freshTargets.forEach((t, i) => {
        audits.push({ orgId: t.orgId, projectId: t.projectId, action: 'project.created', targetType: 'Project', targetId: t.projectId, before: null, after: { name: names[i], legacyId: t.legacyId } });
      });
      orgs.get(org!.id)!.changes.push(`added ${freshTargets.length} project${freshTargets.length === 1 ? '' : 's'}`);
    }

    // 7. Direct grants (never changing one that exists already) and the record of which members were imported.
    //    Steps 5 to 7 are one statement: org memberships, projects, their import records, the grants and the record
    //    of imported members (foreign keys are checked at the end of the statement).
    const grants = targets.flatMap((t) => t.grants.map((g) => ({ t, g, userId: userId.get(g.email)! })));
    const memberRows = targets.flatMap((t) => t.grants.filter((g) => g.role !== 'OWNER').map((g) => [t.legacyId, g.email]));
    const inserted: { project_id: string; user_id: string; role: string }[] = await tx.query(
      `WITH m AS (INSERT INTO org_members (org_id, user_id, role) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])),
            p AS (INSERT INTO projects (id, org_id, name, api_secret_hash, api_secret_hint)
                  SELECT * FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[])),
            l AS (INSERT INTO legacy_project_imports (legacy_id, project_id, org_id, group_key)
                  SELECT l, p, o, $9 FROM unnest($10::text[], $4::uuid[], $5::uuid[]) AS x(l, p, o)),
            i AS (INSERT INTO legacy_project_member_imports (legacy_id, email) SELECT * FROM unnest($15::text[], $16::text[]) ON CONFLICT DO NOTHING)
       INSERT INTO project_members (org_id, project_id, user_id, role) SELECT * FROM unnest($11::uuid[], $12::uuid[], $13::uuid[], $14::text[])
       ON CONFLICT (project_id, user_id) DO NOTHING RETURNING project_id, user_id, role`,
      [toAdd.map((w) => w.orgId), toAdd.map((w) => w.userId), toAdd.map((w) => w.role),
        freshTargets.map((t) => t.projectId), freshTargets.map((t) => t.orgId), names, secrets.map((s) => s.hash), secrets.map((s) => s.hint),
        plan.key, freshTargets.map((t) => t.legacyId),
        grants.map((x) => x.t.orgId), grants.map((x) => x.t.projectId), grants.map((x) => x.userId), grants.map((x) => x.g.role),
        memberRows.map((r) => r[0]), memberRows.map((r) => r[1])]);
    counts.grantsCreated += inserted.length;
    const insertedKeys = new Set(inserted.map((r) => `${r.project_id}/${r.user_id}`));
    for (const x of grants) {
      if (!insertedKeys.has(`${x.t.projectId}/${x.userId}`)) continue;
      audits.push({ orgId: x.t.orgId, projectId: x.t.projectId, action: 'projectMember.added', targetType: 'User', targetId: x.userId, before: null, after: { email: x.g.email, role: x.g.role } });
    }

    for (const t of targets) {
      const p = sourceOf.get(t.legacyId)!;
      const added = t.grants.filter((g) => insertedKeys.has(`${t.projectId}/${userId.get(g.email)}`)).length;
      const o = orgs.get(t.orgId)!;
      if (t.fresh) report(p, { status: 'created', organization: o.slug, grantsAdded: added });
      else {
        report(p, {
          status: 'updated', organization: o.slug, grantsAdded: added,
          reason: `imported before; added ${t.grants.length} member${t.grants.length === 1 ? '' : 's'} new to the file`,
        });
        o.changes.push(`added ${t.grants.length} member${t.grants.length === 1 ? '' : 's'} to project ${p.source.name}`);
      }
    }
  }

  // 8. Plan and payment method, from the projects created in this run: the highest plan wins, never a downgrade;
  //    the first payment method in file order, only if the organization has none.
  if (org && targets.some((t) => t.fresh)) {
    const o = orgs.get(org.id)!;
    const fromNew = plan.projects.filter((p) => targets.some((t) => t.fresh && t.legacyId === p.source.legacyId)).map((p) => p.source);
    const target = fromNew.reduce<PlanName>((best, p) => (PLANS[p.plan].tier > PLANS[best].tier ? p.plan : best), org.plan);
    if (target !== org.plan) {
      if (!createdOrg) await tx.query(`UPDATE organizations SET plan = $2, updated_at = now() WHERE id = $1`, [org.id, target]);
      audits.push({ orgId: org.id, projectId: null, action: 'organization.planChanged', targetType: 'Organization', targetId: org.id, before: { plan: org.plan }, after: { plan: target } });
      if (o.status !== 'created') o.changes.push(`plan ${org.plan} -> ${target}`);
      o.plan = target;
    }
    const payment = fromNew.find((p) => p.payment)?.payment;
    let hasPayment = org.has_payment;
    if (payment && !hasPayment) {
      if (!createdOrg) await tx.query(
        `INSERT INTO payment_methods (org_id, processor_token, brand, last4, exp_month, exp_year) VALUES ($1, $2, $3, $4, $5, $6)`,
        [org.id, payment.processorToken, payment.brand, payment.last4, payment.expMonth, payment.expYear]);
      audits.push({ orgId: org.id, projectId: null, action: 'paymentMethod.set', targetType: 'Organization', targetId: org.id, before: null, after: { brand: payment.brand, last4: payment.last4, expMonth: payment.expMonth, expYear: payment.expYear } });
      o.changes.push(`payment method ${payment.brand} ending ${payment.last4}`);
      hasPayment = true;
    }
    // A new organization has exactly the rows written above; one imported before is counted.
    const [{ seats, projects }]: { seats: number; projects: number }[] = createdOrg
      ? [{ seats: newOrgSeats, projects: targets.filter((t) => t.fresh && t.orgId === org!.id).length }]
      : await tx.query(
        `SELECT (SELECT count(*)::int FROM org_members WHERE org_id = $1) AS seats, (SELECT count(*)::int FROM projects WHERE org_id = $1) AS projects`, [org.id]);
    o.warnings.push(...limitWarnings(o.plan, seats, projects, hasPayment));
  }

  for (const o of orgs.values()) if (o.status === 'unchanged' && o.changes.length) o.status = 'updated';
  counts.auditEvents += await insertAudits(tx, audits);

  return {
    organizations: [...orgs.values()].map(({ id: _id, ...r }) => r),
    projects: plan.projects.map((p) => reports.get(p.source.legacyId)!),
    counts,
  };
}

/**
 * The first of slug, slug-2, slug-3 ... that no organization uses. The first 50 candidates are probed by equality
 * (the unique index); only if all are taken, the LIKE scan over all organizations' slugs.
 */
async function freeSlug(tx: EntityManager, base: string): Promise<string> {
  const stem = base.slice(0, 56).replace(/-+$/, '') || 'org';
  const candidates = [stem, ...Array.from({ length: 49 }, (_, i) => `${stem}-${i + 2}`)];
  const [free]: { slug: string }[] = await tx.query(
    `SELECT c.slug FROM unnest($1::text[]) WITH ORDINALITY AS c(slug, n)
      WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.slug = c.slug) ORDER BY c.n LIMIT 1`, [candidates]);
  if (free) return free.slug;
  const rows: { slug: string }[] = await tx.query(
    `SELECT slug FROM organizations WHERE slug = $1 OR slug LIKE $2`, [stem, `${stem.replace(/[\\%_]/g, '\\$&')}-%`]);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** The audit events of a group, in multi-row statements; the same columns recordAudit writes (actor kind IMPORT). */
async function insertAudits(tx: EntityManager, rows: AuditRow[]): Promise<number> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await tx.query(
      `INSERT INTO audit_events (org_id, project_id, actor_id, actor_kind, action, target_type, target_id, before, after, request_id)
       SELECT o, p, NULL, 'IMPORT', a, tt, ti, b, af, NULL
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[]) AS x(o, p, a, tt, ti, b, af)`,
      [chunk.map((r) => r.orgId), chunk.map((r) => r.projectId), chunk.map((r) => r.action), chunk.map((r) => r.targetType),
        chunk.map((r) => r.targetId), chunk.map((r) => (r.before ? JSON.stringify(r.before) : null)),
        chunk.map((r) => (r.after ? JSON.stringify(r.after) : null))]);
  }
  return rows.length;
}
