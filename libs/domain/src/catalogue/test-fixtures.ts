// Test helpers: read the real catalogue from config/ and valid form samples for every procedure.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CONFIG_DIR = resolve(__dirname, '../../../../config');
export const PROCEDURES_DIR = join(CONFIG_DIR, 'procedures');

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export const procedureFiles = () =>
  readdirSync(PROCEDURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ fileName: `config/procedures/${f}`, json: readJson(join(PROCEDURES_DIR, f)) }));

export const agenciesFile = () => ({ fileName: 'config/agencies.json', json: readJson(join(CONFIG_DIR, 'agencies.json')) });

/** Parsed JSON that a test edits freely to break it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = Record<string, any>;

/** A fresh copy of a procedure file's JSON, to break in tests. */
export const procedureJson = (code: string): LooseJson => readJson(join(PROCEDURES_DIR, `${code}.json`)) as LooseJson;

const address = { province: 'Tuyên Quang', ward: 'Phường Hà Giang 1', street: 'Số 12 đường Nguyễn Trãi' };

/** One valid `fields` object per procedure code. */
export const validSamples: Record<string, Record<string, unknown>> = {
  'bts-location-approval': {
    operator: 'Viettel',
    stationCode: 'HGG_0123',
    address,
    coordinates: { lat: 22.8233, lng: 104.9836 },
    structureType: 'rooftop',
    bulky: false,
    antennaHeight: 23,
    buildingHeight: 20,
    columnHeight: 3,
    technologies: ['4G', '5G'],
  },
  'bulletin-permit': {
    name: 'Bản tin Khoa học và Đời sống',
    purpose: 'Thông tin hoạt động của Hội',
    contentScope: 'Tin hoạt động, phổ biến kiến thức',
    frequency: { issues: 1, period: 'month' },
    pages: 16,
    size: { widthCm: 19, heightCm: 27 },
    language: ['Tiếng Việt'],
    printRun: 500,
    distribution: 'Phát hành nội bộ cho hội viên',
    responsiblePerson: { fullName: 'Nguyễn Văn An', position: 'Chủ tịch Hội', phone: '0912345678' },
    printer: { name: 'Công ty In tỉnh', address: 'Số 5 đường Trần Phú' },
    noAdvertising: true,
  },
  'bulletin-permit-change': {
    permitNumber: '12/GP-SVHTTDL',
    permitDate: '2025-03-15',
    bulletinName: 'Bản tin Khoa học và Đời sống',
    changedItems: ['size', 'pages'],
    changeDetails: 'Tăng số trang từ 16 lên 20, đổi khổ 19×27 cm thành 17×24 cm',
    reason: 'Thuận tiện cho người đọc',
    newSize: { widthCm: 17, heightCm: 24 },
  },
  'radio-frequency-referral': {
    stationType: 'wireless_loudspeaker',
    stationName: 'Đài truyền thanh xã Minh Tân',
    frequencyMHz: 54.5,
    powerW: 50,
    antennaHeight: 18,
    location: address,
    coordinates: { lat: 22.9, lng: 104.85 },
    coverage: { area: 'Toàn xã Minh Tân', radiusKm: 8 },
    equipment: { manufacturer: 'Công ty ABC', model: 'TX-50', typeApprovalNumber: 'HQ-2024-001' },
  },
  'news-website-licence': {
    websiteName: 'Tin tức Hà Giang',
    domainNames: ['tintuchagiang.vn'],
    purpose: 'Tổng hợp tin tức địa phương',
    contentScope: 'Thời sự, kinh tế, văn hóa',
    informationSources: [{ name: 'Báo Tuyên Quang', url: 'https://baotuyenquang.vn', agreement: 'Thỏa thuận số 01/TT ngày 01/8/2025' }],
    server: { provider: 'VNPT', address: 'Trung tâm dữ liệu VNPT, Hà Nội' },
    contentStaff: 3,
    responsiblePerson: { fullName: 'Trần Thị Bình', position: 'Giám đốc', email: 'binh@example.vn' },
  },
  'game-point-certificate': {
    businessType: 'household',
    businessName: 'Điểm trò chơi Minh Khôi',
    registrationNumber: '11A8001234',
    ownerName: 'Lê Minh Khôi',
    ownerIdNumber: '002090001234',
    address,
    phone: '+84912345678',
    urbanClass: 'III',
    roomAreaM2: 60,
    computerCount: 20,
    distanceToSchoolM: 350,
  },
  'non-commercial-publishing-permit': {
    documentTitle: 'Kỷ yếu 30 năm thành lập',
    contentSummary: 'Lịch sử và thành tựu',
    language: 'Tiếng Việt',
    publicationForm: 'print',
    pages: 120,
    printRun: 300,
    printer: { name: 'Công ty In tỉnh', address: 'Số 5 đường Trần Phú' },
    distribution: 'Tặng cán bộ, hội viên',
  },
  'press-conference-notice': {
    organiserName: 'Công ty Cổ phần XYZ',
    purpose: 'Công bố dự án',
    content: 'Giới thiệu dự án du lịch sinh thái',
    startAt: '2025-11-20T09:00:00+07:00',
    venue: 'Khách sạn Sông Lô',
    chair: { fullName: 'Phạm Văn Cường', position: 'Tổng Giám đốc' },
    contactPhone: '0987654321',
  },
  'press-office-notice': {
    pressAgencyName: 'Báo Kinh tế',
    pressLicenceNumber: '123/GP-BTTTT',
    pressLicenceDate: '2020-05-10',
    officeAddress: address,
    phone: '02193812345',
    head: { fullName: 'Hoàng Thị Dung', pressCardNumber: '12345' },
    staffCount: 4,
    operatingFrom: '2025-12-01',
  },
  'publication-import-permit': {
    purpose: 'Phục vụ nghiên cứu tại thư viện trường',
    items: [
      { title: 'Introduction to Algorithms', kind: 'book', publisher: 'MIT Press', countryOfOrigin: 'Hoa Kỳ', language: 'Tiếng Anh', quantity: 5 },
    ],
    entryPoint: 'Sân bay quốc tế Nội Bài',
  },
  'colour-photocopier-registration': {
    registrationNumber: '5100123456',
    installAddress: address,
    purpose: 'Phục vụ công tác văn phòng',
    machines: [{ kind: 'colour_photocopier', brand: 'Ricoh', model: 'IM C3000', serialNumber: 'SN123456', manufactureYear: 2023 }],
  },
};
