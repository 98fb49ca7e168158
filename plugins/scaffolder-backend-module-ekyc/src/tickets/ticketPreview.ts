import { z } from 'zod';
import { escapeMarkdown, publicError, redactSecrets } from '../publicText';
import { ScaffolderTasks } from './scaffolderTasks';
import { TicketTemplate } from './templateFields';

const outputText = z.object({
  text: z
    .array(z.object({ title: z.string(), content: z.string() }))
    .default([]),
});

/** A preview's comment, and whether an approval may apply the form it shows. */
export interface TicketPreview {
  comment: string;
  approvable: boolean;
}

/**
 * What the run would do, for the ticket: the template run dry by the scaffolder itself
 * (its parameter schema, its templating, then the validate and preview steps with the
 * policy pack), as a Markdown comment with the changes and the cost it reported. A
 * refused dry run says why, and nothing may approve that form.
 */
export async function previewComment(
  tasks: ScaffolderTasks,
  template: TicketTemplate,
  values: Record<string, unknown>,
): Promise<TicketPreview> {
  const result = await tasks.dryRun(template, values);
  if ('problem' in result) {
    return {
      comment: `The request cannot run as filed: ${escapeMarkdown(
        publicError(result.problem, 600),
      )}`,
      approvable: false,
    };
  }
  const { text } = outputText.parse(result.output);
  const entry = (title: string) =>
    redactSecrets(
      text.find(item => item.title === title)?.content.trim() ?? '',
    ) || undefined;
  return {
    comment: [
      `Preview with the policy pack: ${
        entry('Planned changes') ?? 'no changes'
      }.`,
      '',
      ...(entry('Cost estimate') ? [entry('Cost estimate')!, ''] : []),
      'A member of the owning group other than the author approves this form with the `approved` label; an edit needs a new preview.',
    ].join('\n'),
    approvable: true,
  };
}
