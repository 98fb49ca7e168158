import http from 'node:http';
import { AddressInfo } from 'node:net';
import { PricingClient } from '@aws-sdk/client-pricing';

/** A product as the Price List API answers it (each PriceList item, parsed). */
export interface PriceListProduct {
  product: { productFamily?: string; attributes: Record<string, string> };
  terms: { OnDemand?: Record<string, unknown> };
}

/**
 * A local HTTP double of the AWS Price List API's GetProducts (AWS cannot be reached
 * from here): it filters the products it holds by the request's TERM_MATCH filters
 * (an attribute, or productFamily), pages them by MaxResults, and answers each as a
 * JSON string, as the API does. The real SDK client signs and sends to it.
 */
export async function startPricingDouble(
  products: Record<string, PriceListProduct[]>,
  /** At most this many products a page, whatever MaxResults asks: pages get tested. */
  pageSize = 100,
) {
  const requests: Array<{ target: string; body: any; signed: boolean }> = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text || '{}');
      const target = String(req.headers['x-amz-target'] ?? '');
      requests.push({
        target,
        body,
        signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? ''),
      });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'AWSPriceListService.GetProducts') {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            __type: 'InvalidParameterException',
            message: `${target} is not doubled`,
          }),
        );
        return;
      }
      const matching = (products[body.ServiceCode] ?? []).filter(item =>
        (body.Filters ?? []).every(
          (filter: { Field: string; Value: string }) =>
            (filter.Field === 'productFamily'
              ? item.product.productFamily
              : item.product.attributes[filter.Field]) === filter.Value,
        ),
      );
      const from = Number(body.NextToken ?? 0);
      const to = from + Math.min(body.MaxResults ?? 100, pageSize);
      res.end(
        JSON.stringify({
          FormatVersion: 'aws_v1',
          PriceList: matching.slice(from, to).map(item => JSON.stringify(item)),
          ...(to < matching.length ? { NextToken: String(to) } : {}),
        }),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    client: new PricingClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIDDOUBLE', secretAccessKey: 'double' },
      maxAttempts: 1,
    }),
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
