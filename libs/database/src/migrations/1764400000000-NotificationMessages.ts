import { MigrationInterface, QueryRunner } from "typeorm";

export class NotificationMessages1764400000000 implements MigrationInterface {
    name = 'NotificationMessages1764400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notification_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "event_type" character varying(64) NOT NULL, "dossier_id" uuid NOT NULL, "channel" character varying(8) NOT NULL, "recipient" character varying(254) NOT NULL, "recipient_kind" character varying(16) NOT NULL, "recipient_user_id" uuid, "fallback_email" character varying(254), "fallback_of" uuid, "template" character varying(64) NOT NULL, "template_version" integer NOT NULL, "personalisation" jsonb NOT NULL, "subject" text, "body" text NOT NULL, "status" character varying(24) NOT NULL, "failure_reason" text, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "provider_reference" character varying(255), "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_025a03ac35a495f0a6d8730350d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1902234a6c36fe65fa48efb6e4" ON "notification_messages" ("dossier_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "idx_notification_messages_pending" ON "notification_messages" ("next_attempt_at") WHERE next_attempt_at IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_messages_event_channel_recipient" ON "notification_messages" ("event_id", "channel", "recipient") `);
        await queryRunner.query(`CREATE TABLE "notification_attempts" ("id" BIGSERIAL NOT NULL, "message_id" uuid NOT NULL, "attempt" integer NOT NULL, "provider" character varying(64) NOT NULL, "outcome" character varying(24) NOT NULL, "response_code" character varying(64), "detail" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f6abd34f351bbbf11c7ae8e7565" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c0b92464d3ccfff1577b8683c1" ON "notification_attempts" ("message_id", "attempt") `);
        await queryRunner.query(`CREATE TABLE "notification_daily_counts" ("channel" character varying(8) NOT NULL, "day" date NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_385e2b9c060929b1cd1e4fcaf5a" PRIMARY KEY ("channel", "day"))`);
        await queryRunner.query(`ALTER TABLE "notification_attempts" ADD CONSTRAINT "FK_aaa7075fc18dcf7dba6ebfb9c01" FOREIGN KEY ("message_id") REFERENCES "notification_messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notification_attempts" DROP CONSTRAINT "FK_aaa7075fc18dcf7dba6ebfb9c01"`);
        await queryRunner.query(`DROP TABLE "notification_daily_counts"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c0b92464d3ccfff1577b8683c1"`);
        await queryRunner.query(`DROP TABLE "notification_attempts"`);
        await queryRunner.query(`DROP INDEX "public"."uq_notification_messages_event_channel_recipient"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notification_messages_pending"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1902234a6c36fe65fa48efb6e4"`);
        await queryRunner.query(`DROP TABLE "notification_messages"`);
    }

}
