import type { EntityManager } from 'typeorm';
import { ConflictError, ErrorCode } from '../../errors';
import { PLANS, type PlanName } from './plans';

/**
 * Plan limits, checked inside the transaction that would exceed them. The organization row is locked first so
 * two concurrent additions cannot both take the last free seat or project slot.
 */
export async function assertSeatAvailable(tx: EntityManager, orgId: string, adding = 1): Promise<void> {
  const { plan, used } = await usage(tx, orgId, `(SELECT count(*)::int FROM org_members m WHERE m.org_id = o.id)`);
  const limit = PLANS[plan].seatLimit;
  if (limit !== null && used + adding > limit) {
    throw new ConflictError(
      `The ${plan} plan allows ${limit} members and the organization has ${used}; upgrade the plan to add more.`,
      { limit, used, plan, resource: 'seats' }, ErrorCode.PLAN_LIMIT_EXCEEDED);
  }
}

export async function assertProjectSlotAvailable(tx: EntityManager, orgId: string): Promise<void> {
  const { plan, used } = await usage(tx, orgId, `(SELECT count(*)::int FROM projects p WHERE p.org_id = o.id)`);
  const limit = PLANS[plan].projectLimit;
  if (limit !== null && used + 1 > limit) {
    throw new ConflictError(
      `The ${plan} plan allows ${limit} projects and the organization has ${used}; upgrade the plan to add more.`,
      { limit, used, plan, resource: 'projects' }, ErrorCode.PLAN_LIMIT_EXCEEDED);
  }
}

async function usage(tx: EntityManager, orgId: string, countSql: string): Promise<{ plan: PlanName; used: number }> {
  const [row] = await tx.query(`SELECT o.plan, ${countSql} AS used FROM organizations o WHERE o.id = $1 FOR UPDATE`, [orgId]);
  if (!row) throw new ConflictError('The organization no longer exists.');
  return { plan: row.plan, used: row.used };
}
