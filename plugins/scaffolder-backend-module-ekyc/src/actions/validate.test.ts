import fs from 'node:fs';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { KubernetesClusters } from '@internal/infra-automation/programs';
import { parse } from 'yaml';
import { specReaderOver } from '../__testUtils__/environmentEntities';
import { createValidateAction } from './validate';

const examples = path.resolve(__dirname, '../../../../examples');
const usEast = parse(
  fs.readFileSync(path.join(examples, 'region-us-east-1.yaml'), 'utf8'),
);
// A region on target aws creates its own cluster: no registered one is read.
const noClusters = { places: async () => [] } as unknown as KubernetesClusters;
const readSpec = specReaderOver([]);

async function validate(awsProblems: string[], forChange: boolean) {
  const problems = awsProblems.map(detail => ({
    summary: 'no AWS credentials are configured',
    detail,
  }));
  const ctx = createMockActionContext({
    input: { spec: usEast, forChange },
  });
  await createValidateAction(
    async () => undefined,
    noClusters,
    readSpec,
    async () => problems,
  ).handler(ctx as any);
  return ctx;
}

describe('ekyc:environment:validate on target aws', () => {
  const missing = [
    'no AWS credentials found (Could not load credentials from any providers): set AWS_PROFILE (after `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  ];

  it('refuses a run that would change infrastructure where the portal cannot reach AWS, naming what is missing', async () => {
    await expect(validate(missing, true)).rejects.toThrow(
      `target: this portal cannot apply to aws: ${missing[0]}. Choose target kubernetes, or have the portal's operators supply what is missing.`,
    );
  });

  it('validates the spec alone, or a run where AWS is configured', async () => {
    const specOnly = await validate(missing, false);
    expect(specOnly.output).toHaveBeenCalledWith(
      'environmentId',
      'us-east-1-primary',
    );
    const configured = await validate([], true);
    expect(configured.output).toHaveBeenCalledWith(
      'environmentId',
      'us-east-1-primary',
    );
  });
});
