import { mkdtempSync, mkdirSync, readdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NotificationConfigError } from '../config-files';
import { renderTemplate } from './template-renderer';
import { loadTemplateCatalogue } from './template-catalogue';

const CONFIG_DIR = resolve(__dirname, '../../../../config');

/** A copy of the shipped templates in a scratch config/ folder, with some files changed. */
function configWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-templates-'));
  mkdirSync(join(dir, 'templates'));
  for (const name of readdirSync(join(CONFIG_DIR, 'templates'))) copyFileSync(join(CONFIG_DIR, 'templates', name), join(dir, 'templates', name));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, 'templates', name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

function loadError(configDir: string): NotificationConfigError {
  try {
    loadTemplateCatalogue(configDir);
  } catch (error) {
    if (error instanceof NotificationConfigError) return error;
    throw error;
  }
  throw new Error('expected the templates to be refused');
}

describe('the shipped templates', () => {
  const catalogue = loadTemplateCatalogue(CONFIG_DIR);

  it('load, with an e-mail and an SMS for every rule', () => {
    const keys = new Set(catalogue.all().map((t) => t.key));
    for (const rule of [...catalogue.rules.applicant.rules, ...catalogue.rules.officers.rules]) expect(keys).toContain(rule.template);
  });

  it('render form 01 (acceptance) in Vietnamese', () => {
    const rendered = renderTemplate(catalogue.template('applicant-received', 'email'), {
      dossierCode: '000.00.14.H23-251103-0042',
      procedureName: 'Chấp thuận vị trí trạm BTS',
      agencyName: 'Sở Khoa học và Công nghệ',
      statusName: 'Được tiếp nhận',
      applicantName: 'Tổng Công ty Viễn thông Viettel',
      recipientName: 'Tổng Công ty Viễn thông Viettel',
      receivedAt: '03/11/2025 09:30',
      dueAt: '17/11/2025 09:30',
      resultDelivery: 'trực tuyến',
    });
    expect(rendered.subject).toBe('[Một cửa điện tử] Hồ sơ 000.00.14.H23-251103-0042: Được tiếp nhận, hẹn trả kết quả 17/11/2025 09:30');
    expect(rendered.body).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  });
});

describe('loading templates refuses, naming the file', () => {
  it('an unknown placeholder', () => {
    const error = loadError(configWith({ 'applicant-received.sms.json': { version: 2, body: 'Hồ sơ {{dossierCode}} hẹn {{dueDate}}' } }));
    expect(error.file).toBe('config/templates/applicant-received.sms.json');
    expect(error.message).toContain('unknown placeholder {{dueDate}}');
  });

  it('an e-mail without a subject, and an SMS with one', () => {
    expect(loadError(configWith({ 'officer-overdue.email.json': { version: 1, body: 'x' } })).message).toContain('needs a "subject"');
    expect(loadError(configWith({ 'officer-overdue.sms.json': { version: 1, subject: 's', body: 'x' } })).message).toContain('has no subject');
  });

  it('a rule naming a template that is missing on one channel', () => {
    const rules = JSON.parse(JSON.stringify(loadTemplateCatalogue(CONFIG_DIR).rules));
    rules.officers.rules.push({ event: 'dossier.overdue', recipients: 'notify_roles', template: 'officer-escalation' });
    const error = loadError(configWith({ 'rules.json': rules, 'officer-escalation.email.json': { version: 1, subject: 's', body: 'b' } }));
    expect(error.file).toBe('config/templates/rules.json');
    expect(error.message).toContain('config/templates/officer-escalation.sms.json, which does not exist');
  });

  it('a stray file, bad JSON and a bad shape', () => {
    expect(loadError(configWith({ 'notes.json': {} })).file).toBe('config/templates/notes.json');
    expect(loadError(configWith({ 'officer-overdue.sms.json': '{ "version": 1,' })).message).toContain('is not valid JSON');
    expect(loadError(configWith({ 'officer-overdue.sms.json': { version: 0, body: '' } })).problems.length).toBeGreaterThanOrEqual(2);
  });
});
