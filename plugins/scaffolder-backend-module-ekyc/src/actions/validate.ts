import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { dataStoresOf, describeLocation } from '@internal/ekyc-domain';
import {
  estimateCost,
  formatCostEstimate,
  loadPriceTable,
  OnPremCostModel,
} from '@internal/infra-automation/cost';
import {
  AwsAccountProblem,
  checkClusterPlacement,
  KubernetesClusters,
} from '@internal/infra-automation/programs';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { toBackstageError } from '../infraErrors';
import { examples } from './validate.examples';
import { specDescription, SpecReader } from './spec';

/**
 * `ekyc:environment:validate`: the spec and its residency rules; touches nothing. With
 * `forChange`, also whether the task's initiator may change environments, so that a
 * template's run is refused at its first step, saying who may act, rather than at the
 * scaffolder's check on its first infrastructure action, and a run on target aws where
 * this portal has no AWS credentials or provider plugin. An Aurora global secondary's
 * primary is read from the catalog; the spec it outputs is what the later steps take.
 */
export function createValidateAction(
  checkChange: EnvironmentChangeCheck,
  clusters: KubernetesClusters,
  readSpec: SpecReader,
  /** What keeps this portal from applying to AWS; asked only of a run on target aws. */
  awsProblems: () => Promise<AwsAccountProblem[]>,
  onPremCosts?: OnPremCostModel,
) {
  return createTemplateAction({
    id: 'ekyc:environment:validate',
    description:
      'Validates an environment spec, its data-residency rules included (its cluster among them), and estimates its cost; touches nothing',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z => z.record(z.unknown()).describe(specDescription),
        forChange: z =>
          z
            .boolean()
            .optional()
            .describe(
              'The template goes on to change infrastructure: refuse an initiator who may not',
            ),
      },
      output: {
        spec: z =>
          z
            .record(z.unknown())
            .describe(
              "The spec as validated, a secondary's primary completed from the catalog: the input of the later steps",
            ),
        environmentId: z => z.string(),
        dataLocations: z =>
          z.array(
            z.object({
              store: z.string(),
              location: z.string(),
              holdsDataOf: z.array(z.string()),
            }),
          ),
        costEstimate: z => z.record(z.unknown()),
        costSummary: z =>
          z.string().describe('The cost estimate as a table, for a task page'),
      },
    },
    async handler(ctx) {
      const spec = await readSpec(ctx.input.spec);
      if (ctx.input.forChange) {
        await checkChange(ctx, `create or change ${spec.id}`);
        const problems = spec.target === 'aws' ? await awsProblems() : [];
        if (problems.length) {
          throw new InputError(
            `target: this portal cannot apply to aws: ${problems
              .map(problem => problem.detail)
              .join(
                '; ',
              )}. Choose target kubernetes, or have the portal's operators supply what is missing.`,
          );
        }
      }
      try {
        checkClusterPlacement(spec, await clusters.places());
      } catch (error) {
        throw toBackstageError(error);
      }
      const dataLocations = dataStoresOf(spec).map(store => ({
        store: store.store,
        location: describeLocation(store.location),
        holdsDataOf: [...store.holdsDataOf],
      }));
      ctx.logger.info(
        `${spec.kind} "${spec.id}" is valid${
          spec.cluster ? ` on cluster ${spec.cluster}` : ''
        }; personal data stays in: ${dataLocations
          .map(d => `${d.store} at ${d.location} (${d.holdsDataOf.join(', ')})`)
          .join('; ')}`,
      );
      const costEstimate = estimateCost(spec, loadPriceTable(), onPremCosts);
      const costSummary = formatCostEstimate(costEstimate);
      costSummary.split('\n').forEach(line => ctx.logger.info(line));
      ctx.output('costSummary', costSummary);
      ctx.output('spec', spec as unknown as Record<string, unknown>);
      ctx.output('environmentId', spec.id);
      ctx.output('dataLocations', dataLocations);
      ctx.output(
        'costEstimate',
        costEstimate as unknown as Record<string, unknown>,
      );
    },
  });
}
