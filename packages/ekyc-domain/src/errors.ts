/**
 * Why an operation on an environment failed, for a person and for exit codes:
 * validation and residency (the spec; nothing was touched), policy (a policy pack refused
 * the plan), conflict (another operation holds the stack), provider (the cloud or
 * cluster refused or failed), cancelled (the caller aborted), not-found (no such stack).
 */
export type InfraErrorKind =
  | 'validation'
  | 'residency'
  | 'policy'
  | 'conflict'
  | 'provider'
  | 'cancelled'
  | 'not-found';

/** The root of every error the domain, the programs and the runner throw on purpose. */
export class InfraError extends Error {
  readonly name: string = 'InfraError';
  readonly kind: InfraErrorKind;

  constructor(
    kind: InfraErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = kind;
  }
}
