import { HttpStatus, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { notFoundProblem, ProblemException, validationProblem } from '@motcua/observability';
import { lineHeads } from '../delivery/delivery-queries';
import { WebhookJobs } from '../delivery/webhook-jobs';
import { WebhookDeliveryStatus, WebhookEndpointEntity } from '../entities';
import { SecretBox } from '../signing/secret-box';
import { newWebhookSecret } from '../signing/webhook-signing';
import { checkWebhookUrl } from '../url-policy/webhook-url';
import { AttemptRow, attemptView, DeliveryRow, deliveryView, endpointView, EndpointView } from './webhook-views';

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  description?: string;
}

export interface EndpointChanges {
  url?: string;
  eventTypes?: string[];
  description?: string;
  enabled?: boolean;
}

const DELIVERY_COLUMNS = `
  d.id, d.endpoint_id, d.event_id, d.event_type, d.dossier_id, o.payload->'data'->>'dossierCode' AS dossier_code, d.sequence,
  d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.delivered_at,
  la.started_at AS last_attempt_at, la.duration_ms AS last_duration_ms
  FROM webhook_deliveries d
  JOIN outbox o ON o.event_id = d.event_id
  LEFT JOIN LATERAL (SELECT a.started_at, a.duration_ms FROM webhook_attempts a WHERE a.delivery_id = d.id ORDER BY a.id DESC LIMIT 1) la ON true`;

const endpointDisabled = () =>
  new ProblemException(HttpStatus.CONFLICT, 'webhook_endpoint_disabled', 'Endpoint disabled', 'Enable the endpoint first (PATCH enabled: true); its waiting deliveries then go out.');

/** Endpoint management for admins: subscriptions, secrets (stored sealed, see SecretBox), the delivery log and replays. */
@Injectable()
export class WebhookEndpointsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookEndpointsService.name);
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: WebhookJobs,
  ) {
    this.secrets = new SecretBox(config.webhooks.secretsKey);
  }

  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.sealStoredSecrets();
    if (sealed) this.logger.log({ endpoints: sealed }, 'webhook secrets stored in clear are now encrypted');
  }

  /** Seals the secrets stored before they were encrypted; returns how many endpoints had one. */
  async sealStoredSecrets(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const clear = await manager
        .getRepository(WebhookEndpointEntity)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .where("e.secret NOT LIKE 'v1.%' OR e.previousSecret NOT LIKE 'v1.%'")
        .getMany();
      for (const endpoint of clear) {
        const seal = (secret: string) => (SecretBox.isSealed(secret) ? secret : this.secrets.seal(secret));
        await manager.update(WebhookEndpointEntity, endpoint.id, {
          secret: seal(endpoint.secret),
          previousSecret: endpoint.previousSecret === null ? null : seal(endpoint.previousSecret),
        });
      }
      return clear.length;
    });
  }

  /** Creates an endpoint; its secret is in this answer and nowhere else later. */
  async create(input: EndpointInput, createdBy: string): Promise<EndpointView & { secret: string }> {
    await this.assertUrlAllowed(input.url);
    const secret = newWebhookSecret();
    const endpoint = await this.dataSource.getRepository(WebhookEndpointEntity).save({
      url: input.url,
      eventTypes: [...new Set(input.eventTypes)],
      description: input.description ?? '',
      secret: this.secrets.seal(secret),
      createdBy,
    });
    return { ...endpointView(endpoint), secret };
  }

  async list(): Promise<EndpointView[]> {
    const endpoints = await this.dataSource.getRepository(WebhookEndpointEntity).find({ order: { createdAt: 'ASC' } });
    return endpoints.map(endpointView);
  }

  async get(id: string): Promise<EndpointView> {
    return endpointView(await this.load(this.dataSource.manager, id));
  }

  /** Changes the URL (checked again), the subscriptions, the description, or enables/disables it. */
  async update(id: string, changes: EndpointChanges): Promise<EndpointView> {
    if (changes.url !== undefined) await this.assertUrlAllowed(changes.url);
    let reenabled = false;
    const endpoint = await this.dataSource.transaction(async (manager) => {
      const endpoint = await this.load(manager, id, true);
      if (changes.url !== undefined) endpoint.url = changes.url;
      if (changes.eventTypes !== undefined) endpoint.eventTypes = [...new Set(changes.eventTypes)];
      if (changes.description !== undefined) endpoint.description = changes.description;
      if (changes.enabled === true && !endpoint.enabled) {
        Object.assign(endpoint, { enabled: true, disabledAt: null, disabledReason: null, adminNotifiedAt: null, consecutiveFailures: 0, failingSince: null });
        reenabled = true;
      } else if (changes.enabled === false && endpoint.enabled) {
        // An admin's own decision: nobody needs to be told, so the notice counts as given.
        Object.assign(endpoint, { enabled: false, disabledAt: new Date(), disabledReason: 'Disabled by an administrator.', adminNotifiedAt: new Date() });
      }
      return manager.save(WebhookEndpointEntity, endpoint);
    });
    // Deliveries waited while it was disabled; their lines go out again, oldest first.
    if (reenabled) await this.jobs.deliver(await lineHeads(this.dataSource.manager, { endpointId: id }));
    return endpointView(endpoint);
  }

  /** Deletes the endpoint with its deliveries and their log. */
  async remove(id: string): Promise<void> {
    const [, affected] = await this.dataSource.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
    if (!affected) throw notFoundProblem('webhook_endpoint', 'No webhook endpoint has this id.');
  }

  /**
   * Issues a new secret. The old one keeps signing (a second signature in `webhook-signature`) for
   * overlapHours, so the portal can switch without losing a message; 0 drops it at once. Only one
   * previous secret is kept: rotating again during an overlap ends the older one.
   */
  async rotateSecret(id: string, overlapHours: number): Promise<{ id: string; secret: string; previousSecretExpiresAt: string | null }> {
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.load(manager, id, true);
      const expiresAt = overlapHours > 0 ? new Date(Date.now() + overlapHours * 3_600_000) : null;
      endpoint.previousSecret = expiresAt ? endpoint.secret : null;
      endpoint.previousSecretExpiresAt = expiresAt;
      const secret = newWebhookSecret();
      endpoint.secret = this.secrets.seal(secret);
      await manager.save(WebhookEndpointEntity, endpoint);
      return { id, secret, previousSecretExpiresAt: expiresAt?.toISOString() ?? null };
    });
  }

  /** The endpoint's deliveries, newest first, each with its last attempt. */
  async deliveries(endpointId: string, query: { status?: WebhookDeliveryStatus; page: number; pageSize: number }) {
    await this.load(this.dataSource.manager, endpointId);
    const filter = 'd.endpoint_id = $1 AND ($2::varchar IS NULL OR d.status = $2)';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM webhook_deliveries d WHERE ${filter}`, [endpointId, query.status ?? null]);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} WHERE ${filter} ORDER BY d.created_at DESC, d.sequence DESC LIMIT $3 OFFSET $4`,
      [endpointId, query.status ?? null, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { items: rows.map(deliveryView), page: query.page, pageSize: query.pageSize, total };
  }

  /** One delivery with every attempt of its log. */
  async delivery(id: string) {
    const [row]: DeliveryRow[] = await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} WHERE d.id = $1`, [id]);
    if (!row) throw notFoundProblem('webhook_delivery', 'No webhook delivery has this id.');
    const attempts: AttemptRow[] = await this.dataSource.query(
      'SELECT attempt, url, started_at, duration_ms, status_code, response_body, error, succeeded FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id',
      [id],
    );
    return { ...deliveryView(row), attemptLog: attempts.map(attemptView) };
  }

  /**
   * Sends a delivery again now, with a fresh retry schedule: a failed or dead one, or a succeeded one
   * the portal lost (it deduplicates on webhook-id). It still waits for lower sequences of its dossier.
   */
  async retry(deliveryId: string) {
    const delivery = await this.dataSource.transaction(async (manager) => {
      const [row]: { endpoint_id: string; dossier_id: string; status: WebhookDeliveryStatus; enabled: boolean }[] = await manager.query(
        `SELECT d.endpoint_id, d.dossier_id, d.status, e.enabled FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.id = $1 FOR UPDATE OF d`,
        [deliveryId],
      );
      if (!row) throw notFoundProblem('webhook_delivery', 'No webhook delivery has this id.');
      if (!row.enabled) throw endpointDisabled();
      if (row.status === 'pending' || row.status === 'delivering') {
        throw new ProblemException(HttpStatus.CONFLICT, 'webhook_delivery_in_progress', 'Delivery in progress', 'This delivery is already waiting to be sent or being sent.');
      }
      await manager.query(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now() WHERE id = $1`, [deliveryId]);
      return row;
    });
    await this.jobs.deliver(await lineHeads(this.dataSource.manager, { endpointId: delivery.endpoint_id, dossierId: delivery.dossier_id }));
    return this.delivery(deliveryId);
  }

  /**
   * Recovery after an outage: every failed or dead delivery created since `since` starts again, and
   * the subscribed events since then that the endpoint never got (it was disabled) are added.
   * Each dossier's deliveries go out in sequence order.
   */
  async recover(endpointId: string, since: Date): Promise<{ requeued: number; added: number }> {
    const counts = await this.dataSource.transaction(async (manager) => {
      const endpoint = await this.load(manager, endpointId, true);
      if (!endpoint.enabled) throw endpointDisabled();
      const [, requeued] = await manager.query(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
         WHERE endpoint_id = $1 AND status IN ('failed', 'dead') AND created_at >= $2`,
        [endpointId, since],
      );
      const from = since > endpoint.createdAt ? since : endpoint.createdAt;
      const added: unknown[] = await manager.query(
        `INSERT INTO webhook_deliveries (endpoint_id, event_id, dossier_id, sequence, event_type, status, next_attempt_at)
         SELECT $1::uuid, o.event_id, o.aggregate_id, o.sequence, o.event_type, 'pending', now() FROM outbox o
         WHERE o.aggregate_type = 'dossier' AND o.processed_at IS NOT NULL AND o.created_at >= $2::timestamptz AND o.event_type = ANY($3::varchar[])
         ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id`,
        [endpointId, from, endpoint.eventTypes],
      );
      return { requeued: requeued as number, added: added.length };
    });
    await this.jobs.deliver(await lineHeads(this.dataSource.manager, { endpointId }));
    return counts;
  }

  private async load(manager: EntityManager, id: string, forUpdate = false): Promise<WebhookEndpointEntity> {
    const endpoint = await manager.findOne(WebhookEndpointEntity, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!endpoint) throw notFoundProblem('webhook_endpoint', 'No webhook endpoint has this id.');
    return endpoint;
  }

  private async assertUrlAllowed(url: string): Promise<void> {
    const problem = await checkWebhookUrl(url, { allowPrivate: this.config.webhooks.allowPrivateUrls });
    if (problem) throw validationProblem([{ field: 'url', message: `url ${problem}` }]);
  }
}
