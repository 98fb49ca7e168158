import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { screen, waitFor } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { Entity } from '@backstage/catalog-model';
import App from './App';

// The entities of this repo's catalog, as the backend would serve them.
function repoEntities(...files: string[]): Entity[] {
  return files.flatMap(file =>
    parseAllDocuments(
      fs.readFileSync(
        path.resolve(__dirname, '../../../catalog', file),
        'utf8',
      ),
    ).map(doc => doc.toJS() as Entity),
  );
}

describe('App', () => {
  it('builds an app tree with the eKYC sign-in page and navigation', () => {
    expect(App.createRoot()).toBeTruthy();
  });

  // Rendering the whole catalog page takes several seconds on a loaded 2-core machine.
  it('renders the catalog page listing the eKYC services', async () => {
    const entities = repoEntities('system.yaml', 'components.yaml');
    renderTestApp({
      features: [catalogPlugin],
      apis: [catalogApiMock({ entities })],
      config: {
        backend: { baseUrl: 'http://localhost:7007' },
        app: {
          extensions: [
            {
              'catalog-filter:catalog/list': {
                config: { initialFilter: 'all' },
              },
            },
          ],
        },
      },
      initialRouteEntries: ['/catalog'],
    });

    // The table shows each entity's title; it re-renders while filters settle.
    const titles = [
      'Image preprocess',
      'NID gateway API',
      'Face match',
      'Liveness check',
      'Audit log',
    ];
    await waitFor(
      () => {
        for (const title of titles) {
          expect(screen.getByText(title)).toBeInTheDocument();
        }
      },
      { timeout: 15_000 },
    );
  }, 60_000);
});
