'use strict';
/** Bench data written straight with SQL: uploaded files and dossiers (not through the API). */

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLES = ['Văn', 'Thị', 'Minh', 'Thanh', 'Quốc', 'Hữu', 'Ngọc', 'Đức'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phương', 'Quang', 'Sơn', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];

/** Status/step spread of a department's dossiers over ~3 years: [percent, status, step] (BTS workflow steps). */
const MIX = [
  [55, 10, 'delivered'],
  [5, 9, 'result_ready'],
  [12, 4, 'appraisal'],
  [4, 4, 'head_review'],
  [3, 4, 'director_approval'],
  [2, 4, 'result_issuing'],
  [5, 2, 'assignment'],
  [5, 1, 'submitted'],
  [3, 5, 'waiting_supplement'],
  [3, 3, 'refused'],
  [2, 7, 'withdrawn'],
  [1, 8, 'stopped'],
];

function mixArrays(mode) {
  const statuses = [];
  const steps = [];
  for (const [pct, status, step] of mode === 'submitted' ? [[100, 1, 'submitted']] : MIX) {
    for (let i = 0; i < pct; i++) {
      statuses.push(status);
      steps.push(step);
    }
  }
  return { statuses, steps };
}

const BTS_FIELDS = {
  operator: 'Viettel',
  stationCode: 'HNI-BD-0412',
  address: { province: 'Hà Nội', ward: 'Phường Ba Đình', street: '12 Trần Phú' },
  coordinates: { lat: 21.0341, lng: 105.8372 },
  structureType: 'rooftop',
  bulky: false,
  antennaHeight: 27,
  buildingHeight: 24,
  columnHeight: 3,
};

/** Ids and versions the generated rows point at. */
async function context(db) {
  const one = async (sql, params) => (await db.query(sql, params)).rows[0];
  const procedure = await one(
    `SELECT pv.id, pv.definition->>'workflow' AS workflow FROM procedure_versions pv JOIN procedures p ON p.code = pv.procedure_code
     WHERE pv.procedure_code = 'bts-location-approval' AND pv.version = p.current_version`,
  );
  const workflow = await one(`SELECT id FROM workflow_versions WHERE workflow_code = $1 ORDER BY version DESC LIMIT 1`, [procedure.workflow]);
  const users = Object.fromEntries(
    (await db.query(`SELECT username, id, agency_id, division_id FROM users WHERE username IN ('citizen','reception','specialist','head')`)).rows.map((u) => [u.username, u]),
  );
  const agency = await one(`SELECT id, identifier FROM agencies WHERE code = 'SKHCN'`);
  return { procedureVersionId: procedure.id, workflowVersionId: workflow.id, users, agency };
}

/** `count` files owned by `ownerId`, as if uploaded: returns their ids. */
async function insertFiles(db, ownerId, count) {
  const { rows } = await db.query(
    `INSERT INTO files (owner_id, name, mime_type, size, sha256)
     SELECT $1, 'doc-' || g || '.pdf', 'application/pdf', 2048, md5(g::text) || md5((g * 7)::text)
     FROM generate_series(1, $2::int) g RETURNING id`,
    [ownerId, count],
  );
  return rows.map((r) => r.id);
}

/**
 * Extra departments (a province has ~20) so the spread over agencies is realistic; each with five
 * divisions. Returns agencies in order, SKHCN first, with their division ids (SKHCN's BCVT third).
 */
async function agencies(db, extra) {
  for (let i = 1; i <= extra; i++) {
    const code = `BENCH${String(i).padStart(2, '0')}`;
    const { rows } = await db.query(
      `INSERT INTO agencies (code, identifier, name) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [code, `000.00.${String(40 + i).padStart(2, '0')}.H23`, `Sở thử nghiệm ${i}`],
    );
    for (const d of ['VP', 'BGD', 'P1', 'P2', 'P3']) {
      await db.query(`INSERT INTO divisions (agency_id, code, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING`, [rows[0].id, d]);
    }
  }
  const { rows } = await db.query(
    `SELECT a.id, a.identifier, array_agg(d.id ORDER BY CASE d.code WHEN 'VP' THEN 0 WHEN 'BGD' THEN 1 WHEN 'BCVT' THEN 2 WHEN 'TTBCXB' THEN 2 ELSE 3 END, d.code) AS divisions
     FROM agencies a JOIN divisions d ON d.agency_id = a.id GROUP BY a.id, a.identifier, a.code ORDER BY (a.code = 'SKHCN') DESC, a.code`,
  );
  return rows.map((r) => ({ ...r, divisions: r.divisions.slice(0, 5) }));
}

/**
 * Dossiers g = from..to in one INSERT … SELECT generate_series. `skhcnPercent` of them go to SKHCN
 * (the rest spread evenly over the other agencies); divisions spread evenly; mode 'mixed' follows MIX,
 * 'submitted' makes fresh status-1 dossiers (for the officer-action benchmark). Codes are unique per g.
 * `returning`: resolves the new rows' {id, code} (for small ranges).
 */
async function insertDossiers(db, ctx, { from, to, agencyList, skhcnPercent, mode, returning = false }) {
  const { statuses, steps } = mixArrays(mode);
  const divisionIds = agencyList.flatMap((a) => [...a.divisions, ...Array(5 - a.divisions.length).fill(a.divisions[0])]);
  const { rows } = await db.query(
    `INSERT INTO dossiers (code, procedure_code, procedure_version_id, workflow_version_id, agency_id, division_id, applicant_user_id,
        applicant, applicant_name, applicant_id_number, fields, channel, result_delivery, status, step, version, sequence,
        submitted_at, received_at, due_at, step_entered_at, finished_at, assignee_id)
     SELECT y.code, 'bts-location-approval', $6, $7, ($3::uuid[])[y.ai], ($5::uuid[])[(y.ai - 1) * 5 + y.di + 1], $8,
        jsonb_build_object('fullName', y.name, 'idNumber', y.idn, 'phone', '09' || lpad((y.g % 100000000)::text, 8, '0'),
                           'email', 'cd' || y.g || '@example.vn', 'address', 'Hà Nội', 'type', 1),
        y.name, y.idn, $13::jsonb, 2, 'online', y.status, y.step, 1, 1,
        y.submitted_at,
        CASE WHEN y.status IN (1, 3) THEN NULL ELSE y.submitted_at + interval '4 hours' END,
        CASE WHEN y.status IN (1, 3, 7) THEN NULL ELSE y.submitted_at + interval '4 hours' + make_interval(days => 5 + (y.r3 * 20)::int) END,
        y.submitted_at,
        CASE WHEN y.status IN (3, 7, 8, 9, 10) THEN y.submitted_at + make_interval(days => 1 + (y.r3 * 25)::int) END,
        CASE WHEN y.status = 4 AND y.ai = 1 AND y.di = 2 THEN $10::uuid END
     FROM (
       SELECT r.g, r.r3, s.ai, s.di, s.status, s.step,
         ($4::text[])[s.ai] || '-' || to_char(date '2023-01-01' + (r.g / 4000), 'YYMMDD') || '-' || lpad((r.g % 4000 + 5000)::text, 5, '0') AS code,
         ($11::text[])[1 + floor(r.r5 * 16)::int] || ' ' || ($14::text[])[1 + floor(r.r6 * 8)::int] || ' ' || ($15::text[])[1 + floor(r.r7 * 20)::int] AS name,
         '0' || lpad(floor(r.r8 * 1e11)::bigint::text, 11, '0') AS idn,
         CASE WHEN s.status IN (3, 7, 8, 9, 10) THEN now() - make_interval(days => 30 + (r.r2 * 1065)::int, secs => r.r3 * 86400)
              ELSE now() - make_interval(days => (r.r2 * 30)::int, secs => r.r3 * 86400) END AS submitted_at
       FROM (SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8, random() r9
             FROM generate_series($1::int, $2::int) g) r
       CROSS JOIN LATERAL (
         SELECT CASE WHEN $12::int >= 100 OR r.r9 * 100 < $12::int THEN 1
                     ELSE 2 + floor(r.r1 * (array_length($3::uuid[], 1) - 1))::int END AS ai,
                floor(r.r4 * 5)::int AS di,
                ($16::smallint[])[1 + floor(r.r2 * 1000)::int % 100] AS status,
                ($9::text[])[1 + floor(r.r2 * 1000)::int % 100] AS step
       ) s
     ) y${returning ? ' RETURNING id, code' : ''}`,
    [
      from,
      to,
      agencyList.map((a) => a.id),
      agencyList.map((a) => a.identifier),
      divisionIds,
      ctx.procedureVersionId,
      ctx.workflowVersionId,
      ctx.users.citizen.id,
      steps,
      ctx.users.specialist.id,
      SURNAMES,
      skhcnPercent,
      JSON.stringify(BTS_FIELDS),
      MIDDLES,
      GIVEN,
      statuses,
    ],
  );
  return rows;
}

module.exports = { context, insertFiles, agencies, insertDossiers, BTS_FIELDS };
