import { Typography } from '@material-ui/core';
import { describeLocation } from '@internal/ekyc-domain';
import { DataLocationEvidence } from '@internal/plugin-ekyc-regions-common';

const sourceLabels: Record<DataLocationEvidence['source'], string> = {
  'stack-outputs': 'declared by the stack of',
  cluster: 'running as',
};

/** Where a country's data was found, and who said so. */
export function EvidenceList({
  evidence,
}: {
  evidence: DataLocationEvidence[];
}) {
  if (!evidence.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No store holds its data.
      </Typography>
    );
  }
  return (
    <ul>
      {evidence.map(item => (
        <li key={`${item.source}:${item.subject}:${item.store}`}>
          <Typography variant="body2">
            {`${item.store} at ${describeLocation(item.location)}`}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {`${sourceLabels[item.source]} ${item.subject}`}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
