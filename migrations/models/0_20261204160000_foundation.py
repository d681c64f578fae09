"""Foundation: the tables of every module (tasks, tags, reminders) and of accounts.

aerich writes SQL for one database; this history serves SQLite and PostgreSQL, so each migration
returns the SQL for the dialect of the connection it runs on. Both must describe the same models.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

SQLITE = """
CREATE TABLE "user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL
);
CREATE TABLE "api_token" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "prefix" VARCHAR(12) NOT NULL /* first characters of the token, to recognise it */,
    "label" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "revoked_at" TIMESTAMP,
    "user_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE TABLE "task" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "description" TEXT NOT NULL,
    "priority" SMALLINT NOT NULL /* NONE: 0\nLOW: 1\nMEDIUM: 2\nHIGH: 3\nURGENT: 4 */,
    "due_at" TIMESTAMP,
    "completed" INT NOT NULL,
    "completed_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "owner_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_task_owner_i_05ea2a" ON "task" ("owner_id", "created_at", "id");
CREATE INDEX "idx_task_owner_i_8a3566" ON "task" ("owner_id", "due_at", "id");
CREATE INDEX "idx_task_owner_i_046bef" ON "task" ("owner_id", "priority", "id");
CREATE TABLE "tag" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "name_key" VARCHAR(50) NOT NULL,
    "color" VARCHAR(7),
    "created_at" TIMESTAMP NOT NULL,
    "owner_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_tag_owner_i_70973f" UNIQUE ("owner_id", "name_key")
);
CREATE TABLE "task_tag" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "tag_id" BIGINT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE,
    "task_id" BIGINT NOT NULL REFERENCES "task" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_task_tag_task_id_62a75f" UNIQUE ("task_id", "tag_id")
);
CREATE INDEX "idx_task_tag_tag_id_ba5fc5" ON "task_tag" ("tag_id", "task_id");
CREATE TABLE "reminder" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(8) NOT NULL /* ABSOLUTE or RELATIVE */,
    "remind_at" TIMESTAMP /* absolute reminders: when */,
    "minutes_before" INT /* relative reminders: minutes before the task is due */,
    "due_at" TIMESTAMP /* effective time; follows the task for relative reminders */,
    "snoozed_until" TIMESTAMP,
    "fire_at" TIMESTAMP /* when the dispatcher delivers it: snooze, else due_at */,
    "status" VARCHAR(9) NOT NULL /* PENDING, DELIVERED or CANCELLED */,
    "delivered_at" TIMESTAMP,
    "claimed_by" VARCHAR(64),
    "claim_expires_at" TIMESTAMP,
    "attempts" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "owner_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    "task_id" BIGINT NOT NULL REFERENCES "task" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_reminder_task_id_c69c19" ON "reminder" ("task_id", "due_at");
CREATE INDEX "idx_reminder_status_719ce3" ON "reminder" ("status", "fire_at");
CREATE INDEX "idx_reminder_owner_i_1f812d" ON "reminder" ("owner_id", "due_at", "id");
CREATE TABLE "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);
"""

POSTGRES = """
CREATE TABLE "user" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE "api_token" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "prefix" VARCHAR(12) NOT NULL,
    "label" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "user_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "api_token"."prefix" IS 'first characters of the token, to recognise it';
CREATE TABLE "task" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(500) NOT NULL,
    "description" TEXT NOT NULL,
    "priority" SMALLINT NOT NULL,
    "due_at" TIMESTAMPTZ,
    "completed" BOOL NOT NULL,
    "completed_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "owner_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_task_owner_i_05ea2a" ON "task" ("owner_id", "created_at", "id");
CREATE INDEX "idx_task_owner_i_8a3566" ON "task" ("owner_id", "due_at", "id");
CREATE INDEX "idx_task_owner_i_046bef" ON "task" ("owner_id", "priority", "id");
COMMENT ON COLUMN "task"."priority" IS 'NONE: 0\nLOW: 1\nMEDIUM: 2\nHIGH: 3\nURGENT: 4';
CREATE TABLE "tag" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL,
    "name_key" VARCHAR(50) NOT NULL,
    "color" VARCHAR(7),
    "created_at" TIMESTAMPTZ NOT NULL,
    "owner_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_tag_owner_i_70973f" UNIQUE ("owner_id", "name_key")
);
CREATE TABLE "task_tag" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "tag_id" BIGINT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE,
    "task_id" BIGINT NOT NULL REFERENCES "task" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_task_tag_task_id_62a75f" UNIQUE ("task_id", "tag_id")
);
CREATE INDEX "idx_task_tag_tag_id_ba5fc5" ON "task_tag" ("tag_id", "task_id");
CREATE TABLE "reminder" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(8) NOT NULL,
    "remind_at" TIMESTAMPTZ,
    "minutes_before" INT,
    "due_at" TIMESTAMPTZ,
    "snoozed_until" TIMESTAMPTZ,
    "fire_at" TIMESTAMPTZ,
    "status" VARCHAR(9) NOT NULL,
    "delivered_at" TIMESTAMPTZ,
    "claimed_by" VARCHAR(64),
    "claim_expires_at" TIMESTAMPTZ,
    "attempts" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "owner_id" BIGINT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    "task_id" BIGINT NOT NULL REFERENCES "task" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_reminder_task_id_c69c19" ON "reminder" ("task_id", "due_at");
CREATE INDEX "idx_reminder_status_719ce3" ON "reminder" ("status", "fire_at");
CREATE INDEX "idx_reminder_owner_i_1f812d" ON "reminder" ("owner_id", "due_at", "id");
COMMENT ON COLUMN "reminder"."kind" IS 'ABSOLUTE or RELATIVE';
COMMENT ON COLUMN "reminder"."remind_at" IS 'absolute reminders: when';
COMMENT ON COLUMN "reminder"."minutes_before" IS 'relative reminders: minutes before the task is due';
COMMENT ON COLUMN "reminder"."due_at" IS 'effective time; follows the task for relative reminders';
COMMENT ON COLUMN "reminder"."fire_at" IS 'when the dispatcher delivers it: snooze, else due_at';
COMMENT ON COLUMN "reminder"."status" IS 'PENDING, DELIVERED or CANCELLED';
CREATE TABLE "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);
"""

DROP = """
DROP TABLE IF EXISTS "reminder";
DROP TABLE IF EXISTS "task_tag";
DROP TABLE IF EXISTS "tag";
DROP TABLE IF EXISTS "task";
DROP TABLE IF EXISTS "api_token";
DROP TABLE IF EXISTS "user";
DROP TABLE IF EXISTS "aerich";
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return POSTGRES if db.schema_generator.DIALECT == "postgres" else SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DROP


MODELS_STATE = (
    "eJztXFtz2jgY/SsaP7UzbCchF5LsEwQ3Yculkzhtp82OR9jCeDCya4smaTf/fSX5fiM2Jd"
    "SAnxIkfbZ0jvTdJOuXMDdVZDjv2pYumTOEhQvwS8Bwjug/qboGEKBlhTWsgMCxwRtDS5dJ"
    "0GzsEBsqhFZMoOEgWqQiR7F1i+gmewleGAYrNBXaUMdaWLTA+vcFoo/SEJkim1Z8+5cW61"
    "hFj8jxf1ozeaIjQ431V1fZu3m5TJ4sXtbRtR4m73lb9sKxrJjGYo7D9tYTmZo4ENAxYaUa"
    "wsiGBLE3EHvBRsA66I3WH5Tb2bCJ28uIjIomcGGQyIjHclgmyPJwJMm3oiTLQgmMFBMzfG"
    "lXHQ6Axrrw13mzeXTUah4cnZ6dHLdaJ2cHZ7Qt72+6qvXsdiZEy30Ux6x31RtKrEMmJdGl"
    "lxU8cxlIoCvFyQjR5+TLU+hM0yxcTqGdzUFcKsEFHWSSCx/56pIxh4+ygbBGpvTn6fESnD"
    "+1by6v2zdvTo/fxsEeejVNXsVgD2G2bDTRH8tAHEqsB16/IMQ3XOOrA0yHYzsEKHQYVHEg"
    "2wHmBFANAPgMadA/wEaKqWHdQUDna7QsGYfNAmQcNnPJYFVxMihGyCjDRSCwOSoEYSMz/f"
    "DgoAi6Bwf58LK6OL6KjRgaMiRpkLu0huhzlA10XDKBtuqJvvP/qc4yKI4+HaA6wsaTp9+W"
    "gC/1BuKt1B58ZK+bO853g+PXlkRW0+SlT4nSN6cJnoKHgM896Rqwn+DraChyeE2HaDZ/Y9"
    "hO+iqwPsEFMWVsPshQjahiv9RHLca6jX7QNb8K63HJNbDudbcqpG8JyT4mS1leOMiWy7ps"
    "EaGX/bZtWMUbc92Y1zyZZXpuDNQ0De9NG+ka/oCeOBU92m+IFZQBvRcn3HmP2TIKnv055p"
    "eGy96GD0GYEZ16dOx0xIi4xr59e9nuigJHeAyV2QO0VTkGNasxm2aiJGibrpo358kSiKHG"
    "wWGjYH2Oop4Rtfls5EdsPu11sLZ/wRr/W8Jv9dvvXIBWu6212/obbmvKquYbgUSmxMlQf5"
    "7c+w83yIAc2VxjG03KbdkUyDO4z69pJiXozLLMJC9faiaJ3+I1zeQ3wXzAgX8R1wK0jLaO"
    "t1Dp4/JrLVs3bZ08+fW1Ea6kESY6MUpZ4UCgyom8FQ3xSSFDfLLEEJ+kDXG0ZymcJfSYM8"
    "0TYjuQq1tmZsUvUszC+oi+GbS/vI1Z2f5oeOU3jzBw2R91UlnqUAPFUae6RcSLeSqmTKSs"
    "Q/HNxfkH5cAXhtSPoFL3uD/6TD3JezwQu727wQVo3uPr3tX1BTi6x3c3V+JQugDHBTPWrm"
    "Y6arZOA13EfizTPreDdr/vq5vI5A9sRBkPNJSq02dVTp8p5txiKYgsC26aBoI4J8KIyiUo"
    "HlPB11pcQclmee2MRv0YpZ1eUn3dDToiDfE4l7SRTmLmOwPxVeK6hGy9tiq9tur4fU/i99"
    "iGhKWuyHpcsma9KqxnLHav9yHr0bi5eCAci7brjag1bURxVOudqJd2oqKTr0pbURLUhMwU"
    "m/ZShk1bf4ItnhFjXZJn6MnNhdX7U1VQBI3K7k/9aV2cSIwVyostSYsls2LBYigJsC9Tg1"
    "wAZAqdmWHL8hEOBFaCt2LRYBzdZfrBB7eVi22r3l7ddUe9SHhWO+q1o14RDrbfUXdmuc66"
    "W/WCw+7M5Ffy2vmzXcjoG2R/+zq2V+5VNEDQut7irqYfX5vqfTTV4fosvu5CmdpMl1x+Ue"
    "AD5VkG+UCohn5dHpJ/auw3HST/eNqWUVDUQYpMvWz/KKFV1oKottOAahX0N2/QnOGW+Z1C"
    "ULfU47SjrV73IGZkTnpnYfj5SjqvyMI7tGuHxfmHMmuPtJIe6YwOvkxazm9f5aSn0O7cjv"
    "p3kghMG9yI/bbU+8T9urKJurMCibqz3ETdWTJR567alb7jjAhuzVkZppnoEAgCvrpyLsDD"
    "1D2kv18naOjwKQ6OPEYTaqDT9Ocqu7TgSj7phgi3+XcaP2KEeyMA7gjcKwyoSQG6A6iBKL"
    "gqXVXZPDxuHZ8dnR4HGjIoWaYY9/goqIAmE6RwSli//gYT0zDMByekgZIC0rTt3wp1sGn+"
    "RKq8wETPuMJi+cxICW/NBNnL84y+x1qS5YjY1vArMHvLV7uqOxYkCnXzAQ0n6Gq3HaCTC+"
    "DO3QagIQYCoYrbrxkRjWaK+cGhxAY/h/koDru94ZVQcg54Yg3QFfvUE74Ru8wxvmwPL8V+"
    "X+yu4hmfF/CMz3M94/P0h0l8Rq6UGU/Kbs3a3EvdqxiQcqDK41LHbeJSu3ciZP33onHEZP"
    "RoUaPlrLLflCFfr6wqryxICJpbJMOK5UaXUZHKfldYNqG2tiix3qzNh3p3N2vrz152jfX6"
    "s5dK7knU2/TV26avDzKu6SBjcnqvAdN9P/vwZ/bq28jWlamQdQ+8W9NYegt82KYytwruy8"
    "b6b8YB+VvmLHWaeYNOfv4iIlLljfMVsxfNk5MC6QvaKjd/weviTgFbVCUQ9prvILqvcyWj"
    "iQnCGSHOP7ejYd4HWYFIMrbRFQL+A4bubKPjtQRcBkYsgEndBZW89qkRj0zYAzpZLtcmjd"
    "nz/zltCqg="
)
