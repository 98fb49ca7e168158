import {
  endpointRecordName,
  environmentOfEndpointRecord,
} from './routingNames';

describe('routing names', () => {
  it("reads an environment's endpoint record back to the environment, and nothing else", () => {
    const name = endpointRecordName('bd-dhaka-1', 'api.ekyc.example.com');
    expect(name).toBe('bd-dhaka-1.endpoints.api.ekyc.example.com');
    expect(environmentOfEndpointRecord(name)).toBe('bd-dhaka-1');
    expect(environmentOfEndpointRecord('bd.api.ekyc.example.com')).toBe(
      undefined,
    );
    expect(environmentOfEndpointRecord('endpoints.api.example.com')).toBe(
      undefined,
    );
  });
});
