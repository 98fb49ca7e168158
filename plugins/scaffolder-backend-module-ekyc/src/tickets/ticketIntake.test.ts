// The intake's wiring refuses a configuration that opens an unsigned ingress to the
// ticket topics, before it touches the database or subscribes to anything.
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTicketIntake } from './ticketIntake';

function intakeWith(topics: string[]) {
  const events = mockServices.events.mock();
  const database = mockServices.database.mock();
  return {
    events,
    database,
    start: () =>
      createTicketIntake({
        config: new ConfigReader({
          app: { baseUrl: 'http://portal' },
          events: {
            http: { topics },
            modules: { github: { webhookSecret: 'w' } },
          },
          ekyc: { tickets: { json: { secret: 'j' } } },
        }),
        catalog: catalogServiceMock(),
        auth: mockServices.auth(),
        auditor: mockServices.auditor.mock(),
        database,
        discovery: mockServices.discovery(),
        events,
        logger: mockServices.logger.mock(),
        scheduler: mockServices.scheduler.mock(),
        grantApproval: async () => undefined,
      }),
  };
}

describe('the ticket intake', () => {
  it.each([['github'], ['github.issues'], ['github.push'], ['ekyc-tickets']])(
    'refuses events.http.topics naming %s, and subscribes to nothing',
    async topic => {
      const intake = intakeWith(['catalog', topic]);
      await expect(intake.start()).rejects.toThrow(
        `events.http.topics: ${topic} would accept ticket deliveries nobody signed; remove it`,
      );
      expect(intake.events.subscribe).not.toHaveBeenCalled();
      expect(intake.database.getClient).not.toHaveBeenCalled();
    },
  );
});
