import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { Environments } from '../environments';
import { createTargetsRouter } from './targetsRouter';

function appWith(environments: () => Promise<Environments>) {
  const app = express();
  app.use(
    createTargetsRouter({ environments, httpAuth: mockServices.httpAuth() }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}

const withAwsProblems = (details: string[]) => async () =>
  ({
    awsProblems: async () =>
      details.map(detail => ({
        summary: 'no AWS credentials are configured',
        detail,
      })),
  } as unknown as Environments);

describe('GET /ekyc-targets', () => {
  it('offers aws only where the portal can apply to it, naming what is missing', async () => {
    const missing = await request(
      appWith(
        withAwsProblems([
          'no AWS credentials found (Could not load credentials from any providers): set AWS_PROFILE',
        ]),
      ),
    ).get('/ekyc-targets');
    expect(missing.status).toBe(200);
    expect(missing.body).toEqual({
      targets: [
        { name: 'kubernetes', available: true },
        {
          name: 'aws',
          available: false,
          // The summary only: nothing of the host's error.
          reason: 'no AWS credentials are configured',
        },
      ],
    });
    const ready = await request(appWith(withAwsProblems([]))).get(
      '/ekyc-targets',
    );
    expect(ready.body.targets).toEqual([
      { name: 'kubernetes', available: true },
      { name: 'aws', available: true },
    ]);
  });

  it('offers nothing where no environments are configured, saying so', async () => {
    const response = await request(
      appWith(async () => {
        throw new Error('ekyc.environments is not configured: set …');
      }),
    ).get('/ekyc-targets');
    const reason = 'this portal applies no environments (ekyc.environments)';
    expect(response.body.targets).toEqual([
      { name: 'kubernetes', available: false, reason },
      { name: 'aws', available: false, reason },
    ]);
  });

  it('answers signed-in users only', async () => {
    const response = await request(appWith(withAwsProblems([])))
      .get('/ekyc-targets')
      .set('authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });
});
