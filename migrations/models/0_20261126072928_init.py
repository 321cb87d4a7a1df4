from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "channel" VARCHAR(16) NOT NULL,
    "external_id" VARCHAR(128) NOT NULL,
    "locale" VARCHAR(8) NOT NULL,
    "elder_mode" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_users_channel_3da830" UNIQUE ("channel", "external_id")
);
COMMENT ON TABLE "users" IS 'A person as one channel knows them; the same person on two channels is two users.';
CREATE TABLE IF NOT EXISTS "conversations" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "state" JSONB NOT NULL,
    "scenario" VARCHAR(48),
    "version" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "reminded_at" TIMESTAMPTZ,
    "user_id" INT NOT NULL UNIQUE REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_conversatio_scenari_4b5596" ON "conversations" ("scenario", "updated_at");
COMMENT ON COLUMN "conversations"."scenario" IS 'The scenario under way, or null at the menu; lets the idle sweep find unfinished ones.';
COMMENT ON COLUMN "conversations"."version" IS 'Bumped by every save; a save made from an older version is refused (optimistic locking).';
COMMENT ON TABLE "conversations" IS 'One saved conversation per user, rewritten after every step.';
CREATE TABLE IF NOT EXISTS "cases" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" VARCHAR(24) NOT NULL UNIQUE,
    "scenario_id" VARCHAR(48) NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "answers" JSONB NOT NULL,
    "locale" VARCHAR(8) NOT NULL,
    "draft_id" VARCHAR(32) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "cases"."draft_id" IS 'The conversation draft it came from: a second submit of the same draft is refused here.';
COMMENT ON TABLE "cases" IS 'One submission of one scenario: the unit residents track and departments share.';
CREATE TABLE IF NOT EXISTS "case_counters" (
    "day" VARCHAR(8) NOT NULL PRIMARY KEY,
    "last_number" INT NOT NULL
);
COMMENT ON TABLE "case_counters" IS 'The last case number handed out on one day, for numbers like LG20261126-0001.';
CREATE TABLE IF NOT EXISTS "case_items" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "item_key" VARCHAR(40) NOT NULL,
    "department" VARCHAR(48) NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "case_id" INT NOT NULL REFERENCES "cases" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_case_items_case_id_e0b1c4" UNIQUE ("case_id", "item_key")
);
COMMENT ON TABLE "case_items" IS 'One department''s item within a case, decided on its own.';
CREATE TABLE IF NOT EXISTS "case_events" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "actor" VARCHAR(128) NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "from_status" VARCHAR(24),
    "to_status" VARCHAR(24),
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "case_id" INT NOT NULL REFERENCES "cases" ("id") ON DELETE CASCADE,
    "item_id" INT REFERENCES "case_items" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "case_events" IS 'Append-only audit log: who changed what, when, from which state to which.';
CREATE TABLE IF NOT EXISTS "materials" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(40) NOT NULL,
    "filename" VARCHAR(255) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "mime" VARCHAR(64) NOT NULL,
    "size" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "path" VARCHAR(80) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "case_id" INT NOT NULL REFERENCES "cases" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_materials_user_id_be0f12" ON "materials" ("user_id", "key");
COMMENT ON COLUMN "materials"."path" IS 'Relative to the material directory setting, so the directory can move.';
COMMENT ON TABLE "materials" IS 'File metadata of one material in one case; the bytes live on disk, named by sha256.';
CREATE TABLE IF NOT EXISTS "webchat_messages" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "sender" VARCHAR(8) NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_webchat_mes_user_id_d69262" ON "webchat_messages" ("user_id", "id");
COMMENT ON TABLE "webchat_messages" IS 'A message in a web chat, kept so a reload shows the history and pushes wait to be fetched.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXftv2zgS/lcI/3JdwC0cN8kG7WGBJE13c9vEh8b7wBaFQEt0LFgivSIV17uX//2G1M"
    "N60ZYSybG1AorUJmco6eNrvpkR/XfPZRZx+JtfOPF679DfPYpdAh9S5X3Uw4vFulQWCDxx"
    "lKAPEqoET7jwsCmgcIodTqDIItz07IWwGZWi52gBsowizBGjBJkzTClx0JyyJUdiRtz38i"
    "/icA+RKPwTSxaJcmRz9V1d9Y28rMVMuK5N7xu7gk/tP31iCHZPQFfC9OVLLxSX9eSbIB7F"
    "jmFbva9focCmFvlGuBSUXxdzY2oTx0rhC7JQpcoNsVqosmsqPipB+VgTw2SO79K18GIlZo"
    "zG0jYVsvSeUOJhQWTzwvMl7NR3nLB7op4InmEtEtxiQsciU+w7svOkdnAD67KeYdyOxsbd"
    "1dgwermOjTQSPREWmYzKQQG3ytXT38tbeD08Ov7++Ozt6fEZiKjbjEu+fwwuvQYmUFTw3I"
    "57j6oeCxxIKIzXoCY6JY3s5Qx7xdAmVDL4wo1n8Y3Q3ARwVLBGeD0bdgGxi78ZDqH3YgZf"
    "j0434Pnr+efLn84/vzo6/U5ekMHkDab0bVgzVFUS8jXEycFeAeaMWhuhHp6VwXp4pgdb1q"
    "XRdpiJQawC0GuN3WHc+2tmXN72dgJzGZD1EOcAhkaIZ8htLQ/yBWMOwVQzoFOKGawnoNkU"
    "2HFJA1BvwPZiNPokW3Y5/9NRBdfjDMq/3FxcwQhX4IOQLUhy1U6s0h6RmBhY5DH/ADXCdo"
    "lmsU5pZkC3QtU30YdDXFLgAa0RdVbhxryhQ8bXN1d34/Ob/6Z65cP5+ErWDFXpKlP6KrvS"
    "x42g367HPyH5Ff0xur1S8DIu7j11xbXc+I+evCfsC2aATWVgK2FDRKURao/S+pnOE1u1LJ"
    "hgc77EnmWkahLDA3PCC2ZjqPbx58/EwQrY/BgIrdZLaOIAe/8xGu9R6XoUJAxzeB7Pxs4z"
    "IboJm2krTEsyAdNOGC7hHN8/d0D9FrR2EzTWJszkjGRDppuj6arEJGX0AfhRDFsxtCNKxg"
    "z+lJixifbuBOBaAuNw1TkIiN2hm4HYxRSGkhU2J5W1UBTw8kK89CQ92V0lyTp0G9DkB2Kh"
    "pLIkzYoa95FHlp4tBAGyPYW1BBEQWiEuyCLPy5/bWAEFzxDtLz1uEoo9myn5hRUZCl87Cr"
    "5LCs6jwZjG9T93o9tiYGOFrDlnmwL9Dzk2z2FcG2/599SnphqJE992hE35G3nZH5qiMhuQ"
    "lQClLLmItLy6Of89y2cuP40usiaabOAiY2knp0RZApnUeRKF3M2y3BtLN154r8iHtj20xK"
    "s+Yp5qDWGhPH0uof575BCh3H/IthxQWxKyQFO4IVCE/2w+g5WJUVLgUWzuMhtp7nEZnnus"
    "J7rHOaYrV93CzVq75CU0tq97dc3JQcVhcOG7C0B1soq2DNhl3iOs/kcutgiaesxFmCImGT"
    "sKH0p6eT0yhc3HQq8YtObCOmObyGHmHHr+u/xAaPJCjazR665P7Ia53t9MuNOaLSTcB0Kw"
    "I0xyDDvZzR5xJYpP6eeMag0dvZ/GeSv6WVrMhe537Uqe0KhnJT94E7aCZyrPkNNdke+HiP"
    "aqzriGe8fULDJxMzHWg+oEHduFYg8vY7aVHHrw5PC8JHALX57fXZ5/uOo9bnA3VCXO0utX"
    "xJVDb+AGehy5HEvSYn8Cu7ja3dlUxZkjC/Gdsv6ghwRs+ty2CJUGIbQ4B8PAQhZZYE+4qp"
    "SDBU40TLne9reT544i75IiU9+dFC0bek621qgnqPey8KaIzvC4BNEZHmuJjqwqJr0VI9QZ"
    "tRZGqOvnlNJ34xe41jegHGvsMDyt1lMhGz3QIY0pX4ZZVmXdagmVzrFWu2Oty8toOC/D8v"
    "BUVFzBkzr7u08qj2IqCqLuG4FJZ8qsROlFeif9SgSErMAWFNIOjPMWQ/m1XwmMugJLssHr"
    "bBwJb4clhsLboXYsyKouYeSfmTDSeS3b3OsF3q1c3sYeOLdeunObcG9tc1l9ZB6x7+nPZN"
    "Ww02o//MA1u600UJMH6YnJg101le1KttMisFMT3hbErQGja2imrRB1KX/1pK89wZ98yXwq"
    "il+NSlb3t3mX4daVZEkvs7TdHcylqc4JCtx/aIZliA4xXyD12hJY6DITYapSEaQEB1I/J+"
    "jTj8PB8PToaHj6ejAYHBUzg1pbf4aHGS5SieMF4vtL716SPutdzrK3DZ3fWWtZZbT2Ngnk"
    "cCKH9S5OgV2gWZpio2HLwrQ2Ukq8wLlYEGq9ZsA8EPYtWyCH3b9Dy1nw+iTcKHzGog9/Ce"
    "0HCTHLmW3OkMryQ4IFXwte3Kyz5S7gtV8BLxhTrFK8K1ZoYRSmkfcEsVmciL8R4mJjsQ0Y"
    "1++ClAuOUT3clVHb43zavYl1CfYEnFNKHcrbUaasKEt/TL5ptrpIfofBqxeIFY6vfh9vjh"
    "XGvtJPo9sfI/FsALGLXrTbj10meqFs60rWZEKj82MXZLFLR2E1RBMaT0J03/aEZgMDZpgm"
    "+czAQMveve5nAgOJWVocGMgO2ZogLenf3rMhWxbVxEytGm5p2smigNf4WKJO2eJiiUMc5d"
    "KL11m8/+JI6qKlLWY2RVg5bPsgYNrKV0uhmiO2pMV5xE9tqPjAq3Beq66ak1V31NWL+lTi"
    "bshBq2dJSZ0Wsv7jQZn81oE+v3WQy0KLJ1ClGEVKq41A/1MTiaWPWsK0E5TrJ/1dRpUe+s"
    "NkomUyqjom2hGnPTDxtxKnfcyoOhA61WgaTJw2VECCkilFehKUyl/azoE+2o48UENgafxG"
    "b0BGbSA7SE6Rwyk4y3eyEkTmpjwQyWMsm8/7SN6mOquBz/Dw5DRPjxq6RplzihKphTGN6n"
    "jTrnhTRcrUsaXybGkKc0p9roBvUqeFIA9PTsoY8Scneite1qVxnsOjVRrDoXwL8a3/fGvX"
    "rjaAI/kWgntahoCe6gnoaf7VbPuvAnC1e1ok3pGQgnBYYHVUcpnEGt1gLTFYFxgargBvJL"
    "/P4PYCevSgEibVuXWRyWvZHpFZd2DOEiEA9z7igci6xsQUueyh4F3T+prdnCVdxmY509ss"
    "ZzmbpUvO0M+vw3SJdckZL7Ebda9tdk7GQ3AyZsdsDZB2b8K+RGpG5kT+At9k/sx+vYey6N"
    "cCyvyeWSiPVE4FNCJfVhF9NCcLIe0cjDziMGwhPgt/fwzNbK6MHnlc28LnM8LREttCGk4T"
    "gqZEmDNiFf2wWZOXqui2jH7nrPNa7uxUdSJPnq5E9mKNfeYjTyR7NR82tMArOXXy8OqP10"
    "qo7P54reZ3hSJgGzlIq+Nf+iHfXv7VsYXukJfOtNWZtufEs81ZkUkb1mw0ZfFaZpsBqwe0"
    "e4N6v+w/7Y936A1A/a93tMECbCSwKidVBYRD8RaiezQo42gHKX1gdZB3tTMqCjOp9VZ2Qq"
    "Wzsita2S96Tsnj/wHRhqzk"
)
