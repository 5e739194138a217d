/**
 * The placeholders a template may use, with what each holds. A template naming anything else is
 * refused at start-up, so a typo is found before the first message rather than in one.
 */
export const PLACEHOLDERS = {
  dossierCode: 'the dossier code, e.g. 000.00.14.H23-251103-0042',
  procedureName: 'the procedure name',
  agencyName: 'the agency handling the dossier, e.g. Sở Khoa học và Công nghệ',
  statusName: 'the portal status name, e.g. Được tiếp nhận',
  stepName: 'the workflow step name, e.g. Thẩm định hồ sơ',
  applicantName: 'the applicant (person or organisation) as submitted',
  recipientName: 'the person the message is addressed to (the applicant, or the officer)',
  submittedAt: 'dd/MM/yyyy HH:mm, in TIME_ZONE',
  receivedAt: 'dd/MM/yyyy HH:mm: acceptance (form 01)',
  dueAt: 'dd/MM/yyyy HH:mm: the appointment date for the result (ngày hẹn trả)',
  finishedAt: 'dd/MM/yyyy HH:mm: end of processing',
  deadline: 'dd/MM/yyyy HH:mm: the deadline a due-soon or overdue alert is about',
  previousDueAt: 'dd/MM/yyyy HH:mm: the appointment date before it moved (dossier.due_date_changed)',
  reason: 'the reason given with the action (refusal, stop, withdrawal)',
  missingItems: 'the documents to supplement, one per line',
  paymentAmount: 'the fee requested, e.g. 1.500.000 đồng',
  resultNumber: 'the number of the issued result document',
  resultDelivery: 'how the result is handed over: trực tuyến, qua dịch vụ bưu chính, tại Bộ phận Một cửa',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;

/** Values for one message; a missing one is only an error if the template uses it. */
export type Personalisation = Partial<Record<Placeholder, string>>;

export function isPlaceholder(name: string): name is Placeholder {
  return Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name);
}
