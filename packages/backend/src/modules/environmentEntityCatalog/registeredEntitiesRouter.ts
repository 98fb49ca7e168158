import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { registeredEntitiesPath } from '@internal/plugin-scaffolder-backend-module-ekyc';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RegisteredEntitiesProvider } from './registeredEntitiesProvider';

const registration = z.object({
  entity: z
    .object({
      apiVersion: z.string().min(1),
      kind: z.string().min(1),
      metadata: z
        .object({
          name: z.string().min(1),
          namespace: z.string().optional(),
          annotations: z.record(z.string(), z.string()).optional(),
        })
        .loose(),
      spec: z.record(z.string(), z.unknown()).optional(),
    })
    .loose(),
});

const registeredName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);

/**
 * `PUT <catalog>/ekyc-registered-entities/<name>`: the scaffolder's register-local action
 * registers an entity here. Only the scaffolder plugin may call it: what it registers it
 * has checked (the right to change environments); the catalog's rules still apply.
 */
export function createRegisteredEntitiesRouter(options: {
  provider: RegisteredEntitiesProvider;
  httpAuth: HttpAuthService;
}) {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.put(`${registeredEntitiesPath}/:name`, async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['service'],
    });
    if (credentials.principal.subject !== 'plugin:scaffolder') {
      throw new NotAllowedError(
        'only the scaffolder registers entities with the portal’s catalog',
      );
    }
    const name = registeredName.safeParse(req.params.name);
    if (!name.success) {
      throw new InputError(
        `name: ${req.params.name} is not a registered name (lowercase letters, digits and dashes, starting with a letter)`,
      );
    }
    const body = registration.safeParse(req.body);
    if (!body.success) {
      throw new InputError(
        body.error.issues
          .map(issue => `${issue.path.join('.')}: ${issue.message}`)
          .join('; '),
      );
    }
    await options.provider.register(name.data, body.data.entity as Entity);
    res.status(204).end();
  });
  return router;
}
