// The topology's routing stack names each environment's record after the environment;
// the policy pack reads the name back to know which environment a chain of records
// ends at.

const endpointsLabel = 'endpoints';

/** The record an environment answers at, under the API's global name. */
export function endpointRecordName(
  environmentId: string,
  apiHostname: string,
): string {
  return `${environmentId}.${endpointsLabel}.${apiHostname}`;
}

/** The environment an endpoint record answers for; undefined for any other name. */
export function environmentOfEndpointRecord(
  recordName: string,
): string | undefined {
  const [environmentId, label] = recordName.split('.');
  return label === endpointsLabel && environmentId ? environmentId : undefined;
}
