import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signingSecrets, webhookHeaders } from './webhook-signing';

describe('webhook signing', () => {
  const body = JSON.stringify({ type: 'dossier.submitted', timestamp: '2026-01-05T02:00:00.000Z', data: { sequence: 1 } });

  it('makes whsec_ secrets that the standardwebhooks library accepts and verifies with', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = webhookHeaders('3b2f9f9e-6f0e-4c4f-9a8e-1c7f4d1f0a11', body, [secret], new Date());
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs with both secrets during a rotation overlap, and only the new one after it', () => {
    const now = new Date('2026-01-05T02:00:00Z');
    const endpoint = { secret: newWebhookSecret(), previousSecret: newWebhookSecret(), previousSecretExpiresAt: new Date('2026-01-06T02:00:00Z') };
    expect(signingSecrets(endpoint, now)).toEqual([endpoint.secret, endpoint.previousSecret]);
    expect(signingSecrets(endpoint, new Date('2026-01-06T02:00:01Z'))).toEqual([endpoint.secret]);
    expect(webhookHeaders('msg', body, signingSecrets(endpoint, now), now)['webhook-signature'].split(' ')).toHaveLength(2);
  });
});
