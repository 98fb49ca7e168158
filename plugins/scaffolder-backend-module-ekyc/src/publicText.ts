/**
 * Text that leaves the portal (a GitHub comment, a task log line) carries no secrets
 * and no provider internals, and echoed values cannot turn into Markdown: a mention,
 * a link, a closed code fence.
 */

const redactions: Array<[RegExp, string]> = [
  [
    /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g,
    '[redacted key]',
  ],
  // user:password@ in a URL
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/]*@/gi, '$1[redacted]@'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [
    /\b((?:[a-z0-9_-]*)(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|secret[_-]?key|client[_-]?key(?:[_-]?data)?|credentials?))(["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\n,;}]+)/gi,
    '$1$2[redacted]',
  ],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted AWS key id]'],
  [/\bgh[opsur]_[A-Za-z0-9]{20,}\b/g, '[redacted GitHub token]'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/g, '[redacted GitHub token]'],
  [/\b(token)\s+[0-9a-f]{40}\b/gi, '$1 [redacted]'],
  [
    /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/g,
    '[redacted token]',
  ],
];

/** Secrets removed: keys, credentials in URLs, bearer tokens, `password=...` and the like. */
export function redactSecrets(text: string): string {
  return redactions.reduce(
    (current, [pattern, replacement]) => current.replace(pattern, replacement),
    text,
  );
}

/**
 * A provider's error as the public may read it: secrets removed, no stack frames or
 * machine paths, one paragraph at most `maxLength` long.
 */
export function publicError(text: string, maxLength = 300): string {
  const firstParagraph = redactSecrets(text)
    .split('\n')
    .filter(line => !/^\s+at\s/.test(line))
    .join(' ')
    .replace(/(?:\/[\w.@-]+){2,}/g, '[path]')
    .replace(/\s+/g, ' ')
    .trim();
  return firstParagraph.length > maxLength
    ? `${firstParagraph.slice(0, maxLength - 1)}…`
    : firstParagraph;
}

/** Echoed text as literal Markdown: no emphasis, links, mentions, HTML or references. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~@&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** A fenced block that the content cannot close: the fence is longer than any run inside. */
export function codeBlock(content: string, language = ''): string {
  const longestRun = Math.max(
    0,
    ...Array.from(content.matchAll(/`+/g), match => match[0].length),
  );
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${redactSecrets(content)}\n${fence}`;
}
