import {
  codeBlock,
  escapeMarkdown,
  publicError,
  redactSecrets,
} from './publicText';

describe('text that leaves the portal', () => {
  it.each([
    ['password: hunter2-and-more', 'password: [redacted]'],
    ['PGPASSWORD=s3cr3t psql', 'PGPASSWORD=[redacted]'],
    ['password: correct horse battery', 'password: [redacted]'],
    ['"password":"a\\"b c"', '"password":[redacted]'],
    ['postgres://ekyc:p@ss@db:5432/x', 'postgres://[redacted]@db:5432/x'],
    ['client-key-data: LS0tLS1CRUdJTi', 'client-key-data: [redacted]'],
    ['secretKey: abc', 'secretKey: [redacted]'],
    [
      'uses github_pat_11ABCDEFG0123456789_abcdefghijkl',
      'uses [redacted GitHub token]',
    ],
    [
      `Authorization: token ${'a1'.repeat(20)}`,
      'Authorization: token [redacted]',
    ],
    ['"dbPassword": "abc def"', '"dbPassword": [redacted]'],
    [
      'postgres://ekyc:pa55@db.internal:5432/x',
      'postgres://[redacted]@db.internal:5432/x',
    ],
    [
      'Authorization: Bearer eyJhbGciOiJI.abc',
      'Authorization: Bearer [redacted]',
    ],
    ['key AKIAABCDEFGHIJKLMNOP used', 'key [redacted AWS key id] used'],
    [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
      '[redacted key]',
    ],
  ])('removes the secret in %j', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('keeps a provider error to its first words, without stack frames or machine paths', () => {
    const error = [
      'error: creating EC2 VPC: UnauthorizedOperation token=abc123',
      '    at Object.run (/srv/portal/node_modules/@pulumi/aws/index.js:1:2)',
      'while reading /home/runner/.pulumi/plugins/resource-aws/config.json',
    ].join('\n');
    const text = publicError(error);
    expect(text).toBe(
      'error: creating EC2 VPC: UnauthorizedOperation token=[redacted] while reading [path]',
    );
    expect(publicError('x'.repeat(1000))).toHaveLength(300);
  });

  it('escapes what Markdown would turn into mentions, links or HTML', () => {
    expect(escapeMarkdown('@team [a](http://b) <img> *x*')).toBe(
      '\\@team \\[a\\](http://b) \\<img\\> \\*x\\*',
    );
  });

  it('fences content with a fence the content cannot close', () => {
    expect(codeBlock('a ```` b')).toBe('`````\na ```` b\n`````');
  });
});
