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
      /**
       * GitHub's issues webhook arrives through the events backend at
       * <backend>/api/events/http/github, signed with
       * `events.modules.github.webhookSecret`; without that secret the bridge is off.
       */
      github?: {
        /**
         * The token the bridge comments and labels issues with, apart from the GitHub
         * integration's token, which publishes repositories. Unset, the integration's
         * credentials are used.
         * @visibility secret
         */
        commentToken?: string;
      };
      /**
       * The JSON intake for other ticket systems: deliveries to
       * <backend>/api/events/http/ekyc-tickets, outcomes at
       * <backend>/api/scaffolder/ekyc-tickets/json/deliveries/<delivery id>.
       */
      json?: {
        /**
         * Shared with the sending system, which signs "<timestamp>.<delivery id>.<body>"
         * (and "<timestamp>.<delivery id>." to read an outcome) with HMAC-SHA256;
         * without it the intake is off.
         * @visibility secret
         */
        secret?: string;
      };
    };
  };
}
