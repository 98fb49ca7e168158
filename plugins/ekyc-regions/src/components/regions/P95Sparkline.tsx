import { useTheme } from '@material-ui/core';

const width = 240;
const height = 48;

type Point = [number, number];

/** The series as polylines, broken where there was no traffic, scaled to the box. */
function sparklineSegments(
  series: Array<[number, number | null]>,
  ceiling: number,
): Point[][] {
  const start = series[0][0];
  const span = series[series.length - 1][0] - start || 1;
  const segments: Point[][] = [[]];
  for (const [time, seconds] of series) {
    if (seconds === null) {
      if (segments[segments.length - 1].length) segments.push([]);
      continue;
    }
    segments[segments.length - 1].push([
      ((time - start) / span) * width,
      height - (seconds / ceiling) * height,
    ]);
  }
  return segments.filter(segment => segment.length);
}

/** p95 over the last hour, with the objective as a dashed line. */
export function P95Sparkline({
  series,
  sloSeconds,
}: {
  series: Array<[number, number | null]>;
  sloSeconds: number;
}) {
  const theme = useTheme();
  const values = series.flatMap(([, seconds]) =>
    seconds === null ? [] : [seconds],
  );
  if (values.length < 2) return null;
  // Headroom above the higher of the objective and the worst point keeps both in view.
  const ceiling = Math.max(sloSeconds, ...values) * 1.1;
  const sloY = height - (sloSeconds / ceiling) * height;
  const worst = Math.max(...values);
  return (
    <svg
      role="img"
      aria-label={`p95 over the last hour, highest ${worst.toFixed(
        2,
      )} s against an objective of ${sloSeconds.toFixed(2)} s`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <line
        x1={0}
        x2={width}
        y1={sloY}
        y2={sloY}
        stroke={theme.palette.error.main}
        strokeDasharray="4 3"
        strokeWidth={1}
      />
      {sparklineSegments(series, ceiling).map(segment => (
        <polyline
          key={segment[0].join(',')}
          points={segment.map(point => point.join(',')).join(' ')}
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
        />
      ))}
    </svg>
  );
}
