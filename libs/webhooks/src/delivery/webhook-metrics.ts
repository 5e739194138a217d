import { Counter } from 'prom-client';
import { metricsRegistry } from '@motcua/observability';

/** One count per attempt, labelled with the delivery's status after it: succeeded, failed or dead. */
export const webhookDeliveriesCounter = new Counter({
  name: 'motcua_webhook_deliveries_total',
  help: 'Portal webhook delivery attempts by resulting delivery status',
  labelNames: ['status'],
  registers: [metricsRegistry],
});
