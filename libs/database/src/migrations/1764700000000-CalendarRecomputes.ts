import { MigrationInterface, QueryRunner } from "typeorm";

export class CalendarRecomputes1764700000000 implements MigrationInterface {
    name = 'CalendarRecomputes1764700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_recomputes" ("id" BIGSERIAL NOT NULL, "dates" date array NOT NULL, "reason" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_at" TIMESTAMP WITH TIME ZONE, "done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3b02fa6c3dc9ea5b71b79006c1c" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "calendar_recomputes"`);
    }

}
