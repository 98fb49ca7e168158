import { LoggerService } from '@backstage/backend-plugin-api';
import { ProgressEvent, progressLine } from '@internal/infra-automation/runner';

/** Writes the runner's progress to the task log: one line per resource, heartbeats. */
export function progressLog(logger: LoggerService) {
  return (event: ProgressEvent) => {
    const line = progressLine(event);
    if (!line) return;
    if (event.type === 'diagnostic' && event.severity === 'error') {
      logger.error(line);
    } else if (event.type === 'diagnostic') {
      logger.warn(line);
    } else {
      logger.info(line);
    }
  };
}
