// Deliveries to the ticket intakes, through the events backend's HTTP ingress: GitHub's
// `issues` webhook events, and signed deliveries to the JSON intake with form values as
// its text answers; and what each came to (the JSON intake's outcome, the audit log).
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { until } from './until.mts';

/** A GitHub account as webhooks carry it; catalog/org.yaml records the node ids. */
export interface GitHubAccount {
  login: string;
  node_id: string;
}

// Only a redelivery repeats a body byte for byte: each event has its own time.
let eventSequence = 0;

/** An `issues` event on a sovereign-site request in ekyc/platform-requests. */
export function issuesEvent(
  number: number,
  body: string,
  author: GitHubAccount,
  extra: object = {},
): string {
  return JSON.stringify({
    action: 'opened',
    issue: {
      number,
      html_url: `https://github.com/ekyc/platform-requests/issues/${number}`,
      body,
      labels: [{ name: 'ekyc-request' }, { name: 'sovereign-site' }],
      user: author,
      updated_at: new Date(Date.now() + eventSequence++).toISOString(),
    },
    repository: {
      name: 'platform-requests',
      html_url: 'https://github.com/ekyc/platform-requests',
      owner: { login: 'ekyc' },
    },
    sender: author,
    ...extra,
  });
}

/** Form values as text answers, by parameter; lists comma-separated. */
export function textAnswers(values: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(values).map(([id, value]) => [
      id,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}

/**
 * Posts to the JSON intake, signing "<timestamp>.<delivery id>.<body>"; a test may sign
 * another id or time than it sends.
 */
export function postJsonTicket(
  baseUrl: string,
  secret: string,
  deliveryId: string,
  event: object,
  {
    timestamp = String(Math.floor(Date.now() / 1000)),
    signedId = deliveryId,
  } = {},
) {
  const body = JSON.stringify(event);
  return fetch(`${baseUrl}/api/events/http/ekyc-tickets`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ekyc-delivery': deliveryId,
      'x-ekyc-timestamp': timestamp,
      'x-ekyc-signature-256': `sha256=${createHmac('sha256', secret)
        .update(`${timestamp}.${signedId}.${body}`)
        .digest('hex')}`,
    },
    body,
  });
}

/** What a JSON delivery came to, as its sender reads it back (signed, with no body). */
export async function jsonDeliveryOutcome(
  baseUrl: string,
  secret: string,
  deliveryId: string,
): Promise<{ status: number; body: Record<string, any> }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(
    `${baseUrl}/api/scaffolder/ekyc-tickets/json/deliveries/${deliveryId}`,
    {
      headers: {
        'x-ekyc-timestamp': timestamp,
        'x-ekyc-signature-256': `sha256=${createHmac('sha256', secret)
          .update(`${timestamp}.${deliveryId}.`)
          .digest('hex')}`,
      },
    },
  );
  if (!response.ok) {
    throw new Error(
      `outcome of ${deliveryId}: ${response.status} ${await response.text()}`,
    );
  }
  return (await response.json()) as { status: number; body: any };
}

/** Posts an `issues` event to GitHub's ingress, as GitHub's webhook does. */
export function deliverGitHubIssues(
  baseUrl: string,
  deliveryId: string,
  payload: string,
  signature: string,
) {
  return fetch(`${baseUrl}/api/events/http/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': signature,
    },
    body: payload,
  });
}

/**
 * The audit log's line for a handled GitHub delivery (GitHub reads no outcome back):
 * the `ticket-delivery` event's end, which names what was done or refused.
 */
export function handledDelivery(
  logFile: string,
  deliveryId: string,
): Promise<string> {
  const line = () =>
    fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .find(
        entry =>
          entry.includes('ticket-delivery') &&
          entry.includes(`"deliveryId":"${deliveryId}"`) &&
          /succeeded|failed/.test(entry),
      );
  return until(line, found => found !== undefined, 10_000).then(found => {
    if (!found) {
      throw new Error(`no audit of delivery ${deliveryId} in ${logFile}`);
    }
    return found;
  });
}
