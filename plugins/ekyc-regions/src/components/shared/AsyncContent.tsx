import { ReactNode } from 'react';
import { Button } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/** A read of the backend as react-use's async hooks report it. */
export interface AsyncRead<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  retry(): void;
}

/**
 * Progress until the first answer, the backend's error with a retry, or the answer. A
 * refresh keeps the previous answer on screen rather than blanking the page.
 */
export function AsyncContent<T>({
  read,
  children,
}: {
  read: AsyncRead<T>;
  children: (value: T) => ReactNode;
}) {
  if (read.error) {
    // A ResponseError's message is only its status; the backend's reason is its cause.
    const reason =
      read.error instanceof ResponseError
        ? read.error.cause.message
        : read.error.message;
    return (
      <>
        <ResponseErrorPanel error={read.error} title={reason} />
        <Button variant="outlined" onClick={read.retry}>
          Retry
        </Button>
      </>
    );
  }
  if (read.value === undefined) return <Progress />;
  return <>{children(read.value)}</>;
}
