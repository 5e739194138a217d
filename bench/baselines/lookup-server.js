'use strict';
/** Bare baseline for the public lookup: node:http + pg, the same single select on the unique `code` index. */
const http = require('node:http');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const STATUS = { 1: 'Mới đăng ký', 2: 'Được tiếp nhận', 3: 'Không được tiếp nhận', 4: 'Đang xử lý', 5: 'Yêu cầu bổ sung giấy tờ', 6: 'Yêu cầu thực hiện nghĩa vụ tài chính', 7: 'Công dân yêu cầu rút hồ sơ', 8: 'Dừng xử lý', 9: 'Đã xử lý xong', 10: 'Đã trả kết quả' };
const iso = (d) => (d ? d.toISOString() : null);

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  let status = 404;
  let out = { code: 'not_found' };
  try {
    const { rows } = await pool.query(
      `SELECT code, procedure_code, status, step, applicant_id_number, submitted_at, received_at, due_at, finished_at FROM dossiers WHERE code = $1`,
      [url.searchParams.get('code')],
    );
    const d = rows[0];
    if (d && d.applicant_id_number === url.searchParams.get('idNumber')) {
      status = 200;
      out = { code: d.code, procedure: { code: d.procedure_code }, status: { code: d.status, name: STATUS[d.status] }, step: { code: d.step },
        submittedAt: iso(d.submitted_at), receivedAt: iso(d.received_at), dueAt: iso(d.due_at), finishedAt: iso(d.finished_at) };
    }
  } catch (e) {
    status = 500;
    out = { error: String(e) };
  }
  const text = JSON.stringify(out);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
