import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { assumedBy } from './iamDocuments';
import { PrivateBucket } from './privateBucket';
import { personalDataStoreTags } from './tags';

export interface ObjectStoreArgs {
  region: string;
  /** Countries whose citizens' ID documents and selfies the store holds. */
  holdsDataOf: string[];
  /**
   * Regions that keep a replica. The spec's residency check admits only regions every
   * held country allows; the residency policy checks the buckets made here again.
   */
  replicaRegions: string[];
  /** Days before objects expire, per prefix: ID document images and selfies. */
  retentionDays: { documents: number; selfies: number };
  tags: Record<string, string>;
}

/**
 * S3 for the images of ID documents and selfies: private and KMS-encrypted, objects
 * expiring after the retention the law and the contracts set, and, where the spec asks,
 * replicated to buckets of the same kind in other regions.
 */
export class ObjectStore extends pulumi.ComponentResource {
  readonly primary: PrivateBucket;
  readonly replicas: PrivateBucket[] = [];
  readonly replication?: aws.s3.BucketReplicationConfig;
  readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
  replicationPolicy?: aws.iam.RolePolicy;

  constructor(
    name: string,
    args: ObjectStoreArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:ObjectStore', name, {}, opts);
    const child = { parent: this };
    const tagsOf = (store: string) => ({
      ...args.tags,
      ...personalDataStoreTags(store, args.holdsDataOf),
    });

    this.primary = new PrivateBucket(
      name,
      { region: args.region, tags: tagsOf('ID images and selfies store') },
      child,
    );
    this.lifecycle = new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        region: args.region,
        bucket: this.primary.bucket.id,
        rules: [
          ...(['documents', 'selfies'] as const).map(prefix => ({
            id: `expire-${prefix}`,
            status: 'Enabled',
            filter: { prefix: `${prefix}/` },
            expiration: { days: args.retentionDays[prefix] },
            noncurrentVersionExpiration: { noncurrentDays: 7 },
          })),
          {
            id: 'abort-incomplete-uploads',
            status: 'Enabled',
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      { ...child, dependsOn: [this.primary.versioning] },
    );

    for (const region of args.replicaRegions) {
      this.replicas.push(
        new PrivateBucket(
          `${name}-${region}`,
          { region, tags: tagsOf('ID images and selfies replica') },
          child,
        ),
      );
    }
    if (this.replicas.length) {
      this.replication = this.replicate(name, args, child);
    }
    this.registerOutputs({ bucket: this.primary.bucket.id });
  }

  private replicate(
    name: string,
    args: ObjectStoreArgs,
    child: pulumi.CustomResourceOptions,
  ): aws.s3.BucketReplicationConfig {
    const role = new aws.iam.Role(
      `${name}-replication`,
      { assumeRolePolicy: assumedBy('s3.amazonaws.com'), tags: args.tags },
      child,
    );
    const source = this.primary;
    this.replicationPolicy = new aws.iam.RolePolicy(
      `${name}-replication`,
      {
        role: role.id,
        policy: pulumi
          .all([
            source.bucket.arn,
            source.key.arn,
            ...this.replicas.map(r => r.bucket.arn),
            ...this.replicas.map(r => r.key.arn),
          ])
          .apply(([sourceArn, sourceKey, ...targets]) => {
            const buckets = targets.slice(0, this.replicas.length);
            const keys = targets.slice(this.replicas.length);
            return JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
                  Resource: sourceArn,
                },
                {
                  Effect: 'Allow',
                  Action: [
                    's3:GetObjectVersionForReplication',
                    's3:GetObjectVersionAcl',
                    's3:GetObjectVersionTagging',
                  ],
                  Resource: `${sourceArn}/*`,
                },
                {
                  Effect: 'Allow',
                  Action: [
                    's3:ReplicateObject',
                    's3:ReplicateDelete',
                    's3:ReplicateTags',
                  ],
                  Resource: buckets.map(arn => `${arn}/*`),
                },
                { Effect: 'Allow', Action: 'kms:Decrypt', Resource: sourceKey },
                { Effect: 'Allow', Action: 'kms:Encrypt', Resource: keys },
              ],
            });
          }),
      },
      child,
    );
    return new aws.s3.BucketReplicationConfig(
      name,
      {
        region: args.region,
        bucket: source.bucket.id,
        role: role.arn,
        rules: this.replicas.map((replica, priority) => ({
          id: `to-${args.replicaRegions[priority]}`,
          status: 'Enabled',
          priority,
          filter: {},
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: {
            sseKmsEncryptedObjects: { status: 'Enabled' },
          },
          destination: {
            bucket: replica.bucket.arn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
          },
        })),
      },
      {
        ...child,
        dependsOn: [source.versioning, ...this.replicas.map(r => r.versioning)],
      },
    );
  }
}
