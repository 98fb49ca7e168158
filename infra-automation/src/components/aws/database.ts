import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { kmsKey } from './kmsKey';
import { personalDataStoreTags } from './tags';

export interface DatabaseArgs {
  region: string;
  /**
   * `primary` creates the Aurora global database and its writer cluster; `replica`
   * joins the global database as a read-only secondary that can be promoted.
   */
  role: 'primary' | 'replica';
  /** The same on the primary and every secondary. */
  globalClusterIdentifier: string;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  /** Security groups allowed to connect (the cluster's nodes); nothing else is. */
  clientSecurityGroupIds: pulumi.Input<string>[];
  instanceClass: string;
  instances: number;
  /** Primary only: the master user's password (a stack secret). */
  masterPassword?: pulumi.Input<string>;
  /** Countries whose citizens' data the database holds, for the residency policy. */
  holdsDataOf: string[];
  backupRetentionDays: number;
  tags: Record<string, string>;
}

const engine = 'aurora-postgresql';
const engineVersion = '16.8';
export const databasePort = 5432;

/**
 * Aurora PostgreSQL as one cluster of a global database: encrypted with a key of its
 * own region, reachable only from the given security groups inside private subnets,
 * an instance per zone so a zone outage fails over within the region, backups kept and
 * deletion protected. A secondary in another region can be promoted when the primary
 * region fails.
 */
export class Database extends pulumi.ComponentResource {
  readonly cluster: aws.rds.Cluster;
  readonly instances: aws.rds.ClusterInstance[] = [];
  readonly globalCluster?: aws.rds.GlobalCluster;
  readonly key: aws.kms.Key;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly endpoint: pulumi.Output<string>;

  constructor(
    name: string,
    args: DatabaseArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:Database', name, {}, opts);
    const child = { parent: this };
    const region = args.region;
    const tags = {
      ...args.tags,
      ...personalDataStoreTags('database', args.holdsDataOf),
    };

    this.key = kmsKey(
      `${name}-database`,
      region,
      `Encryption at rest of ${name}'s database`,
      args.tags,
      child,
    );
    const subnetGroup = new aws.rds.SubnetGroup(
      name,
      { region, subnetIds: args.subnetIds, tags: args.tags },
      child,
    );
    this.securityGroup = new aws.ec2.SecurityGroup(
      `${name}-database`,
      {
        region,
        vpcId: args.vpcId,
        description: 'PostgreSQL from the cluster nodes only',
        ingress: [
          {
            protocol: 'tcp',
            fromPort: databasePort,
            toPort: databasePort,
            securityGroups: args.clientSecurityGroupIds,
          },
        ],
        tags: args.tags,
      },
      child,
    );

    if (args.role === 'primary') {
      if (!args.masterPassword) {
        throw new Error(`${name}: a primary database needs masterPassword`);
      }
      this.globalCluster = new aws.rds.GlobalCluster(
        name,
        {
          globalClusterIdentifier: args.globalClusterIdentifier,
          engine,
          engineVersion,
          storageEncrypted: true,
          deletionProtection: true,
          region,
        },
        child,
      );
    }

    this.cluster = new aws.rds.Cluster(
      name,
      {
        region,
        engine,
        engineVersion,
        globalClusterIdentifier: args.globalClusterIdentifier,
        ...(args.role === 'primary'
          ? {
              databaseName: 'ekyc',
              masterUsername: 'ekyc_admin',
              masterPassword: args.masterPassword,
            }
          : {}),
        storageEncrypted: true,
        kmsKeyId: this.key.arn,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [this.securityGroup.id],
        port: databasePort,
        backupRetentionPeriod: args.backupRetentionDays,
        preferredBackupWindow: '18:00-19:00',
        copyTagsToSnapshot: true,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${name}-final`,
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ['postgresql'],
        tags,
      },
      {
        ...child,
        dependsOn: this.globalCluster ? [this.globalCluster] : [],
        // A promoted secondary drops its source; that is the failover, not drift.
        ignoreChanges: [
          'replicationSourceIdentifier',
          'globalClusterIdentifier',
        ],
      },
    );

    for (let i = 0; i < args.instances; i++) {
      this.instances.push(
        new aws.rds.ClusterInstance(
          `${name}-${i}`,
          {
            region,
            clusterIdentifier: this.cluster.id,
            engine,
            engineVersion,
            instanceClass: args.instanceClass,
            publiclyAccessible: false,
            dbSubnetGroupName: subnetGroup.name,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: this.key.arn,
            autoMinorVersionUpgrade: true,
            promotionTier: i,
            tags,
          },
          child,
        ),
      );
    }
    this.endpoint = pulumi.interpolate`${this.cluster.endpoint}:${databasePort}`;
    this.registerOutputs({ endpoint: this.endpoint });
  }
}
