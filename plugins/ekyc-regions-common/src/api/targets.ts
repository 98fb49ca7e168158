/**
 * GET /api/scaffolder/ekyc-targets, for any signed-in user: the targets this portal can
 * apply environments to, and for each it cannot, why (what to configure). The
 * templates' target field offers only those available.
 */
export const targetsRoute = '/ekyc-targets';

export interface TargetAvailability {
  name: 'kubernetes' | 'aws';
  available: boolean;
  /** What is missing, for an unavailable target; never a credential. */
  reason?: string;
}

export interface TargetsResponse {
  targets: TargetAvailability[];
}
