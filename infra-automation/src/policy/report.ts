/**
 * Receives one violation. Pulumi shows it after the policy's name and the resource's
 * type and name, so the message starts with what is wrong, then says how to fix it.
 */
export type Report = (message: string, urn?: string) => void;
