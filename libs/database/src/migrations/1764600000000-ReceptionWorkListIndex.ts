import { MigrationInterface, QueryRunner } from "typeorm";

export class ReceptionWorkListIndex1764600000000 implements MigrationInterface {
    name = 'ReceptionWorkListIndex1764600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_3a0b88e5857ccc66c55686bb7e"`);
        await queryRunner.query(`CREATE INDEX "IDX_19cf04ecf064be8d7a8ded53b8" ON "dossiers" ("agency_id", "status", "due_at", "submitted_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_19cf04ecf064be8d7a8ded53b8"`);
        await queryRunner.query(`CREATE INDEX "IDX_3a0b88e5857ccc66c55686bb7e" ON "dossiers" ("agency_id", "status", "due_at") `);
    }

}
