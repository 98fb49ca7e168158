import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/**
 * A customer-managed KMS key of one region: rotated every year, and kept 30 days after
 * deletion so that a mistaken destroy can still be undone.
 */
export function kmsKey(
  name: string,
  region: string,
  description: string,
  tags: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
  return new aws.kms.Key(
    name,
    {
      region,
      description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags,
    },
    opts,
  );
}
