// The BD site requested as a ticket: the accounts of its requester and its approver
// (catalog/org.yaml records their node ids), and the form's answers as the JSON intake
// takes them and as GitHub renders the filed issue form.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { bdSiteForm } from './bdSiteForm.mts';
import { repoRoot } from './portalBackend.mts';
import { type GitHubAccount, textAnswers } from './ticketDeliveries.mts';

/** A country operator of BD, who files requests. */
export const tanvir: GitHubAccount = {
  login: 'tanvir-h',
  node_id: 'U_ekyc_tanvir_hossain',
};

/** A platform-team member, who approves them. */
export const amira: GitHubAccount = {
  login: 'amira-rahman',
  node_id: 'U_ekyc_amira_rahman',
};

/** The BD site's form values as text answers, by parameter. */
export const bdSiteAnswers = textAnswers(bdSiteForm);

/** The same answers as GitHub renders a filed issue form: a `### <label>` section each. */
export const bdSiteIssueBody = parse(
  fs.readFileSync(
    path.join(repoRoot, '.github/ISSUE_TEMPLATE/sovereign-site.yml'),
    'utf8',
  ),
)
  .body.filter((element: { id?: string }) => element.id)
  .map(
    (element: { id: string; attributes: { label: string } }) =>
      `### ${element.attributes.label}\n\n${
        bdSiteAnswers[element.id] || '_No response_'
      }`,
  )
  .join('\n\n');
