import { ReactNode } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { SourceError } from '@internal/plugin-ekyc-regions-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EkycRegionsApi, ekycRegionsApiRef } from '../../api';
import { AsyncContent } from './AsyncContent';
import { ResponseHeader } from './ResponseHeader';

/** One of the backend's answers, with when it was read, its failed sources and a refresh. */
export function BackendAnswer<
  T extends { generatedAt: string; errors: SourceError[] },
>({
  read,
  children,
}: {
  read: (api: EkycRegionsApi) => Promise<T>;
  children: (answer: T) => ReactNode;
}) {
  const api = useApi(ekycRegionsApiRef);
  const answer = useAsyncRetry(() => read(api), [api]);
  return (
    <AsyncContent read={answer}>
      {value => (
        <>
          <ResponseHeader
            generatedAt={value.generatedAt}
            errors={value.errors}
            refreshing={answer.loading}
            onRefresh={answer.retry}
          />
          {children(value)}
        </>
      )}
    </AsyncContent>
  );
}
