import { createHmac, timingSafeEqual } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { readableUserRef } from '../userRefs';
import { z } from 'zod';
import { parseAnswers } from './parseIssueForm';
import { ScaffolderTasks } from './scaffolderTasks';
import { GrantTicketApproval, startTicketRun } from './ticketRuns';
import { TicketStore } from './ticketStore';
import { TicketTemplate } from './templateFields';

/** What another ticket system (a Jira or ServiceNow automation) posts. */
const ticketEvent = z.object({
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

/** A delivery older than this (or from further in the future) is refused as stale. */
const maxDeliveryAgeMs = 5 * 60_000;

type TicketEvent = z.infer<typeof ticketEvent>;

export interface JsonTicketRouterOptions {
  /** Shared with the sending system: it signs each body with HMAC-SHA256. */
  secret: string;
  store: TicketStore;
  templateFor(name: string): Promise<TicketTemplate | undefined>;
  isMember(userRef: string, groupRef: string): Promise<boolean>;
  tasks: ScaffolderTasks;
  /** Marks the run's plan approvals as given by the ticket's approver. */
  grantApproval: GrantTicketApproval;
  taskPageUrl(taskId: string): string;
  logger: LoggerService;
  /** The clock deliveries' timestamps are checked against (tests set it). */
  now?: () => number;
}

/**
 * The HMAC covers `<timestamp>.<delivery id>.<body>`, so neither the id nor the time
 * can be changed to replay a captured body; computed over the body's raw bytes.
 */
function signatureMatches(
  secret: string,
  signed: { timestamp: string; deliveryId: string; body: Buffer },
  header?: string,
) {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret)
      .update(`${signed.timestamp}.${signed.deliveryId}.`)
      .update(signed.body)
      .digest('hex')}`,
  );
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * POST /json: the same intake as GitHub's, for other ticket systems. Each delivery
 * carries its id (`X-Ekyc-Delivery`) and its time in Unix seconds (`X-Ekyc-Timestamp`),
 * and is signed with the shared secret over `<timestamp>.<id>.<body>`
 * (`X-Ekyc-Signature-256: sha256=<hex HMAC>`); a stale delivery (over 5 minutes) or a
 * delivery id seen before is refused, answers are checked against the template, and an
 * approval by a member of the template's owning group other than the requester starts
 * the ticket's one run; the answer carries the problems or the task.
 */
export function createJsonTicketRouter(
  options: JsonTicketRouterOptions,
): express.Router {
  const router = Router();
  const rawBody = express.raw({ type: '*/*', limit: '1mb' });
  const now = options.now ?? Date.now;

  router.post('/json', rawBody, async (req, res) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const deliveryId = req.header('x-ekyc-delivery') ?? '';
    const timestamp = req.header('x-ekyc-timestamp') ?? '';
    if (
      !signatureMatches(
        options.secret,
        { timestamp, deliveryId, body },
        req.header('x-ekyc-signature-256'),
      )
    ) {
      res.status(401).json({
        error:
          'X-Ekyc-Signature-256 is missing or does not match: sign "<X-Ekyc-Timestamp>.<X-Ekyc-Delivery>.<body>" with HMAC-SHA256 and ekyc.tickets.json.secret, as sha256=<hex>',
      });
      return;
    }
    if (!deliveryId) {
      res.status(400).json({
        error: 'X-Ekyc-Delivery is missing: give every delivery its own id',
      });
      return;
    }
    const sentAtMs = /^\d{1,12}$/.test(timestamp)
      ? Number(timestamp) * 1000
      : NaN;
    if (!(Math.abs(now() - sentAtMs) <= maxDeliveryAgeMs)) {
      res.status(401).json({
        error: `X-Ekyc-Timestamp: ${
          timestamp || 'missing'
        } is not within 5 minutes of the portal's clock; send each delivery when it is signed, with the time in Unix seconds`,
      });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      res.status(400).json({ error: 'the body is not JSON' });
      return;
    }
    const parsed = ticketEvent.safeParse(json);
    if (!parsed.success) {
      res.status(400).json({
        error: parsed.error.issues
          .map(issue => `${issue.path.join('.') || 'body'}: ${issue.message}`)
          .join('; '),
      });
      return;
    }
    const event = parsed.data;
    const template = await options.templateFor(event.template);
    if (!template) {
      res.status(400).json({
        error: `template: ${event.template} is not a template tickets may request`,
      });
      return;
    }
    if (!(await options.store.firstDelivery(deliveryId, event.ticket))) {
      res
        .status(200)
        .json({ duplicate: `delivery ${deliveryId} was handled already` });
      return;
    }
    try {
      await respond(event, template, res);
    } catch (error) {
      // The sender is told it failed (500) and may send it again: then it is handled.
      await options.store.forgetDelivery(deliveryId);
      throw error;
    }
  });

  async function respond(
    event: TicketEvent,
    template: TicketTemplate,
    res: express.Response,
  ) {
    const form = parseAnswers(new Map(Object.entries(event.answers)), template);
    if (form.problems.length) {
      res.status(422).json({ problems: form.problems });
      return;
    }
    if (event.event === 'submitted') {
      res.status(200).json({ values: form.values });
      return;
    }
    const owner = template.spec.owner;
    if (
      !event.approvedBy ||
      !(await options.isMember(event.approvedBy, owner))
    ) {
      res.status(403).json({
        error: `approvedBy: ${
          event.approvedBy ?? 'nobody'
        } is not a member of ${owner} in the catalog; approvals come from its members`,
      });
      return;
    }
    // One person has one ref, however it is spelled.
    const requester = event.requestedBy && readableUserRef(event.requestedBy);
    if (!requester || requester === readableUserRef(event.approvedBy)) {
      res.status(403).json({
        error: event.requestedBy
          ? `approvedBy: ${event.approvedBy} requested this ticket; another member of ${owner} approves it`
          : 'requestedBy: is required with an approval, so that a requester cannot approve their own request',
      });
      return;
    }
    const taskId = await startTicketRun(
      options,
      event.ticket,
      template.metadata.name,
      form.values,
      {
        requestedBy: requester,
        approvedBy: readableUserRef(event.approvedBy)!,
        basis: `ticket ${event.ticket}`,
      },
    );
    if (!taskId) {
      res
        .status(200)
        .json({ duplicate: `a run was started for ${event.ticket} already` });
      return;
    }
    options.logger.info(
      `ticket ${event.ticket}: requested by ${event.requestedBy}, approved by ${event.approvedBy}, task ${taskId}`,
    );
    res.status(202).json({ taskId, taskUrl: options.taskPageUrl(taskId) });
  }
  return router;
}
