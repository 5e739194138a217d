import { resolve } from 'node:path';
import { NotificationConfigError } from '../../config-files';
import { loadSmsGateway } from './gateway-config';

const ROOT = resolve(__dirname, '../../../../..');
const CONFIG_DIR = resolve(ROOT, 'config');
const load = (settings: Parameters<typeof loadSmsGateway>[0]) => loadSmsGateway(settings, ROOT, CONFIG_DIR);

function refusal(settings: Parameters<typeof loadSmsGateway>[0]): NotificationConfigError {
  try {
    load(settings);
  } catch (error) {
    if (error instanceof NotificationConfigError) return error;
    throw error;
  }
  throw new Error('expected the gateway to be refused');
}

describe('SMS gateway descriptions', () => {
  it('none configured: no gateway', () => {
    expect(load({})).toBeNull();
  });

  it('load the shipped ones with their secrets and URL', () => {
    const generic = load({ provider: 'generic-json', gatewayUrl: 'http://127.0.0.1:9/sms', apiKey: 'k' });
    expect(generic).toMatchObject({ url: 'http://127.0.0.1:9/sms', values: { apiKey: 'k', sender: 'MOTCUA' }, source: 'config/sms-gateways/generic-json.json' });
    const esms = load({ provider: 'esms', apiKey: 'k', apiSecret: 's', sender: 'SOKHCN' });
    expect(esms?.url).toMatch(/^https:\/\/rest\.esms\.vn\//);
    expect(esms?.description.stripDiacritics).toBe(true);
  });

  it('refuse an unknown provider, listing those there are', () => {
    const error = refusal({ provider: 'nosuch' });
    expect(error.file).toBe('SMS_PROVIDER');
    expect(error.message).toMatch(/no config\/sms-gateways\/nosuch\.json \(available: .*generic-json/);
  });

  it('name the variables a description needs', () => {
    expect(refusal({ provider: 'generic-json' }).problems).toEqual(['uses {{apiKey}}: set SMS_API_KEY', 'has no request.url: set SMS_GATEWAY_URL']);
    expect(refusal({ provider: 'esms', apiKey: 'k' }).problems).toEqual(['uses {{apiSecret}}: set SMS_API_SECRET', 'uses {{sender}}: give "sender" or set SMS_SENDER']);
  });

  it('take an inline description from SMS_GATEWAY, refusing unknown placeholders', () => {
    const description = {
      name: 'inline',
      request: { url: 'https://sms.example.vn/send', method: 'GET', format: 'query', body: { to: '{{phone}}', msg: '{{text}}', key: '{{token}}' } },
      phoneFormat: '0',
      stripDiacritics: true,
      response: { delivered: [{ status: [200] }], permanent: [], temporary: [] },
    };
    const error = refusal({ gateway: JSON.stringify(description) });
    expect(error.file).toBe('SMS_GATEWAY');
    expect(error.problems[0]).toMatch(/^unknown placeholder \{\{token\}\}/);
    expect(refusal({ gateway: JSON.stringify({ ...description, phoneFormat: '+1' }) }).problems[0]).toContain('/phoneFormat');
  });
});
