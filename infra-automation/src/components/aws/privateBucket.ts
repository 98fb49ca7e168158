import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey } from './kmsKey';

export interface PrivateBucketArgs {
  region: string;
  /** Tags of the bucket, including what it holds (see tags.ts). */
  tags: Record<string, string>;
  /** Encrypt with this KMS key; without one, a key of the bucket's own is made. */
  key?: aws.kms.Key;
  /**
   * The owner grants access to a principal made after the bucket (a CloudFront
   * distribution) by calling `writePolicy` with its statements; otherwise the bucket's
   * policy is written at once.
   */
  policyWrittenByOwner?: boolean;
}

/**
 * An S3 bucket no one can make public: every public access setting blocked, ACLs
 * disabled, KMS encryption with an S3 bucket key, versioning (needed for replication
 * and for undoing deletes), and a policy refusing requests without TLS.
 */
export class PrivateBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly key: aws.kms.Key;
  readonly versioning: aws.s3.BucketVersioning;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly ownership: aws.s3.BucketOwnershipControls;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  policy?: aws.s3.BucketPolicy;

  constructor(
    name: string,
    args: PrivateBucketArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:PrivateBucket', name, {}, opts);
    const child = { parent: this };
    const region = args.region;
    this.key =
      args.key ??
      kmsKey(
        name,
        region,
        `Encryption at rest of bucket ${name}`,
        args.tags,
        child,
      );
    this.bucket = new aws.s3.Bucket(
      name,
      { region, bucketPrefix: `${name}-`, tags: args.tags },
      child,
    );
    const bucket = this.bucket.id;
    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      name,
      {
        region,
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    this.ownership = new aws.s3.BucketOwnershipControls(
      name,
      { region, bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } },
      child,
    );
    this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        region,
        bucket,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: 'aws:kms',
              kmsMasterKeyId: this.key.arn,
            },
            bucketKeyEnabled: true,
          },
        ],
      },
      child,
    );
    this.versioning = new aws.s3.BucketVersioning(
      name,
      { region, bucket, versioningConfiguration: { status: 'Enabled' } },
      child,
    );
    if (!args.policyWrittenByOwner) this.writePolicy(name, region);
    this.registerOutputs({ bucket });
  }

  /** Refuses requests without TLS, and allows what `statements` allow. */
  writePolicy(
    name: string,
    region: string,
    statements: (bucketArn: string) => pulumi.Input<object[]> = () => [],
  ): aws.s3.BucketPolicy {
    this.policy = new aws.s3.BucketPolicy(
      name,
      {
        region,
        bucket: this.bucket.id,
        policy: this.bucket.arn.apply(arn =>
          pulumi.output(statements(arn)).apply(extra =>
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyWithoutTls',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: [arn, `${arn}/*`],
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
                ...extra,
              ],
            }),
          ),
        ),
      },
      { parent: this, dependsOn: [this.publicAccessBlock] },
    );
    return this.policy;
  }
}
