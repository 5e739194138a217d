import { MigrationInterface, QueryRunner } from "typeorm";

export class UserAccessVersion1764800000000 implements MigrationInterface {
    name = 'UserAccessVersion1764800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "access_version" integer NOT NULL DEFAULT '1'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "access_version"`);
    }

}
