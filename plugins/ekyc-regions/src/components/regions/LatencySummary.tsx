import { Box, Typography } from '@material-ui/core';
import { LatencyFigures } from '@internal/plugin-ekyc-regions-common';
import { formatSeconds } from '../shared/format';
import { P95Sparkline } from './P95Sparkline';

function SloJudgement({ latency }: { latency: LatencyFigures }) {
  const objective = formatSeconds(latency.sloP95Seconds);
  if (latency.withinSlo === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        No traffic in the window: nothing to judge against the p95 objective of{' '}
        {objective}.
      </Typography>
    );
  }
  return latency.withinSlo ? (
    <Typography variant="body2">{`Within SLO: p95 ≤ ${objective}`}</Typography>
  ) : (
    <Typography variant="body2" color="error">
      {`Over SLO: p95 > ${objective}`}
    </Typography>
  );
}

/** Image-processing quantiles, the p95 against its objective, and the last hour's p95. */
export function LatencySummary({ latency }: { latency: LatencyFigures }) {
  const { p50, p95, p99 } = latency.overall;
  return (
    <Box>
      <Box display="flex" style={{ gap: 16 }}>
        <Typography variant="body2">{`p50 ${formatSeconds(p50)}`}</Typography>
        <Typography variant="body2">
          <strong>{`p95 ${formatSeconds(p95)}`}</strong>
        </Typography>
        <Typography variant="body2">{`p99 ${formatSeconds(p99)}`}</Typography>
      </Box>
      <SloJudgement latency={latency} />
      <P95Sparkline
        series={latency.p95Series}
        sloSeconds={latency.sloP95Seconds}
      />
    </Box>
  );
}
