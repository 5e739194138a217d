import { Counter } from 'prom-client';
import { metricsRegistry } from '@motcua/observability';

/**
 * Messages entering each status, per channel (GET /metrics of the process that sends them; the
 * single-process launcher serves them from the API's /metrics).
 */
const messages = new Counter({
  name: 'motcua_notification_messages_total',
  help: 'Notification messages entering each status, by channel',
  labelNames: ['channel', 'status'],
  registers: [metricsRegistry],
});

export function countStatus(channel: string, status: string, by = 1): void {
  messages.inc({ channel, status }, by);
}
