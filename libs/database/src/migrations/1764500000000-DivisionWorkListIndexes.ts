import { MigrationInterface, QueryRunner } from "typeorm";

export class DivisionWorkListIndexes1764500000000 implements MigrationInterface {
    name = 'DivisionWorkListIndexes1764500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_7264f59c3da6baff52c004f380" ON "dossiers" ("agency_id", "division_id", "due_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_d7518919d43d2dc3b5e3c048e1" ON "dossiers" ("agency_id", "division_id", "status", "due_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_d7518919d43d2dc3b5e3c048e1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7264f59c3da6baff52c004f380"`);
    }

}
