import { packageFile } from '../packageFiles';

/** The ekyc-guardrails pack as an analyzer executable, for `--policy-pack`. */
export const ekycPolicyPackPath = packageFile('policy-pack', 'analyzer');
