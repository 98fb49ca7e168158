import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { createTableOnce } from '../createTableOnce';
import { DeliveryOutcome } from './deliveryOutcome';

const deliveries = 'ekyc_ticket_deliveries';
const runs = 'ekyc_ticket_runs';
const previews = 'ekyc_ticket_previews';
const outcomes = 'ekyc_ticket_delivery_outcomes';
const reports = 'ekyc_ticket_reports';

/** A run's result owed to the issue that started it, and where to post it. */
export interface OwedReport {
  taskId: string;
  ticket: string;
  repositoryUrl: string;
  owner: string;
  repo: string;
  issueNumber: number;
}

/**
 * What the bridge has already handled, in the portal's database so that every replica
 * sees it: a delivery is handled once, whatever GitHub redelivers.
 */
export class TicketStore {
  private constructor(private readonly db: Knex) {}

  static async create(db: Knex): Promise<TicketStore> {
    await createTableOnce(db, deliveries, table => {
      table.string('delivery_id').primary();
      table.string('ticket').notNullable();
      table.timestamp('received_at').notNullable().defaultTo(db.fn.now());
    });
    await createTableOnce(db, runs, table => {
      table.string('ticket').primary();
      table.string('task_id');
      table.timestamp('started_at').notNullable().defaultTo(db.fn.now());
    });
    await createTableOnce(db, previews, table => {
      table.string('ticket').primary();
      // The form the issue holds now, and the one its latest preview showed.
      table.string('filed_hash').notNullable();
      table.string('form_hash');
      table.timestamp('previewed_at');
    });
    await createTableOnce(db, outcomes, table => {
      table.string('delivery_id').primary();
      table.integer('status').notNullable();
      table.text('body').notNullable();
      table.timestamp('handled_at').notNullable().defaultTo(db.fn.now());
    });
    await createTableOnce(db, reports, table => {
      table.string('task_id').primary();
      table.string('ticket').notNullable();
      table.string('repository_url').notNullable();
      table.string('owner').notNullable();
      table.string('repo').notNullable();
      table.integer('issue_number').notNullable();
      // A reporter's claim, until when (epoch milliseconds: it lapses if that
      // reporter dies) and its token (a lapsed claim's late reporter changes nothing).
      table.bigInteger('claimed_until');
      table.string('claim_token');
      table.integer('attempts').notNullable().defaultTo(0);
      table.timestamp('reported_at');
    });
    return new TicketStore(db);
  }

  /** What handling a delivery came to, for its sender to read back (the last attempt's). */
  async recordOutcome(
    deliveryId: string,
    outcome: DeliveryOutcome,
  ): Promise<void> {
    await this.db(outcomes)
      .insert({
        delivery_id: deliveryId,
        status: outcome.status,
        body: JSON.stringify(outcome.body),
        handled_at: this.db.fn.now(),
      })
      .onConflict('delivery_id')
      .merge();
  }

  async outcomeOf(deliveryId: string): Promise<DeliveryOutcome | undefined> {
    const row = await this.db(outcomes)
      .where({ delivery_id: deliveryId })
      .first();
    return row && { status: row.status, body: JSON.parse(row.body) };
  }

  /**
   * The form the issue holds now (filed, edited, or as a label event carries it): no
   * earlier preview may be approved any more.
   */
  async fileForm(ticket: string, formHash: string): Promise<void> {
    await this.db(previews)
      .insert({ ticket, filed_hash: formHash, form_hash: null })
      .onConflict('ticket')
      .merge();
  }

  /**
   * Records a finished preview as the form an approval may apply, unless the issue was
   * edited while it ran (then false: that preview shows a form the issue no longer holds).
   */
  async recordPreview(ticket: string, formHash: string): Promise<boolean> {
    const updated = await this.db(previews)
      .where({ ticket, filed_hash: formHash })
      .update({ form_hash: formHash, previewed_at: this.db.fn.now() });
    return updated > 0;
  }

  async previewedForm(ticket: string): Promise<string | undefined> {
    const row = await this.db(previews).where({ ticket }).first();
    return row?.form_hash ?? undefined;
  }

  /** A preview nobody could read is no approval's basis. */
  async forgetPreview(ticket: string, formHash: string): Promise<void> {
    await this.db(previews)
      .where({ ticket, form_hash: formHash })
      .update({ form_hash: null });
  }

  /** Forgets a delivery whose handling failed, so that its redelivery is handled. */
  async forgetDelivery(deliveryId: string): Promise<void> {
    await this.db(deliveries).where({ delivery_id: deliveryId }).delete();
  }

  /** True the first time a delivery id is seen; false for a redelivery. */
  async firstDelivery(deliveryId: string, ticket: string): Promise<boolean> {
    try {
      await this.db(deliveries).insert({ delivery_id: deliveryId, ticket });
      return true;
    } catch (error) {
      // The primary key refuses a second row, on every database and across replicas.
      const existing = await this.db(deliveries)
        .where({ delivery_id: deliveryId })
        .first();
      if (existing) return false;
      throw error;
    }
  }

  /**
   * Claims the one run a ticket may start: true for the first claim, false when a run
   * was claimed already (by this replica or another), so a second approval starts nothing.
   */
  async claimRun(ticket: string): Promise<boolean> {
    try {
      await this.db(runs).insert({ ticket });
      return true;
    } catch (error) {
      if (await this.db(runs).where({ ticket }).first()) return false;
      throw error;
    }
  }

  /** The task a ticket's claimed run started, if it got so far. */
  async taskOf(ticket: string): Promise<string | undefined> {
    const row = await this.db(runs).where({ ticket }).first();
    return row?.task_id ?? undefined;
  }

  async recordTask(ticket: string, taskId: string): Promise<void> {
    await this.db(runs).where({ ticket }).update({ task_id: taskId });
  }

  /** Gives a claim back when its task could not start or did not succeed, so that a new label may retry. */
  async releaseRun(ticket: string): Promise<void> {
    await this.db(runs).where({ ticket }).delete();
  }

  /**
   * Gives back the claim of one ended task only: a replica that found it ended too
   * late must not remove the claim another replica has made since.
   */
  async releaseRunOfTask(ticket: string, taskId: string): Promise<void> {
    await this.db(runs).where({ ticket, task_id: taskId }).delete();
  }

  /** Records that the issue is owed the result of the task its approval started. */
  async oweReport(report: OwedReport): Promise<void> {
    await this.db(reports).insert({
      task_id: report.taskId,
      ticket: report.ticket,
      repository_url: report.repositoryUrl,
      owner: report.owner,
      repo: report.repo,
      issue_number: report.issueNumber,
    });
  }

  async owedReports(): Promise<OwedReport[]> {
    const rows = await this.db(reports).whereNull('reported_at');
    return rows.map(row => ({
      taskId: row.task_id,
      ticket: row.ticket,
      repositoryUrl: row.repository_url,
      owner: row.owner,
      repo: row.repo,
      issueNumber: Number(row.issue_number),
    }));
  }

  /**
   * Claims the posting of a report for `leaseMs`, across replicas: undefined when it was
   * posted or another reporter holds it; otherwise the claim's token and how many
   * claims came before this one (a reporter that died while posting may have posted
   * part of it).
   */
  async claimReport(
    taskId: string,
    leaseMs: number,
  ): Promise<{ token: string; earlierAttempts: number } | undefined> {
    const now = Date.now();
    const token = randomUUID();
    const claimed = await this.db(reports)
      .where({ task_id: taskId })
      .whereNull('reported_at')
      .andWhere(free =>
        free.whereNull('claimed_until').orWhere('claimed_until', '<', now),
      )
      .update({
        claimed_until: now + leaseMs,
        claim_token: token,
        attempts: this.db.raw('attempts + 1'),
      });
    if (!claimed) return undefined;
    const row = await this.db(reports).where({ task_id: taskId }).first();
    return { token, earlierAttempts: Number(row.attempts) - 1 };
  }

  /** Whether a claim still stands: not lapsed, not taken by another reporter. */
  async holdsReport(taskId: string, token: string): Promise<boolean> {
    const row = await this.db(reports)
      .where({ task_id: taskId, claim_token: token })
      .whereNull('reported_at')
      .andWhere('claimed_until', '>', Date.now())
      .first();
    return Boolean(row);
  }

  async reportPosted(taskId: string, token: string): Promise<void> {
    await this.db(reports)
      .where({ task_id: taskId, claim_token: token })
      .update({ reported_at: this.db.fn.now(), claimed_until: null });
  }

  /** Gives a claim back after a failed attempt, for the next round to try again. */
  async releaseReport(taskId: string, token: string): Promise<void> {
    await this.db(reports)
      .where({ task_id: taskId, claim_token: token })
      .update({ claimed_until: null });
  }
}
