import path from 'node:path';
import { readTicketTemplate } from './issueFormFiles';
import { ScaffolderTasks } from './scaffolderTasks';
import { previewComment } from './ticketPreview';
import { noRunsMayStart } from './__testUtils__/noRunsMayStart';

const repoRoot = path.resolve(__dirname, '../../../..');
const template = readTicketTemplate(repoRoot, 'sovereign-site');

// The scaffolder's dry run itself is exercised end to end (e2e/tickets.test.mts); here
// only how its answer becomes the ticket's comment.
const dryRunAnswering = (
  answer: Awaited<ReturnType<ScaffolderTasks['dryRun']>>,
): ScaffolderTasks => ({ ...noRunsMayStart, dryRun: async () => answer });

describe('previewComment', () => {
  it("writes the dry run's planned changes and cost estimate, as the task page shows them", async () => {
    const comment = await previewComment(
      dryRunAnswering({
        output: {
          text: [
            { title: 'Planned changes', content: '24 to create' },
            { title: 'Cost estimate', content: '```\nUSD 0 per month\n```' },
          ],
        },
      }),
      template,
      {},
    );
    expect(comment).toEqual({
      comment:
        'Preview with the policy pack: 24 to create.\n\n```\nUSD 0 per month\n```\n\nA member of the owning group other than the author approves this form with the `approved` label; an edit needs a new preview.',
      approvable: true,
    });
  });

  it('says why the request cannot run when the dry run refuses it', async () => {
    const comment = await previewComment(
      dryRunAnswering({
        problem: 'Bangladesh (BD) rule "in-country" forbids its personal data',
      }),
      template,
      {},
    );
    expect(comment).toEqual({
      comment:
        'The request cannot run as filed: Bangladesh (BD) rule "in-country" forbids its personal data',
      approvable: false,
    });
  });
});
