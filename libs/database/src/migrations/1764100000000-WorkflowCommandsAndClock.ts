import { MigrationInterface, QueryRunner } from "typeorm";

export class WorkflowCommandsAndClock1764100000000 implements MigrationInterface {
    name = 'WorkflowCommandsAndClock1764100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Commands are now stored before they are queued; the old table held only their outcome.
        await queryRunner.query(`DROP TABLE "processed_commands"`);
        await queryRunner.query(`CREATE TABLE "workflow_commands" ("command_id" uuid NOT NULL, "dossier_id" uuid NOT NULL, "action" character varying(40) NOT NULL, "actor" jsonb NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "expected_version" integer, "status" character varying(16) NOT NULL DEFAULT 'pending', "outcome" jsonb, "correlation_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7f9bc629cbf66c2dc21f3f23065" PRIMARY KEY ("command_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_737ed1e95309e62fe911e8bb65" ON "workflow_commands" ("dossier_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_workflow_commands_pending" ON "workflow_commands" ("created_at") WHERE status = 'pending'`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "paused_working_ms"`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "step_entered_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "pause_reason" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "pauses" jsonb NOT NULL DEFAULT '[]'`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "extended_due_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "result_number" character varying(64)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "result_number"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "extended_due_at"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "pauses"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "pause_reason"`);
        await queryRunner.query(`ALTER TABLE "dossiers" DROP COLUMN "step_entered_at"`);
        await queryRunner.query(`ALTER TABLE "dossiers" ADD "paused_working_ms" bigint NOT NULL DEFAULT '0'`);
        await queryRunner.query(`DROP INDEX "public"."idx_workflow_commands_pending"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_737ed1e95309e62fe911e8bb65"`);
        await queryRunner.query(`DROP TABLE "workflow_commands"`);
        await queryRunner.query(`CREATE TABLE "processed_commands" ("command_id" uuid NOT NULL, "dossier_id" uuid NOT NULL, "action" character varying(40) NOT NULL, "outcome" character varying(16) NOT NULL, "result" jsonb NOT NULL DEFAULT '{}', "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bca7b55cd4a516e18eb7851f47" PRIMARY KEY ("command_id"))`);
    }

}
