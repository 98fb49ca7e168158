import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Environments } from '../environments';
import { EnvironmentChangeCheck } from '../environmentPermission';
import { entityAnnotations, environmentEntityRef } from '@internal/ekyc-domain';
import { examples } from './destroy.examples';
import { withBackstageErrors } from '../infraErrors';
import { progressLog } from './progressLog';
import { specDescription, validSpec } from './spec';

/**
 * `ekyc:environment:destroy`: deletes an environment and its data. Needs `confirm: true`;
 * a sovereign site also needs an approval recorded on its catalog entity
 * (`ekyc.io/destroy-approved-by`): one user, a member of the platform group, other than
 * who runs the task. Who may run
 * it at all is the permission policy's decision (an infrastructure action).
 */
/** A user ref in one spelling, so that `User:Amira.Rahman` is `user:default/amira.rahman`. */
function normalisedUserRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'user', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/** The approving user from the annotation: one user, never a group. */
async function destroyApprover(
  annotation: string | undefined,
  ref: string,
  id: string,
): Promise<string> {
  const how = `have a member of the platform group other than you set the annotation ${entityAnnotations.destroyApprovedBy} on ${ref} to their user ref`;
  if (!annotation) {
    throw new NotAllowedError(
      `sovereign site ${id} may be destroyed only with an approval: ${how}`,
    );
  }
  let approver: string;
  try {
    approver = normalisedUserRef(annotation.trim());
  } catch {
    throw new NotAllowedError(`${annotation} is not a user ref: ${how}`);
  }
  if (!approver.startsWith('user:')) {
    throw new NotAllowedError(`${annotation} is not one person: ${how}`);
  }
  return approver;
}

export function createDestroyAction(
  environments: () => Promise<Environments>,
  catalog: CatalogService,
  checkChange: EnvironmentChangeCheck,
  { auth, platformGroupRef }: { auth: AuthService; platformGroupRef: string },
) {
  return createTemplateAction({
    id: 'ekyc:environment:destroy',
    description:
      'Destroys an environment; needs confirm: true, and for a sovereign site an approval recorded on its entity',
    examples,
    schema: {
      input: {
        spec: z => z.record(z.unknown()).describe(specDescription),
        confirm: z =>
          z
            .boolean()
            .describe(
              'Must be true: destroying deletes the environment and its data',
            ),
      },
      output: { changes: z => z.record(z.number()) },
    },
    async handler(ctx) {
      const spec = validSpec(ctx.input.spec);
      await checkChange(ctx, `destroy ${spec.id}`);
      const env = await environments();
      if (ctx.input.confirm !== true) {
        throw new InputError(
          `destroying ${spec.id} deletes it and its data: set confirm: true to go ahead`,
        );
      }
      if (spec.kind === 'sovereign-site') {
        const ref = stringifyEntityRef(environmentEntityRef(spec));
        const entity = await catalog.getEntityByRef(ref, {
          credentials: await ctx.getInitiatorCredentials(),
        });
        const approver = await destroyApprover(
          entity?.metadata.annotations?.[entityAnnotations.destroyApprovedBy],
          ref,
          spec.id,
        );
        // Without a user on the task, nobody can tell that the approver is someone else.
        if (!ctx.user?.ref) {
          throw new NotAllowedError(
            `${ref} was approved for destruction by ${approver}, but this task has no user, so nobody can tell that the approval came from someone else: run it signed in`,
          );
        }
        if (approver === normalisedUserRef(ctx.user.ref)) {
          throw new NotAllowedError(
            `${ref} was approved for destruction by ${approver}, who runs this task: the approval must come from someone else`,
          );
        }
        const approverEntity = await catalog.getEntityByRef(approver, {
          credentials: await auth.getOwnServiceCredentials(),
        });
        const approverIsPlatform = (approverEntity?.relations ?? []).some(
          relation =>
            relation.type === 'memberOf' &&
            relation.targetRef === platformGroupRef,
        );
        if (!approverIsPlatform) {
          throw new NotAllowedError(
            `${ref} was approved for destruction by ${approver}, who is not a member of ${platformGroupRef} in the catalog: an approval counts from its members only`,
          );
        }
        ctx.logger.info(`destroy of ${ref} approved by ${approver}`);
      }
      const result = await withBackstageErrors(() =>
        env.runner.destroy(spec, {
          signal: ctx.signal,
          onProgress: progressLog(ctx.logger),
        }),
      );
      ctx.output('changes', result.changes);
    },
  });
}
