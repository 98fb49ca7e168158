import { parseEnvironmentSpec } from '@internal/ekyc-domain';
import { formatCostEstimate } from '@internal/infra-automation/cost';
import { EnvironmentRunner } from '@internal/infra-automation/runner';
import { z } from 'zod';

const stepsOfTemplate = z.object({
  spec: z.object({
    steps: z.array(
      z
        .object({
          action: z.string(),
          input: z.record(z.string(), z.unknown()).optional(),
        })
        .loose(),
    ),
  }),
});

const parameterPlaceholder = /^\$\{\{\s*parameters\.(\w+)\s*\}\}$/;

/** Puts the values into a step input whose strings are `${{ parameters.<name> }}`. */
function render(input: unknown, values: Record<string, unknown>): unknown {
  if (typeof input === 'string') {
    const match = parameterPlaceholder.exec(input);
    return match ? values[match[1]] : input;
  }
  if (Array.isArray(input)) return input.map(item => render(item, values));
  if (input && typeof input === 'object') {
    return Object.fromEntries(
      Object.entries(input).map(([key, value]) => [key, render(value, values)]),
    );
  }
  return input;
}

/**
 * The environment spec a template builds from its values: the `spec` input of its
 * ekyc:environment:validate step, rendered, so the ticket and the run agree on it.
 */
export function specOfTemplate(
  template: unknown,
  values: Record<string, unknown>,
): unknown {
  const step = stepsOfTemplate
    .parse(template)
    .spec.steps.find(s => s.action === 'ekyc:environment:validate');
  if (!step?.input?.spec) {
    throw new Error(
      'the template has no ekyc:environment:validate step with a spec',
    );
  }
  return render(step.input.spec, values);
}

/**
 * What the run would do, for the ticket: the spec validated (residency included), then
 * previewed with the policy pack, as a Markdown comment with the changes and the cost.
 */
export async function previewComment(
  runner: EnvironmentRunner,
  spec: unknown,
): Promise<string> {
  try {
    const preview = await runner.preview(parseEnvironmentSpec(spec));
    const changes = Object.entries(preview.changes)
      .filter(([operation]) => operation !== 'same')
      .map(([operation, count]) => `${count} to ${operation}`)
      .join(', ');
    return [
      `Preview with the policy pack: ${changes || 'no changes'}.`,
      '',
      '```',
      ...(preview.costEstimate
        ? [formatCostEstimate(preview.costEstimate)]
        : []),
      '```',
      '',
      'A member of the owning group approves the run with the `approved` label.',
    ].join('\n');
  } catch (error) {
    return `The request cannot run as filed: ${(error as Error).message}`;
  }
}
