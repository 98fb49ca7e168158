import { HttpAuthService } from '@backstage/backend-plugin-api';
import { KubernetesClusters } from '@internal/infra-automation/programs';
import {
  ClustersResponse,
  clustersRoute,
} from '@internal/plugin-ekyc-regions-common';
import express from 'express';
import Router from 'express-promise-router';

/**
 * The registered clusters' places, for the templates' cluster field: no credential and
 * no address, only where each cluster is. For any signed-in user, as the forms are.
 */
export function createClustersRouter(options: {
  clusters: KubernetesClusters;
  httpAuth: HttpAuthService;
}): express.Router {
  const router = Router();
  router.get(clustersRoute, async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user'] });
    const body: ClustersResponse = {
      clusters: await options.clusters.places(),
    };
    res.json(body);
  });
  return router;
}
