/** How values read in Vietnamese messages: dd/MM/yyyy HH:mm in the service's zone, amounts in đồng. */

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** 2025-11-03T02:30:00Z in Asia/Ho_Chi_Minh → "03/11/2025 09:30". */
export function formatDateTime(value: string | Date, timeZone: string): string {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateTimeFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(value)).map((part) => [part.type, part.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** 1500000 → "1.500.000 đồng" (the dot groups thousands in Vietnamese). */
export function formatVnd(amount: number): string {
  return `${Math.round(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

const RESULT_DELIVERY: Record<string, string> = {
  online: 'trực tuyến',
  post: 'qua dịch vụ bưu chính',
  counter: 'tại Bộ phận tiếp nhận và trả kết quả',
};

export function formatResultDelivery(code: string): string {
  return RESULT_DELIVERY[code] ?? code;
}

/** Supplementation items (form 02), one per line: "- Bản vẽ kết cấu (có chữ ký, đóng dấu)". */
export function formatMissingItems(items: unknown): string | undefined {
  if (!Array.isArray(items) || !items.length) return undefined;
  return items
    .map((item: { name?: unknown; note?: unknown }) => `- ${String(item?.name ?? item)}${item?.note ? ` (${String(item.note)})` : ''}`)
    .join('\n');
}
