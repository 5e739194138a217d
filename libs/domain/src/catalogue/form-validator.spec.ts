import { compileFormSchema, parseProcedureFile, type ProcedureDefinition } from './index';
import { ajv } from './ajv';
import { procedureJson, validSamples } from './test-fixtures';

const load = (code: string): ProcedureDefinition => parseProcedureFile(procedureJson(code), `config/procedures/${code}.json`);
const bts = load('bts-location-approval');
const validateBts = compileFormSchema(bts);
const btsSample = (over: Record<string, unknown> = {}) => ({ ...validSamples['bts-location-approval'], ...over });
const fieldsOf = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('compileFormSchema: BTS', () => {
  it('accepts a valid dossier', () => {
    expect(validateBts(btsSample())).toEqual([]);
  });

  it('rejects a 3.5 m column on a non-bulky rooftop, naming the field', () => {
    const errors = validateBts(btsSample({ buildingHeight: 30, columnHeight: 3.5 }));
    expect(errors).toEqual([
      { field: 'fields.columnHeight', message: 'Chiều cao cột ăng-ten, kể cả ăng-ten (m): không được lớn hơn 3' },
    ]);
  });

  it('rejects a 2.5 m column on a 10 m building (20 % = 2 m)', () => {
    const errors = validateBts(btsSample({ buildingHeight: 10, columnHeight: 2.5 }));
    expect(errors).toEqual([
      {
        field: 'fields.columnHeight',
        message: 'Chiều cao cột ăng-ten, kể cả ăng-ten (m): không được vượt quá 20% của "Chiều cao công trình (m)" (tối đa 2)',
      },
    ]);
  });

  it('reports both limits when both are broken, and accepts exactly the limits', () => {
    expect(validateBts(btsSample({ buildingHeight: 10, columnHeight: 4 })).map((e) => e.message)).toEqual([
      'Chiều cao cột ăng-ten, kể cả ăng-ten (m): không được lớn hơn 3',
      'Chiều cao cột ăng-ten, kể cả ăng-ten (m): không được vượt quá 20% của "Chiều cao công trình (m)" (tối đa 2)',
    ]);
    expect(validateBts(btsSample({ buildingHeight: 15, columnHeight: 3 }))).toEqual([]);
    expect(validateBts(btsSample({ buildingHeight: 12.5, columnHeight: 2.5 }))).toEqual([]);
  });

  it('does not apply the non-bulky rooftop limits to bulky columns or ground towers', () => {
    expect(validateBts(btsSample({ bulky: true, buildingHeight: 10, columnHeight: 6 }))).toEqual([]);
    const tower = btsSample({ structureType: 'ground_tower', columnHeight: 45, antennaHeight: 42 });
    delete (tower as Record<string, unknown>).buildingHeight;
    expect(validateBts(tower)).toEqual([]);
  });

  it('requires the building height for a rooftop column', () => {
    const rooftop = btsSample();
    delete (rooftop as Record<string, unknown>).buildingHeight;
    expect(validateBts(rooftop)).toEqual([{ field: 'fields.buildingHeight', message: 'Chiều cao công trình (m): bắt buộc phải khai báo' }]);
  });

  it('rejects coordinates outside Vietnam with the field path and a message for citizens', () => {
    const errors = validateBts(btsSample({ coordinates: { lat: 30.5, lng: 99.9 } }));
    expect(errors).toEqual([
      { field: 'fields.coordinates.lat', message: 'Vĩ độ (toạ độ trạm): phải nằm trong lãnh thổ Việt Nam (kể cả quần đảo Hoàng Sa, Trường Sa)' },
      { field: 'fields.coordinates.lng', message: 'Kinh độ (toạ độ trạm): phải nằm trong lãnh thổ Việt Nam (kể cả quần đảo Hoàng Sa, Trường Sa)' },
    ]);
  });

  it.each([
    ['Lũng Cú', 23.3639, 105.3164],
    ['Mũi Cà Mau', 8.6057, 104.7214],
    ['Phú Quốc', 10.2899, 103.984],
    ['Hoàng Sa (Phú Lâm)', 16.8333, 112.3333],
    ['Trường Sa Lớn', 8.6453, 111.9203],
  ])('accepts coordinates at %s', (_place, lat, lng) => {
    expect(validateBts(btsSample({ coordinates: { lat, lng } }))).toEqual([]);
  });

  it('rejects a field that is not on the form', () => {
    expect(validateBts(btsSample({ towerColour: 'red' }))).toEqual([
      { field: 'fields.towerColour', message: 'Trường "towerColour": không có trong biểu mẫu của thủ tục này' },
    ]);
    expect(fieldsOf(validateBts(btsSample({ address: { ...validSamples['bts-location-approval'].address as object, zip: '1' } })))).toEqual([
      'fields.address.zip',
    ]);
  });

  it('explains enum, type, length, pattern and conditional requirements in Vietnamese', () => {
    const errors = validateBts(
      btsSample({ operator: 'other', stationCode: 'HGG 01', antennaHeight: '23', address: { province: '', ward: 'x'.repeat(101), street: 'a' } }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'fields.stationCode', message: 'Mã trạm: không đúng định dạng' },
        { field: 'fields.antennaHeight', message: 'Độ cao ăng-ten so với mặt đất (m): phải là số' },
        { field: 'fields.address.province', message: 'Tỉnh, thành phố (địa chỉ trạm): không được để trống' },
        { field: 'fields.address.ward', message: 'Xã, phường, đặc khu (địa chỉ trạm): không được dài quá 100 ký tự' },
        { field: 'fields.operatorName', message: 'Tên doanh nghiệp viễn thông khác: bắt buộc phải khai báo' },
      ]),
    );
    expect(errors).toHaveLength(5);
    expect(validateBts(btsSample({ structureType: 'pole' }))).toEqual([
      {
        field: 'fields.structureType',
        message:
          'Loại công trình: phải là một trong các giá trị: Cột ăng-ten lắp đặt trên công trình đã xây dựng (mái nhà), Cột ăng-ten tự đứng trên mặt đất',
      },
    ]);
  });

  it('names array elements and the whole form', () => {
    expect(validateBts(btsSample({ technologies: ['4G', '6G'] }))).toEqual([
      { field: 'fields.technologies.1', message: 'Công nghệ thứ 2 (công nghệ): phải là một trong các giá trị: 2G, 3G, 4G, 5G' },
    ]);
    expect(validateBts('not an object')).toEqual([{ field: 'fields', message: 'Thông tin trạm BTS: phải là một nhóm thông tin' }]);
  });

  it('caches the compiled validator', () => {
    expect(compileFormSchema(bts)).toBe(validateBts);
    // a fresh copy of the same version (e.g. re-read from the database) reuses the compiled code
    const compile = jest.spyOn(ajv, 'compile');
    try {
      const again = compileFormSchema(load('bts-location-approval'));
      expect(again(btsSample({ columnHeight: 3.5 }))).toHaveLength(1);
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
  });
});

describe('compileFormSchema: other procedures', () => {
  const validateBulletin = compileFormSchema(load('bulletin-permit'));
  const bulletin = (over: Record<string, unknown>) => ({ ...validSamples['bulletin-permit'], ...over });

  it('rejects a 20×27 cm bulletin (at most 19×27)', () => {
    expect(validateBulletin(bulletin({ size: { widthCm: 20, heightCm: 27 } }))).toEqual([
      { field: 'fields.size.widthCm', message: 'Chiều rộng (cm) (khuôn khổ): không được lớn hơn 19' },
    ]);
    expect(fieldsOf(validateBulletin(bulletin({ size: { widthCm: 19, heightCm: 27.5 } })))).toEqual(['fields.size.heightCm']);
  });

  it('requires the no-advertising pledge and a whole number of pages', () => {
    expect(validateBulletin(bulletin({ noAdvertising: false, pages: 12.5 }))).toEqual([
      { field: 'fields.pages', message: 'Số trang: phải là số nguyên' },
      { field: 'fields.noAdvertising', message: 'Cam kết không đăng quảng cáo trên bản tin: phải được xác nhận (chọn Có)' },
    ]);
  });

  it('labels nested and listed fields with their parent', () => {
    const errors = validateBulletin(
      bulletin({ frequency: { issues: 0, period: 'day' }, language: [], responsiblePerson: { fullName: 'A', position: 'B', email: 'x@' } }),
    );
    expect(errors).toEqual([
      { field: 'fields.frequency.issues', message: 'Số kỳ (kỳ hạn xuất bản): phải lớn hơn hoặc bằng 1' },
      { field: 'fields.frequency.period', message: 'Mỗi (kỳ hạn xuất bản): phải là một trong các giá trị: tuần, tháng, quý, năm' },
      { field: 'fields.language', message: 'Ngôn ngữ thể hiện: phải có ít nhất một mục' },
      {
        field: 'fields.responsiblePerson.email',
        message: 'Thư điện tử (người chịu trách nhiệm xuất bản bản tin): phải là địa chỉ thư điện tử hợp lệ',
      },
    ]);
  });

  it('requires the new size when a permit change includes the size, still within 19×27', () => {
    const validate = compileFormSchema(load('bulletin-permit-change'));
    const change = { ...validSamples['bulletin-permit-change'] } as Record<string, unknown>;
    delete change.newSize;
    expect(validate(change)).toEqual([{ field: 'fields.newSize', message: 'Khuôn khổ mới: bắt buộc phải khai báo' }]);
    expect(fieldsOf(validate({ ...change, newSize: { widthCm: 21, heightCm: 29.7 } }))).toEqual([
      'fields.newSize.widthCm',
      'fields.newSize.heightCm',
    ]);
    expect(validate({ ...change, changedItems: ['pages'] })).toEqual([]);
  });

  it('validates frequency, power and the station location', () => {
    const validate = compileFormSchema(load('radio-frequency-referral'));
    const errors = validate({ ...validSamples['radio-frequency-referral'], frequencyMHz: 0, powerW: -5, coordinates: { lat: 21 } });
    expect(errors).toEqual([
      { field: 'fields.frequencyMHz', message: 'Tần số đề nghị (MHz): phải lớn hơn 0' },
      { field: 'fields.powerW', message: 'Công suất phát (W): phải lớn hơn 0' },
      { field: 'fields.coordinates.lng', message: 'Kinh độ (toạ độ đài phát): bắt buộc phải khai báo' },
    ]);
  });

  it('names elements of object lists by position', () => {
    const validate = compileFormSchema(load('publication-import-permit'));
    const sample = validSamples['publication-import-permit'] as { items: object[] };
    const errors = validate({ ...sample, items: [...sample.items, { ...sample.items[0], quantity: 0 }] });
    expect(errors).toEqual([
      { field: 'fields.items.1.quantity', message: 'Số lượng (bản) (xuất bản phẩm thứ 2): phải lớn hơn hoặc bằng 1' },
    ]);
  });

  it('checks formats: dates, date-times, host names, citizen ID numbers', () => {
    expect(compileFormSchema(load('press-office-notice'))({ ...validSamples['press-office-notice'], operatingFrom: '01/12/2025' })).toEqual([
      { field: 'fields.operatingFrom', message: 'Ngày dự kiến bắt đầu hoạt động: phải là ngày hợp lệ theo dạng năm-tháng-ngày, ví dụ 2025-07-01' },
    ]);
    expect(fieldsOf(compileFormSchema(load('press-conference-notice'))({ ...validSamples['press-conference-notice'], startAt: 'mai' }))).toEqual([
      'fields.startAt',
    ]);
    expect(
      compileFormSchema(load('news-website-licence'))({ ...validSamples['news-website-licence'], domainNames: ['tin tuc.vn'] }),
    ).toEqual([{ field: 'fields.domainNames.0', message: 'Tên miền thứ 1 (tên miền): phải là tên miền hợp lệ, ví dụ example.vn' }]);
    expect(
      compileFormSchema(load('game-point-certificate'))({ ...validSamples['game-point-certificate'], ownerIdNumber: '12345' }),
    ).toEqual([{ field: 'fields.ownerIdNumber', message: 'Số định danh cá nhân của chủ điểm: không đúng định dạng' }]);
  });

  it('requires print details only for printed documents', () => {
    const validate = compileFormSchema(load('non-commercial-publishing-permit'));
    const { printRun: _r, printer: _p, ...electronic } = validSamples['non-commercial-publishing-permit'];
    expect(validate({ ...electronic, publicationForm: 'electronic' })).toEqual([]);
    expect(fieldsOf(validate(electronic))).toEqual(['fields.printRun', 'fields.printer']);
  });
});
