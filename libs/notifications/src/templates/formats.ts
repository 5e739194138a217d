/** How values read in Vietnamese messages: dd/MM/yyyy HH:mm in the service's zone, amounts in đồng. */

import { toWallClock } from '@motcua/domain/calendar';

/** 2025-11-03T02:30:00Z in Asia/Ho_Chi_Minh → "03/11/2025 09:30". */
export function formatDateTime(value: string | Date, timeZone: string): string {
  const { date, hour, minute } = toWallClock(new Date(value), timeZone);
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
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
