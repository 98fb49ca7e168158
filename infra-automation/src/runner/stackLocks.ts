/** A stack's lock, held for one operation. */
export interface StackLock {
  /**
   * The operation that held the lock before and died holding it (its process or its
   * replica was killed): the Pulumi lock and pending creates it left are cleared
   * before this operation runs.
   */
  abandonedBy?: string;
  release(): Promise<void>;
}

/**
 * Locks on stacks shared by every process that runs them (the portal's replicas): at
 * most one operation per stack at a time. A lock held by a process that dies is
 * released with it, and the next holder is told whose operation died.
 */
export interface StackLocks {
  /** Takes the stack's lock for `holder`, or answers who holds it now. */
  tryAcquire(
    stackRef: string,
    holder: string,
  ): Promise<StackLock | { heldBy: string }>;
}
