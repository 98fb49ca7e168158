import { LoggerService } from '@backstage/backend-plugin-api';
import { ProgressEvent, progressLine } from '@internal/infra-automation/runner';
import { redactSecrets } from '../publicText';

/**
 * Writes the runner's progress to the task log: one line per resource, heartbeats;
 * a provider's diagnostic can quote a credential, so every line is redacted.
 */
export function progressLog(logger: LoggerService) {
  return (event: ProgressEvent) => {
    const raw = progressLine(event);
    if (!raw) return;
    const line = redactSecrets(raw);
    if (event.type === 'diagnostic' && event.severity === 'error') {
      logger.error(line);
    } else if (event.type === 'diagnostic') {
      logger.warn(line);
    } else {
      logger.info(line);
    }
  };
}
