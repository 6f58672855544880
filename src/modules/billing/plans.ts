/** The plan catalogue. Limits are null where the plan has none. */
export const PLAN_NAMES = ['FREE', 'GROWTH', 'ENTERPRISE'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

export interface Plan {
  name: PlanName;
  paid: boolean;
  seatLimit: number | null;
  projectLimit: number | null;
  /** Order for "the highest plan wins" (legacy import) and for telling upgrades from downgrades. */
  tier: number;
}

export const PLANS: Record<PlanName, Plan> = {
  FREE: { name: 'FREE', paid: false, seatLimit: 5, projectLimit: 3, tier: 0 },
  GROWTH: { name: 'GROWTH', paid: true, seatLimit: 50, projectLimit: 25, tier: 1 },
  ENTERPRISE: { name: 'ENTERPRISE', paid: true, seatLimit: null, projectLimit: null, tier: 2 },
};
