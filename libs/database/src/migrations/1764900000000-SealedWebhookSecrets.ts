import { MigrationInterface, QueryRunner } from "typeorm";

/** Room for sealed secrets (SecretBox); widened in place, so the stored secrets stay. */
export class SealedWebhookSecrets1764900000000 implements MigrationInterface {
    name = 'SealedWebhookSecrets1764900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ALTER COLUMN "secret" TYPE character varying(255)`);
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ALTER COLUMN "previous_secret" TYPE character varying(255)`);
    }

    /** Refused by PostgreSQL once sealed secrets (about 107 characters) are stored: they have no way back to clear. */
    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ALTER COLUMN "previous_secret" TYPE character varying(100)`);
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ALTER COLUMN "secret" TYPE character varying(100)`);
    }

}
