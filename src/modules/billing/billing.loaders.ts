import type { DataSource } from 'typeorm';
import { loader, oneByKey } from '../../common/batch';
import { isUuid } from '../../common/ids';

/** Billing is read per organization; the resolvers fill it from the loaders below. */
export interface BillingModel {
  orgId: string;
}

export interface PaymentMethodRow {
  orgId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  updatedAt: Date;
}

export interface OrgUsage {
  orgId: string;
  seatsUsed: number;
  projectsUsed: number;
  billingEmail: string | null;
}

export function billingLoaders(db: DataSource) {
  return {
    paymentMethod: loader<PaymentMethodRow | null>(async (orgIds) => {
      const valid = orgIds.filter(isUuid);
      const rows: PaymentMethodRow[] = valid.length
        ? await db.query(
            `SELECT org_id AS "orgId", brand, last4, exp_month AS "expMonth", exp_year AS "expYear",
                    updated_at AS "updatedAt"
               FROM payment_methods WHERE org_id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(orgIds, rows, (r) => r.orgId);
    }),

    usage: loader<OrgUsage | null>(async (orgIds) => {
      const valid = orgIds.filter(isUuid);
      const rows: OrgUsage[] = valid.length
        ? await db.query(
            `SELECT o.id AS "orgId", o.billing_email AS "billingEmail",
                    (SELECT count(*)::int FROM org_members m WHERE m.org_id = o.id) AS "seatsUsed",
                    (SELECT count(*)::int FROM projects p WHERE p.org_id = o.id) AS "projectsUsed"
               FROM organizations o WHERE o.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(orgIds, rows, (r) => r.orgId);
    }),
  };
}
