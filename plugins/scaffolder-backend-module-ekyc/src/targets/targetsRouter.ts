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
 * credentials are there too. For any signed-in user, as the forms are: what is missing
 * is named in a few words, nothing of the host's files or errors.
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
            ? {
                name: 'aws',
                available: false,
                reason: problems.map(problem => problem.summary).join('; '),
              }
            : { name: 'aws', available: true },
        ],
      };
    } catch {
      // Without ekyc.environments this portal applies nothing.
      const reason = 'this portal applies no environments (ekyc.environments)';
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
