import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface EgressFirewallArgs {
  region: string;
  vpcId: pulumi.Input<string>;
  /** One dedicated subnet per zone, in the zones' order. */
  subnetIds: pulumi.Input<string>[];
  /** Names the workloads may reach; a leading "." allows the subdomains. */
  allowedDomains: string[];
  tags: Record<string, string>;
}

/** The stateful rule group's capacity: room for the allow-list to grow. */
const ruleGroupCapacity = 1000;

/**
 * AWS Network Firewall on the VPC's way out: every connection from the private subnets
 * to the internet passes it, and only TLS (by SNI) and HTTP (by Host) to the allowed
 * names goes on; anything else is dropped and logged. AWS's own APIs are reached through
 * the VPC's endpoints, not through it.
 */
export class EgressFirewall extends pulumi.ComponentResource {
  readonly ruleGroup: aws.networkfirewall.RuleGroup;
  readonly policy: aws.networkfirewall.FirewallPolicy;
  readonly firewall: aws.networkfirewall.Firewall;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly logging: aws.networkfirewall.LoggingConfiguration;

  constructor(
    name: string,
    args: EgressFirewallArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('ekyc:aws:EgressFirewall', name, {}, opts);
    const child = { parent: this };
    const region = args.region;

    this.ruleGroup = new aws.networkfirewall.RuleGroup(
      `${name}-egress-allow`,
      {
        region,
        name: `${name}-egress-allow`,
        type: 'STATEFUL',
        capacity: ruleGroupCapacity,
        description:
          'The environment egress allow-list (spec egress.allowedDomains)',
        ruleGroup: {
          // Strict order with a drop-established default: only what is listed passes.
          statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
          rulesSource: {
            rulesSourceList: {
              generatedRulesType: 'ALLOWLIST',
              targetTypes: ['TLS_SNI', 'HTTP_HOST'],
              // An empty list would be refused by AWS: a name nothing resolves to.
              targets: args.allowedDomains.length
                ? args.allowedDomains
                : ['egress-denied.invalid'],
            },
          },
        },
        tags: args.tags,
      },
      child,
    );
    this.policy = new aws.networkfirewall.FirewallPolicy(
      name,
      {
        region,
        name,
        firewallPolicy: {
          statelessDefaultActions: ['aws:forward_to_sfe'],
          statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          statefulEngineOptions: { ruleOrder: 'STRICT_ORDER' },
          statefulDefaultActions: [
            'aws:drop_established',
            'aws:alert_established',
          ],
          statefulRuleGroupReferences: [
            { resourceArn: this.ruleGroup.arn, priority: 1 },
          ],
        },
        tags: args.tags,
      },
      child,
    );
    this.firewall = new aws.networkfirewall.Firewall(
      name,
      {
        region,
        name,
        vpcId: args.vpcId,
        firewallPolicyArn: this.policy.arn,
        subnetMappings: args.subnetIds.map(subnetId => ({ subnetId })),
        deleteProtection: true,
        tags: args.tags,
      },
      child,
    );
    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-firewall`,
      { region, retentionInDays: 90, tags: args.tags },
      child,
    );
    this.logging = new aws.networkfirewall.LoggingConfiguration(
      name,
      {
        region,
        firewallArn: this.firewall.arn,
        loggingConfiguration: {
          logDestinationConfigs: ['ALERT', 'FLOW'].map(logType => ({
            logType,
            logDestinationType: 'CloudWatchLogs',
            logDestination: { logGroup: this.logGroup.name },
          })),
        },
      },
      child,
    );
    this.registerOutputs({ firewallArn: this.firewall.arn });
  }

  /** The firewall's endpoint in a zone, where that zone's routes send traffic. */
  endpointIn(availabilityZone: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi
      .all([this.firewall.firewallStatuses, availabilityZone])
      .apply(([statuses, zone]) => {
        const endpoint = statuses
          ?.flatMap(status => status.syncStates ?? [])
          .find(state => state.availabilityZone === zone)
          ?.attachments?.[0]?.endpointId;
        if (!endpoint) {
          throw new Error(
            `the egress firewall has no endpoint in ${zone}: it needs a subnet in every zone`,
          );
        }
        return endpoint;
      });
  }
}
