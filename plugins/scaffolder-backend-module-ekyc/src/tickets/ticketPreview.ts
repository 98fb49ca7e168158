import { z } from 'zod';
import { ScaffolderTasks } from './scaffolderTasks';
import { TicketTemplate } from './templateFields';

const outputText = z.object({
  text: z
    .array(z.object({ title: z.string(), content: z.string() }))
    .default([]),
});

/**
 * What the run would do, for the ticket: the template run dry by the scaffolder itself
 * (its parameter schema, its templating, then the validate and preview steps with the
 * policy pack), as a Markdown comment with the changes and the cost it reported.
 */
export async function previewComment(
  tasks: ScaffolderTasks,
  template: TicketTemplate,
  values: Record<string, unknown>,
): Promise<string> {
  const result = await tasks.dryRun(template, values);
  if ('problem' in result) {
    return `The request cannot run as filed: ${result.problem}`;
  }
  const { text } = outputText.parse(result.output);
  const entry = (title: string) =>
    text.find(item => item.title === title)?.content.trim();
  return [
    `Preview with the policy pack: ${
      entry('Planned changes') ?? 'no changes'
    }.`,
    '',
    ...(entry('Cost estimate') ? [entry('Cost estimate')!, ''] : []),
    'A member of the owning group approves the run with the `approved` label.',
  ].join('\n');
}
