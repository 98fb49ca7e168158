import { InfraErrorKind } from '@internal/ekyc-domain';

/** Exit codes of `ekyc-infra`, one per kind of failure, for CI pipelines to branch on. */
export const exitCodes = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  validation: 3,
  residency: 4,
  policy: 5,
  conflict: 6,
  provider: 7,
  drift: 8,
  'not-found': 9,
  cancelled: 130,
} as const satisfies Record<InfraErrorKind | string, number>;
