export interface Config {
  ekyc?: {
    /** Environment requests filed as tickets. */
    tickets?: {
      github?: {
        /**
         * The secret of the repository's issues webhook, which points at
         * <backend>/api/scaffolder/ekyc-tickets/github; without it the endpoint is off.
         * @visibility secret
         */
        webhookSecret?: string;
        /**
         * The token the bridge comments and labels issues with, apart from the GitHub
         * integration's token, which publishes repositories. Unset, the integration's
         * credentials are used.
         * @visibility secret
         */
        commentToken?: string;
      };
      /** The JSON intake for other ticket systems, <backend>/api/scaffolder/ekyc-tickets/json. */
      json?: {
        /**
         * Shared with the sending system, which signs "<timestamp>.<delivery id>.<body>"
         * with HMAC-SHA256; without it the endpoint is off.
         * @visibility secret
         */
        secret?: string;
      };
    };
  };
}
