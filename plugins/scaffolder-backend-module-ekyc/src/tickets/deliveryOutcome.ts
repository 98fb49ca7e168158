/**
 * What handling a ticket delivery came to: an HTTP-style status (the JSON intake's
 * sender reads it back with the body) and what was done or refused.
 */
export interface DeliveryOutcome {
  status: number;
  body: Record<string, unknown>;
  /** A delivery handled before: its first outcome stands. */
  repeat?: true;
}
