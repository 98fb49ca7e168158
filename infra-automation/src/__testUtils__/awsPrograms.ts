import * as pulumi from '@pulumi/pulumi';
import { awsRegionProgram } from '../programs/aws/regionProgram';
import { RegionSpec } from '@internal/ekyc-domain';
import { recordResources } from './pulumiMocks';

export const awsRegionOptions = {
  dnsZone: { id: 'ZMOCKZONE', name: 'ekyc.example.com' },
  kubernetesVersion: '1.34',
  retentionDays: { documents: 365, selfies: 30 },
  clusterApi: { access: 'private' as const },
  portalReaderRoleArn: 'arn:aws:iam::123456789012:role/ekyc-portal-reader',
};

/** Runs a region program against Pulumi's mocks; the resources and the outputs. */
export async function runAwsRegion(spec: RegionSpec) {
  const mocks = recordResources(spec.id);
  pulumi.runtime.setAllConfig({ 'ekyc:databasePassword': 'mock-password' }, [
    'ekyc:databasePassword',
  ]);
  const outputs = await mocks.run(awsRegionProgram(spec, awsRegionOptions));
  return { ...mocks, outputs };
}
