// Deliveries to the ticket intakes: GitHub's `issues` webhook events, and signed
// deliveries to the JSON intake with form values as its text answers.
import { createHmac } from 'node:crypto';

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
  return fetch(`${baseUrl}/api/scaffolder/ekyc-tickets/json`, {
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
