import { z } from 'zod';

/** What another ticket system (a Jira or ServiceNow automation) posts. */
const jsonTicketEvent = z.object({
  /** The ticket's URL: identifies the request, at most one run each. */
  ticket: z.url(),
  template: z.string(),
  /** `submitted`: check the answers; `approved`: check the approver and run. */
  event: z.enum(['submitted', 'approved']),
  /** The form's answers as text, by template parameter name. */
  answers: z.record(z.string(), z.string()),
  /** The requesting catalog User: an approval by the same person is refused. */
  requestedBy: z.string().optional(),
  /** The approving catalog User, e.g. user:default/amira.rahman. */
  approvedBy: z.string().optional(),
});

export type JsonTicketEvent = z.infer<typeof jsonTicketEvent>;

/** The event, or each field at fault with its message. */
export function parseJsonTicketEvent(
  body: unknown,
): { event: JsonTicketEvent } | { error: string } {
  const parsed = jsonTicketEvent.safeParse(body);
  if (parsed.success) return { event: parsed.data };
  return {
    error: parsed.error.issues
      .map(issue => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; '),
  };
}
