import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/transaction';
import { ConflictError, ErrorCode, InputError } from '../../errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { lockOrganization } from '../organizations/org-lock';
import type { PaymentMethodRow } from './billing.loaders';
import { PLANS, PLAN_NAMES, type PlanName } from './plans';

type UserActor = Actor & { userId: string };

export interface PaymentMethodInput {
  orgId: string;
  processorToken: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** 12 to 19 digits, possibly grouped with spaces or dashes: what a card number (PAN) looks like. */
const CARD_NUMBER = /\d(?:[ -]?\d){11,18}/;
const PROCESSOR_TOKEN = /^[A-Za-z0-9_:.-]{3,255}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** Refuses, naming the field, any text input that carries what looks like a full card number. */
export function assertNoCardNumber(fields: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string' && CARD_NUMBER.test(value)) {
      throw new InputError(field, 'looks like a card number; send the payment processor token and display data only.');
    }
  }
}

const isPaid = (plan: PlanName) => PLANS[plan].paid;

/** Plans and payment methods (ACCESS-MODEL §5). Every change locks the organization row first. */
export class BillingService {
  constructor(private readonly db: DataSource, private readonly now: () => Date = () => new Date()) {}

  async changePlan(actor: UserActor, input: { orgId: string; plan: string }): Promise<void> {
    if (!PLAN_NAMES.includes(input.plan as PlanName)) throw new InputError('input.plan', 'is not a plan.');
    const plan = input.plan as PlanName;
    await inTransaction(this.db, async (tx) => {
      const org = await lockOrganization(tx, input.orgId);
      if (org.plan === plan) return;
      if (isPaid(plan)) {
        const [pm]: PaymentMethodRow[] = await tx.query(
          `SELECT exp_month AS "expMonth", exp_year AS "expYear" FROM payment_methods WHERE org_id = $1`, [input.orgId]);
        if (!pm) {
          throw new ConflictError(`The ${plan} plan needs a payment method on file; set one first.`, { plan }, ErrorCode.PAYMENT_METHOD_REQUIRED);
        }
        if (this.expired(pm.expMonth, pm.expYear)) {
          throw new ConflictError('The payment method on file has expired; replace it first.', { plan, reason: 'EXPIRED' },
            ErrorCode.PAYMENT_METHOD_REQUIRED);
        }
      }
      const [usage]: { seats: number; projects: number }[] = await tx.query(
        `SELECT (SELECT count(*)::int FROM org_members WHERE org_id = $1) AS seats,
                (SELECT count(*)::int FROM projects WHERE org_id = $1) AS projects`, [input.orgId]);
      const target = PLANS[plan];
      const over = [
        { resource: 'seats', limit: target.seatLimit, used: usage.seats },
        { resource: 'projects', limit: target.projectLimit, used: usage.projects },
      ].filter((v) => v.limit !== null && v.used > v.limit);
      if (over.length) {
        const text = over.map((v) => `${v.used} ${v.resource} (limit ${v.limit})`).join(' and ');
        throw new ConflictError(`The ${plan} plan is too small: the organization uses ${text}.`,
          { plan, resource: over[0].resource, limit: over[0].limit, used: over[0].used, exceeded: over },
          ErrorCode.PLAN_LIMIT_EXCEEDED);
      }
      await tx.query(`UPDATE organizations SET plan = $2, updated_at = now() WHERE id = $1`, [input.orgId, plan]);
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: 'plan.changed',
        target: { type: 'Organization', id: input.orgId },
        before: { plan: org.plan },
        after: { plan },
      });
    });
  }

  async setPaymentMethod(actor: UserActor, input: PaymentMethodInput): Promise<PaymentMethodRow> {
    const { processorToken, brand, last4, expMonth, expYear } = input;
    assertNoCardNumber({ 'input.processorToken': processorToken, 'input.brand': brand, 'input.last4': last4 });
    if (!PROCESSOR_TOKEN.test(processorToken)) {
      throw new InputError('input.processorToken', 'must be the payment processor\'s token (3 to 255 letters, digits, "_", ":", "." or "-").');
    }
    const cleanBrand = brand.trim();
    if (!/^[A-Za-z][A-Za-z0-9 _-]{0,31}$/.test(cleanBrand)) throw new InputError('input.brand', 'must be a card brand name of at most 32 characters.');
    if (!/^\d{4}$/.test(last4)) throw new InputError('input.last4', 'must be exactly 4 digits.');
    if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) throw new InputError('input.expMonth', 'must be from 1 to 12.');
    const year = this.now().getUTCFullYear();
    if (!Number.isInteger(expYear) || expYear < year || expYear > year + 50) {
      throw new InputError('input.expYear', `must be a four-digit year from ${year} to ${year + 50}.`);
    }
    if (this.expired(expMonth, expYear)) throw new InputError('input.expMonth', 'is in the past: the card has expired.');

    return inTransaction(this.db, async (tx) => {
      await lockOrganization(tx, input.orgId);
      const [before]: PaymentMethodRow[] = await tx.query(
        `SELECT brand, last4, exp_month AS "expMonth", exp_year AS "expYear" FROM payment_methods WHERE org_id = $1`, [input.orgId]);
      const [row]: PaymentMethodRow[] = await tx.query(
        `INSERT INTO payment_methods (org_id, processor_token, brand, last4, exp_month, exp_year) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (org_id) DO UPDATE SET processor_token = EXCLUDED.processor_token, brand = EXCLUDED.brand,
           last4 = EXCLUDED.last4, exp_month = EXCLUDED.exp_month, exp_year = EXCLUDED.exp_year, updated_at = now()
         RETURNING org_id AS "orgId", brand, last4, exp_month AS "expMonth", exp_year AS "expYear", updated_at AS "updatedAt"`,
        [input.orgId, processorToken, cleanBrand, last4, expMonth, expYear]);
      // The processor token is a secret of the processor's: the audit log keeps only the display data.
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: 'paymentMethod.set',
        target: { type: 'Organization', id: input.orgId },
        before: before ? { ...before } : null,
        after: { brand: row.brand, last4: row.last4, expMonth: row.expMonth, expYear: row.expYear },
      });
      return row;
    });
  }

  async setBillingEmail(actor: UserActor, input: { orgId: string; billingEmail?: string | null }): Promise<void> {
    const email = input.billingEmail?.trim().toLowerCase() || null;
    if (email !== null && (!EMAIL.test(email) || email.length > 320)) {
      throw new InputError('input.billingEmail', 'is not an email address.');
    }
    await inTransaction(this.db, async (tx) => {
      await lockOrganization(tx, input.orgId);
      const [{ billingEmail }] = await tx.query(`SELECT billing_email AS "billingEmail" FROM organizations WHERE id = $1`, [input.orgId]);
      if (billingEmail === email) return;
      await tx.query(`UPDATE organizations SET billing_email = $2, updated_at = now() WHERE id = $1`, [input.orgId, email]);
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: 'billing.emailChanged',
        target: { type: 'Organization', id: input.orgId },
        before: { billingEmail },
        after: { billingEmail: email },
      });
    });
  }

  /** A card is good through the last day of its expiry month. */
  private expired(month: number, year: number): boolean {
    const now = this.now();
    return year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1);
  }
}
