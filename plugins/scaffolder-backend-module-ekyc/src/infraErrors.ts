import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { InfraError, InfraErrorKind } from '@internal/ekyc-domain';

const backstageErrorOf: Record<InfraErrorKind, new (message: string) => Error> =
  {
    validation: InputError,
    residency: InputError,
    policy: InputError,
    conflict: ConflictError,
    'not-found': NotFoundError,
    provider: ServiceUnavailableError,
    cancelled: ConflictError,
  };

/**
 * The Backstage error for an InfraError's kind (so the scaffolder and HTTP callers get
 * the right status), keeping its message; anything else is returned as it is.
 */
export function toBackstageError(error: unknown): unknown {
  if (!(error instanceof InfraError)) return error;
  const mapped = new backstageErrorOf[error.kind](error.message);
  (mapped as Error & { cause?: unknown }).cause = error;
  return mapped;
}

/** Runs a runner operation with its InfraErrors as the Backstage errors of their kinds. */
export async function withBackstageErrors<T>(
  operation: () => Promise<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toBackstageError(error);
  }
}
