/** The backend URL's password as written in it and decoded, if it has one. */
function passwordForms(backendUrl: string): string[] {
  try {
    const { password } = new URL(backendUrl);
    return password
      ? [...new Set([password, decodeURIComponent(password)])]
      : [];
  } catch {
    return [];
  }
}

/**
 * Text without the backend URL's password (a PostgreSQL backend's), which Pulumi's own
 * messages quote along with the URL.
 */
export function withoutBackendPassword(text: string, backendUrl: string) {
  return passwordForms(backendUrl).reduce(
    (redacted, form) => redacted.split(form).join('***'),
    text,
  );
}
