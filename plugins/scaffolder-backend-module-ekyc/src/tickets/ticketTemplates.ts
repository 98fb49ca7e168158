import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ticketTemplateNames } from './issueFormFiles';
import { parseTicketTemplate, TicketTemplate } from './templateFields';

/** The templates tickets may request, read from the catalog as the scaffolder runs them. */
export function ticketTemplatesFromCatalog(
  catalog: CatalogService,
  auth: AuthService,
) {
  return async (name: string): Promise<TicketTemplate | undefined> => {
    if (!ticketTemplateNames.includes(name)) return undefined;
    const entity = await catalog.getEntityByRef(`template:default/${name}`, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    return entity ? parseTicketTemplate(entity) : undefined;
  };
}
