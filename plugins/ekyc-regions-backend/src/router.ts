import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ekycRegionsReadPermission } from '@internal/plugin-ekyc-regions-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { RegionsService } from './service/RegionsService';

/**
 * GET /regions, /regions/:id, /countries, /countries/:code, /topology and /health; each asks the
 * permission framework for ekyc.regions.read first.
 */
export function createRouter(deps: {
  service: RegionsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { service, httpAuth, permissions } = deps;
  const router = Router();

  async function requireRead(req: Request) {
    const [decision] = await permissions.authorize(
      [{ permission: ekycRegionsReadPermission }],
      { credentials: await httpAuth.credentials(req) },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `reading eKYC regions needs the ${ekycRegionsReadPermission.name} permission`,
      );
    }
  }

  router.get('/regions', async (req, res) => {
    await requireRead(req);
    res.type('application/json').send(await service.regionsBody());
  });

  router.get('/regions/:id', async (req, res) => {
    await requireRead(req);
    const { regions } = await service.regions();
    const region = regions.find(r => r.id === req.params.id);
    if (!region) {
      throw new NotFoundError(
        `no region or site "${req.params.id}"; known: ${
          regions.map(r => r.id).join(', ') || 'none'
        }`,
      );
    }
    res.json(region);
  });

  router.get('/countries', async (req, res) => {
    await requireRead(req);
    res.json(await service.countries());
  });

  router.get('/countries/:code', async (req, res) => {
    await requireRead(req);
    const code = req.params.code.toUpperCase();
    const { countries } = await service.countries();
    const country = countries.find(c => c.country === code);
    if (!country) {
      throw new NotFoundError(
        `"${req.params.code}" is not a served country; served: ${countries
          .map(c => c.country)
          .join(', ')}`,
      );
    }
    res.json(country);
  });

  router.get('/topology', async (req, res) => {
    await requireRead(req);
    res.json(await service.topology());
  });

  router.get('/health', async (req, res) => {
    await requireRead(req);
    res.json(await service.health());
  });

  return router;
}
