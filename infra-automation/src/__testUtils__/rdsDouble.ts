import http from 'node:http';
import { AddressInfo } from 'node:net';
import { RDSClient } from '@aws-sdk/client-rds';

interface Member {
  arn: string;
  isWriter: boolean;
}

/** A global database as the double keeps it. */
export interface DoubleGlobalCluster {
  id: string;
  status: string;
  members: Member[];
  /** A promotion under way: the describes left before it completes. */
  promotion?: {
    from?: string;
    to: string;
    status: string;
    describesLeft: number;
  };
  /** Each promotion ends with the writer unchanged, as a cancelled one does. */
  cancelsPromotions?: boolean;
}

/** One request the double answered: its Action and its form parameters. */
export type RdsRequest = Record<string, string>;

const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function clusterXml(cluster: DoubleGlobalCluster): string {
  const members = cluster.members
    .map(
      m =>
        `<GlobalClusterMember><DBClusterArn>${xmlText(
          m.arn,
        )}</DBClusterArn><IsWriter>${
          m.isWriter
        }</IsWriter><Readers/></GlobalClusterMember>`,
    )
    .join('');
  const promotion = cluster.promotion
    ? `<FailoverState><Status>${cluster.promotion.status}</Status>${
        cluster.promotion.from
          ? `<FromDbClusterArn>${xmlText(
              cluster.promotion.from,
            )}</FromDbClusterArn>`
          : ''
      }<ToDbClusterArn>${xmlText(
        cluster.promotion.to,
      )}</ToDbClusterArn></FailoverState>`
    : '';
  return `<GlobalClusterIdentifier>${xmlText(
    cluster.id,
  )}</GlobalClusterIdentifier><Status>${
    cluster.status
  }</Status><Engine>aurora-postgresql</Engine><GlobalClusterMembers>${members}</GlobalClusterMembers>${promotion}`;
}

const ns = 'http://rds.amazonaws.com/doc/2014-10-31/';

function answer(action: string, result: string) {
  return `<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>double</RequestId></ResponseMetadata></${action}Response>`;
}

function fault(code: string, message: string) {
  return `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlText(
    message,
  )}</Message></Error><RequestId>double</RequestId></ErrorResponse>`;
}

/**
 * A local HTTP double of the RDS query API for the three calls a promotion makes
 * (AWS cannot be reached from here): the real SDK client signs and sends its requests
 * to it, and parses its answers. A promotion completes after `describesLeft` describes.
 */
export async function startRdsDouble(clusters: DoubleGlobalCluster[]) {
  const requests: RdsRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      requests.push({
        ...params,
        signed: String(
          /^AWS4-HMAC-SHA256 Credential=/.test(req.headers.authorization ?? ''),
        ),
      });
      const reply = (status: number, xml: string) => {
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(xml);
      };
      const cluster = clusters.find(
        c => c.id === params.GlobalClusterIdentifier,
      );
      if (!cluster) {
        reply(
          404,
          fault(
            'GlobalClusterNotFoundFault',
            `Global cluster ${params.GlobalClusterIdentifier} not found`,
          ),
        );
        return;
      }
      switch (params.Action) {
        case 'DescribeGlobalClusters': {
          const promotion = cluster.promotion;
          if (promotion && promotion.describesLeft-- <= 0) {
            if (!cluster.cancelsPromotions) {
              for (const m of cluster.members)
                m.isWriter = m.arn === promotion.to;
            }
            cluster.promotion = undefined;
            cluster.status = 'available';
          }
          reply(
            200,
            answer(
              'DescribeGlobalClusters',
              `<GlobalClusters><GlobalClusterMember>${clusterXml(
                cluster,
              )}</GlobalClusterMember></GlobalClusters>`,
            ),
          );
          return;
        }
        case 'SwitchoverGlobalCluster':
        case 'FailoverGlobalCluster': {
          const switchover = params.Action === 'SwitchoverGlobalCluster';
          if (!switchover && params.AllowDataLoss !== 'true') {
            reply(
              400,
              fault(
                'InvalidParameterCombination',
                'FailoverGlobalCluster needs AllowDataLoss or Switchover',
              ),
            );
            return;
          }
          const from = cluster.members.find(m => m.isWriter)?.arn;
          cluster.status = switchover ? 'switching-over' : 'failing-over';
          cluster.promotion = {
            from,
            to: params.TargetDbClusterIdentifier,
            status: cluster.status,
            describesLeft: 2,
          };
          reply(
            200,
            answer(
              params.Action,
              `<GlobalCluster>${clusterXml(cluster)}</GlobalCluster>`,
            ),
          );
          return;
        }
        default:
          reply(400, fault('InvalidAction', `${params.Action} is not doubled`));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    /** An SDK client of `region` that sends to the double. */
    client: (region: string) =>
      new RDSClient({
        region,
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: 'AKIDDOUBLE', secretAccessKey: 'double' },
        maxAttempts: 1,
      }),
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
