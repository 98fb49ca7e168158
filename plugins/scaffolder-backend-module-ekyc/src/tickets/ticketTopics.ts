/**
 * The events topics the ticket handler subscribes to: GitHub's issues events (the
 * GitHub events module publishes each webhook delivery to `github.<event>`), and the
 * JSON intake's, which other modules may subscribe to as well.
 */
export const githubIssuesTopic = 'github.issues';
export const jsonTicketTopic = 'ekyc-tickets';
