import { ReactNode } from 'react';
import {
  Box,
  Card,
  CardContent,
  CardHeader,
  Typography,
} from '@material-ui/core';
import { RegionView } from '@internal/plugin-ekyc-regions-common';
import { Figure } from '../shared/Figure';
import { countryLabel } from '../shared/format';
import { VerdictChip } from '../shared/VerdictChip';
import { ViolationList } from '../shared/ViolationList';
import { EnvironmentList } from './EnvironmentList';
import { GpuCapacity } from './GpuCapacity';
import { GpuUtilisation } from './GpuUtilisation';
import { LatencySummary } from './LatencySummary';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box mb={2}>
      <Typography variant="overline" component="h3">
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** Where the site is and which clusters hold its nodes, on one line. */
function placeOf(region: RegionView): string {
  const kind =
    region.kind === 'sovereign-site'
      ? 'Sovereign site'
      : `Cloud region ${region.region ?? region.id}`;
  const country = region.country ? countryLabel(region.country) : undefined;
  const clusters = region.clusters.length
    ? `clusters: ${region.clusters.join(', ')}`
    : 'no cluster';
  return [kind, country, clusters].filter(Boolean).join(' · ');
}

/** One cloud region or sovereign site: GPU pool, latency, residency and environments. */
export function RegionCard({ region }: { region: RegionView }) {
  return (
    <Card>
      <CardHeader
        title={region.id}
        titleTypographyProps={{ component: 'h2', variant: 'h5' }}
        subheader={placeOf(region)}
        action={
          <Box display="flex" alignItems="center" mt={1} mr={1}>
            <Typography variant="caption" color="textSecondary">
              Residency&nbsp;
            </Typography>
            <VerdictChip verdict={region.residency.verdict} />
          </Box>
        }
      />
      <CardContent>
        <Section title="GPU capacity">
          <Figure label="GPU capacity" figures={region.gpu}>
            {gpu => <GpuCapacity gpu={gpu} />}
          </Figure>
        </Section>
        <Section title="GPU utilisation">
          <Figure label="GPU utilisation" figures={region.utilisation}>
            {utilisation => <GpuUtilisation utilisation={utilisation} />}
          </Figure>
        </Section>
        <Section title="Image-processing latency">
          <Figure label="Latency" figures={region.latency}>
            {latency => <LatencySummary latency={latency} />}
          </Figure>
        </Section>
        {region.residency.violations.length + region.residency.findings.length >
          0 && (
          <Section title="Residency violations">
            <ViolationList
              violations={[
                ...region.residency.violations,
                ...region.residency.findings,
              ]}
            />
          </Section>
        )}
        <Section title="Environments">
          <EnvironmentList environments={region.environments} />
        </Section>
      </CardContent>
    </Card>
  );
}
