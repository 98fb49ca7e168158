export interface Config {
  ekyc?: {
    /**
     * Plans a second platform member approves in the approvals view before they apply.
     * Every destroy and every sovereign site needs one; these settings add more.
     */
    approvals?: {
      /** Environment ids whose applies need approval too; `*` for every environment. */
      environments?: string[];
      /** A plan not approved within this many hours expires, and its task fails. Default 24. */
      expireAfterHours?: number;
    };
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
