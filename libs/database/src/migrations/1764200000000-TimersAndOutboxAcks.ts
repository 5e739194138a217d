import { MigrationInterface, QueryRunner } from "typeorm";

export class TimersAndOutboxAcks1764200000000 implements MigrationInterface {
    name = 'TimersAndOutboxAcks1764200000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox" ADD "processed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "step_due_soon_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "step_auto_action_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "step_warned_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "step_overdue_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "overdue_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "idx_outbox_unprocessed" ON "outbox" ("processed_at") WHERE published_at IS NOT NULL AND processed_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_1e1227e8b091f66c080a06b6e6" ON "dossiers" ("step_due_soon_at") WHERE finished_at IS NULL AND step_warned_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_bcd742beee1957ebeb3a2463df" ON "dossiers" ("step_auto_action_at") WHERE step_auto_action_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_6912a2672724ffef8c49cddea4" ON "dossiers" ("step_overdue_at") WHERE finished_at IS NULL AND step_overdue_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_6912a2672724ffef8c49cddea4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_bcd742beee1957ebeb3a2463df"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1e1227e8b091f66c080a06b6e6"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_unprocessed"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "overdue_at"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "step_overdue_at"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "step_warned_at"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "step_auto_action_at"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "step_due_soon_at"`);
        await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "processed_at"`);
    }

}
