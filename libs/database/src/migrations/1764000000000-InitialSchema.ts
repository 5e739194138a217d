import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1764000000000 implements MigrationInterface {
    name = 'InitialSchema1764000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "dossier_id" uuid, "entity_type" character varying(32) NOT NULL, "entity_id" character varying(64) NOT NULL, "action" character varying(64) NOT NULL, "actor_id" uuid, "actor_role" character varying(16), "data" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64), "hash" character(64) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_705f6c011fd8caf8e400c7d5b0" ON "audit_log" ("dossier_id", "id") `);
        await queryRunner.query(`CREATE TABLE "calendar_days" ("date" date NOT NULL, "kind" character varying(16) NOT NULL, "reason" character varying(255) NOT NULL, "source" character varying(16) NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1c04d56e8833eb6827f104f17e0" PRIMARY KEY ("date"))`);
        await queryRunner.query(`CREATE TABLE "procedures" ("code" character varying(64) NOT NULL, "active" boolean NOT NULL DEFAULT true, "current_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f0dd6bd4d8e1abaaf816856e29" PRIMARY KEY ("code"))`);
        await queryRunner.query(`CREATE TABLE "procedure_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "procedure_code" character varying(64) NOT NULL, "version" integer NOT NULL, "content_hash" character(64) NOT NULL, "definition" jsonb NOT NULL, "effective_from" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_669076d9137ea3e868b952b9afd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6265775ce273801fe03ef7c941" ON "procedure_versions" ("procedure_code", "version") `);
        await queryRunner.query(`CREATE TABLE "workflow_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workflow_code" character varying(64) NOT NULL, "version" integer NOT NULL, "content_hash" character(64) NOT NULL, "definition" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a84eb8dc6065f33ce4b1447955f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_dc3a9cdaa364951ecd0575ac1a" ON "workflow_versions" ("workflow_code", "version") `);
        await queryRunner.query(`CREATE TABLE "dossier_code_counters" ("agency_identifier" character varying(32) NOT NULL, "day" date NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_f1d5818696bb48f3a7f43e0e5d4" PRIMARY KEY ("agency_identifier", "day"))`);
        await queryRunner.query(`CREATE TABLE "dossier_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dossier_id" uuid NOT NULL, "document_code" character varying(64) NOT NULL, "file_id" uuid NOT NULL, "purpose" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d85b678c6da8fa0211bed5bbe9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_0bf77311c6a3e5be2c1a7c9527" ON "dossier_documents" ("dossier_id", "document_code") `);
        await queryRunner.query(`CREATE TABLE "dossier_history" ("id" BIGSERIAL NOT NULL, "dossier_id" uuid NOT NULL, "action" character varying(40) NOT NULL, "from_step" character varying(64), "to_step" character varying(64) NOT NULL, "from_status" smallint, "to_status" smallint NOT NULL, "from_unit" character varying(64), "from_user_id" uuid, "to_unit" character varying(64), "to_user_id" uuid, "actor_role" character varying(16) NOT NULL, "result" character varying(255), "note" text, "data" jsonb NOT NULL DEFAULT '{}', "command_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9e162aa5df7bddddc6ddc79a5f1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_afb239f4ea5fbf90e21edf45ee" ON "dossier_history" ("dossier_id", "id") `);
        await queryRunner.query(`CREATE TABLE "dossiers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "procedure_code" character varying(64) NOT NULL, "procedure_version_id" uuid NOT NULL, "workflow_version_id" uuid NOT NULL, "agency_id" uuid NOT NULL, "division_id" uuid, "applicant_user_id" uuid, "registered_by" uuid, "applicant" jsonb NOT NULL, "applicant_name" character varying(255) NOT NULL, "applicant_id_number" character varying(20) NOT NULL, "fields" jsonb NOT NULL, "channel" smallint NOT NULL, "result_delivery" character varying(16) NOT NULL, "status" smallint NOT NULL, "step" character varying(64) NOT NULL, "assignee_id" uuid, "version" integer NOT NULL DEFAULT '1', "sequence" integer NOT NULL DEFAULT '0', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE, "step_due_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "returned_at" TIMESTAMP WITH TIME ZONE, "paused_at" TIMESTAMP WITH TIME ZONE, "paused_working_ms" bigint NOT NULL DEFAULT '0', "supplement_request_count" integer NOT NULL DEFAULT '0', "extended_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2f408e41e65ebf503dad3ec713b" UNIQUE ("code"), CONSTRAINT "PK_d84a24a9d2c52ec01142de45e42" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1f9219d4b85e607128fb7e4214" ON "dossiers" ("assignee_id", "due_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_695ae24ec75e66b081f54b9464" ON "dossiers" ("applicant_user_id", "submitted_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_7d6b0926617d37d93de2111321" ON "dossiers" ("agency_id", "step", "due_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_3a0b88e5857ccc66c55686bb7e" ON "dossiers" ("agency_id", "status", "due_at") `);
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("owner_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "dossier_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_927e4a7018cbe5a6068f7f259f8" PRIMARY KEY ("owner_id", "key"))`);
        await queryRunner.query(`CREATE TABLE "files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "owner_id" uuid NOT NULL, "name" character varying(255) NOT NULL, "mime_type" character varying(127) NOT NULL, "size" bigint NOT NULL, "sha256" character(64) NOT NULL, "attached_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6c16b9093a142e0e7613b04a3d9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_4bc1db1f4f34ec9415acd88afd" ON "files" ("owner_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_77797fb56c5189693c2af9883e" ON "files" ("attached_at", "created_at") `);
        await queryRunner.query(`CREATE TABLE "divisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agency_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(255) NOT NULL, CONSTRAINT "PK_c1f864477b3fd0954564108ed96" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8853c51300b3f71e87cf568ee3" ON "divisions" ("agency_id", "code") `);
        await queryRunner.query(`CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "identifier" character varying(32) NOT NULL, "name" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_6acd8cc6374916c08b4d7f060c8" UNIQUE ("code"), CONSTRAINT "UQ_0167b79b849fefb4522eea0e617" UNIQUE ("identifier"), CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" character varying(255) NOT NULL, "full_name" character varying(255) NOT NULL, "id_number" character varying(12), "phone" character varying(20), "email" character varying(254), "roles" text array NOT NULL, "agency_id" uuid, "division_id" uuid, "active" boolean NOT NULL DEFAULT true, "notification_channels" text array NOT NULL DEFAULT '{email}', "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_15ba26bc7b87aa8a3158be469b" ON "users" ("id_number") WHERE id_number IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_65cbf5fcb331619593ee334c7c" ON "users" ("email") WHERE email IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "aggregate_type" character varying(32) NOT NULL, "aggregate_id" uuid NOT NULL, "sequence" integer NOT NULL, "event_type" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "correlation_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_3bab8b6bcc298cc3fc5eb62c04" ON "outbox" ("aggregate_id", "sequence") `);
        await queryRunner.query(`CREATE INDEX "idx_outbox_unpublished" ON "outbox" ("id") WHERE published_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "processed_commands" ("command_id" uuid NOT NULL, "dossier_id" uuid NOT NULL, "action" character varying(40) NOT NULL, "outcome" character varying(16) NOT NULL, "result" jsonb NOT NULL DEFAULT '{}', "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bca7b55cd4a516e18eb7851f47" PRIMARY KEY ("command_id"))`);
        await queryRunner.query(`ALTER TABLE "divisions" ADD CONSTRAINT "FK_c647d9796263874753fc675fb8d" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "divisions" DROP CONSTRAINT "FK_c647d9796263874753fc675fb8d"`);
        await queryRunner.query(`DROP TABLE "processed_commands"`);
        await queryRunner.query(`DROP INDEX "public"."idx_outbox_unpublished"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3bab8b6bcc298cc3fc5eb62c04"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_65cbf5fcb331619593ee334c7c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_15ba26bc7b87aa8a3158be469b"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TABLE "agencies"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8853c51300b3f71e87cf568ee3"`);
        await queryRunner.query(`DROP TABLE "divisions"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_77797fb56c5189693c2af9883e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_4bc1db1f4f34ec9415acd88afd"`);
        await queryRunner.query(`DROP TABLE "files"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3a0b88e5857ccc66c55686bb7e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7d6b0926617d37d93de2111321"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_695ae24ec75e66b081f54b9464"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1f9219d4b85e607128fb7e4214"`);
        await queryRunner.query(`DROP TABLE "dossiers"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_afb239f4ea5fbf90e21edf45ee"`);
        await queryRunner.query(`DROP TABLE "dossier_history"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_0bf77311c6a3e5be2c1a7c9527"`);
        await queryRunner.query(`DROP TABLE "dossier_documents"`);
        await queryRunner.query(`DROP TABLE "dossier_code_counters"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_dc3a9cdaa364951ecd0575ac1a"`);
        await queryRunner.query(`DROP TABLE "workflow_versions"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6265775ce273801fe03ef7c941"`);
        await queryRunner.query(`DROP TABLE "procedure_versions"`);
        await queryRunner.query(`DROP TABLE "procedures"`);
        await queryRunner.query(`DROP TABLE "calendar_days"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_705f6c011fd8caf8e400c7d5b0"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
    }

}
