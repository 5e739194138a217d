import { MessageTemplate, placeholdersIn, renderTemplate, strayBraces, TemplateRenderError } from './template-renderer';

const receipt: MessageTemplate = {
  key: 'applicant-received',
  channel: 'email',
  version: 3,
  subject: 'Hồ sơ {{dossierCode}}: {{ statusName }}',
  body: 'Ngày hẹn trả kết quả: {{dueAt}}\nMã hồ sơ: {{dossierCode}}',
  file: 'config/templates/applicant-received.email.json',
};

describe('renderTemplate', () => {
  it('fills every placeholder, spaces inside the braces allowed', () => {
    const rendered = renderTemplate(receipt, { dossierCode: '000.00.14.H23-251103-0042', statusName: 'Được tiếp nhận', dueAt: '17/11/2025 16:30' });
    expect(rendered).toEqual({
      subject: 'Hồ sơ 000.00.14.H23-251103-0042: Được tiếp nhận',
      body: 'Ngày hẹn trả kết quả: 17/11/2025 16:30\nMã hồ sơ: 000.00.14.H23-251103-0042',
    });
  });

  it('fails loudly, naming the template, its version and every placeholder without a value', () => {
    let error: unknown;
    try {
      renderTemplate(receipt, { dossierCode: '000.00.14.H23-251103-0042', statusName: '  ' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).missing).toEqual(['statusName', 'dueAt']);
    expect((error as Error).message).toBe('template applicant-received.email v3: no value for {{statusName}}, {{dueAt}}');
  });

  it('leaves an SMS without a subject', () => {
    const sms: MessageTemplate = { ...receipt, channel: 'sms', subject: undefined, body: 'Hồ sơ {{dossierCode}}' };
    expect(renderTemplate(sms, { dossierCode: 'X-1' })).toEqual({ subject: null, body: 'Hồ sơ X-1' });
  });
});

describe('template syntax', () => {
  it('lists placeholders once, in order', () => {
    expect(placeholdersIn('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });

  it('spots braces that are not a placeholder', () => {
    expect(strayBraces('Hạn: {{dueAt}')).toBe(true);
    expect(strayBraces('Hạn: {dueAt}} {{ok}}')).toBe(true);
    expect(strayBraces('Hạn: {{dueAt}} {một ngoặc}')).toBe(false);
  });
});
