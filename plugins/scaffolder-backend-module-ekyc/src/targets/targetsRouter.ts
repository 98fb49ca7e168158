import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  TargetsResponse,
  targetsRoute,
} from '@internal/plugin-ekyc-regions-common';
import express from 'express';
import Router from 'express-promise-router';
import { Environments } from '../environments';

/**
 * Which targets this portal can apply to, for the templates' target field: kubernetes
 * whenever environments are configured, aws where the provider plugin and AWS
 * credentials are there too. For any signed-in user, as the forms are; what is missing
 * is named, never a credential.
 */
export function createTargetsRouter(options: {
  environments: () => Promise<Environments>;
  httpAuth: HttpAuthService;
}): express.Router {
  const router = Router();
  router.get(targetsRoute, async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user'] });
    let body: TargetsResponse;
    try {
      const problems = await (await options.environments()).awsProblems();
      body = {
        targets: [
          { name: 'kubernetes', available: true },
          problems.length
            ? { name: 'aws', available: false, reason: problems.join('; ') }
            : { name: 'aws', available: true },
        ],
      };
    } catch (error) {
      // Without ekyc.environments this portal applies nothing.
      const reason = (error as Error).message;
      body = {
        targets: [
          { name: 'kubernetes', available: false, reason },
          { name: 'aws', available: false, reason },
        ],
      };
    }
    res.json(body);
  });
  return router;
}
