from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "staff_sign_in_failures" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(200) NOT NULL UNIQUE,
    "failures" INT NOT NULL,
    "since" TIMESTAMPTZ NOT NULL,
    "locked_until" TIMESTAMPTZ
);
COMMENT ON COLUMN "staff_sign_in_failures"."key" IS '\"account:<login>\" or \"address:<ip>\".';
COMMENT ON COLUMN "staff_sign_in_failures"."since" IS 'When the current run of failures began (older runs are forgotten).';
COMMENT ON COLUMN "staff_sign_in_failures"."locked_until" IS 'Sign-in refused until then.';
COMMENT ON TABLE "staff_sign_in_failures" IS 'Failed desk sign-ins per account or per address, shared by every web process through the database.';
        CREATE TABLE IF NOT EXISTS "staff_audit" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "actor" VARCHAR(128) NOT NULL,
    "action" VARCHAR(24) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "term" VARCHAR(64) NOT NULL,
    "found" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_staff_audit_actor_474e56" ON "staff_audit" ("actor", "created_at");
COMMENT ON COLUMN "staff_audit"."actor" IS 'The member''s ref (``staff:<id>:<name>``).';
COMMENT ON COLUMN "staff_audit"."action" IS 'What was done: ``search``.';
COMMENT ON COLUMN "staff_audit"."kind" IS 'What kind of personal data was searched by: ``name``, ``phone`` or ``id_card``.';
COMMENT ON COLUMN "staff_audit"."term" IS 'The search term, masked as cards show it: the log itself must not become a list of ID numbers.';
COMMENT ON COLUMN "staff_audit"."found" IS 'The case numbers found, so a later review sees whose data was shown.';
COMMENT ON TABLE "staff_audit" IS 'One staff action on personal data that belongs to no case event (a search by name, phone or ID).';
        CREATE TABLE IF NOT EXISTS "request_counters" (
    "key" VARCHAR(16) NOT NULL PRIMARY KEY,
    "last_number" INT NOT NULL
);
COMMENT ON TABLE "request_counters" IS 'The last number handed out per prefix and day, for numbers like LY20261203-0001.';
        CREATE TABLE IF NOT EXISTS "staff_chat_accounts" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "channel" VARCHAR(16) NOT NULL,
    "external_id" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "member_id" INT NOT NULL REFERENCES "staff_members" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_staff_chat__channel_904773" UNIQUE ("channel", "external_id")
);
COMMENT ON TABLE "staff_chat_accounts" IS 'Another chat account of a desk member (Telegram, WeCom), linked by a code sent from that chat.';
        CREATE TABLE IF NOT EXISTS "staff_chat_codes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "member_id" INT NOT NULL REFERENCES "staff_members" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "staff_chat_codes" IS 'A code shown on the desk, sent from a chat account to link it to the desk member (its hash only).';
        CREATE TABLE IF NOT EXISTS "live_chats" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "department" VARCHAR(48) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "lang" VARCHAR(8) NOT NULL,
    "status" VARCHAR(8) NOT NULL,
    "queued_at" TIMESTAMPTZ NOT NULL,
    "taken_at" TIMESTAMPTZ,
    "ended_at" TIMESTAMPTZ,
    "ended_by" VARCHAR(16) NOT NULL,
    "rating" INT,
    "ahead_told" INT,
    "request_number" VARCHAR(32),
    "errand" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "member_id" INT REFERENCES "staff_members" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_live_chats_departm_c40173" ON "live_chats" ("department", "status");
CREATE INDEX IF NOT EXISTS "idx_live_chats_user_id_b304c1" ON "live_chats" ("user_id", "status");
COMMENT ON COLUMN "live_chats"."queued_at" IS 'When it joined its current department''s queue (a transfer queues it again).';
COMMENT ON COLUMN "live_chats"."ended_by" IS 'Why it ended: \"resident\", \"staff\" (handed back), \"timeout\" (nobody took it in time).';
COMMENT ON COLUMN "live_chats"."rating" IS 'The resident''s rating, 1 (非常不满意) to 5 (非常满意).';
COMMENT ON COLUMN "live_chats"."ahead_told" IS 'The place in the queue the resident was last told, so a push is sent only when it changes.';
COMMENT ON COLUMN "live_chats"."request_number" IS 'The 留言 left instead (outside hours, or nobody took it in time), once.';
COMMENT ON COLUMN "live_chats"."errand" IS 'The errand the resident was in when they asked, for staff to see.';
COMMENT ON COLUMN "live_chats"."updated_at" IS 'Bumped at every change, for the live page''s change stamp.';
COMMENT ON TABLE "live_chats" IS 'One handover of a resident''s conversation to a department''s staff.';
        CREATE TABLE IF NOT EXISTS "live_events" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "action" VARCHAR(16) NOT NULL,
    "actor" VARCHAR(96) NOT NULL,
    "note" TEXT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "chat_id" INT NOT NULL REFERENCES "live_chats" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "live_events"."action" IS 'asked, queued, taken, reply, transfer, handback, ended, timeout, rated, message.';
COMMENT ON TABLE "live_events" IS 'The audit log of handovers: who did what, when.';
        CREATE TABLE IF NOT EXISTS "live_messages" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "who" VARCHAR(96) NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "chat_id" INT NOT NULL REFERENCES "live_chats" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_live_messag_chat_id_e0e842" ON "live_messages" ("chat_id", "id");
COMMENT ON COLUMN "live_messages"."who" IS '\"resident\", \"earlier\" (said to the bot before the handover) or a staff ref.';
COMMENT ON TABLE "live_messages" IS 'One message of a handover; the resident''s are kept with ID numbers and phones masked.';
        CREATE TABLE IF NOT EXISTS "requests" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" VARCHAR(24) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL,
    "subkind" VARCHAR(24) NOT NULL,
    "locale" VARCHAR(8) NOT NULL,
    "department" VARCHAR(48) NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "text" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "due_date" DATE,
    "due_provisional" BOOL NOT NULL,
    "extended" BOOL NOT NULL,
    "correction_due" DATE,
    "reminded_at" TIMESTAMPTZ,
    "escalated_at" TIMESTAMPTZ,
    "answer" TEXT NOT NULL,
    "answered_by" VARCHAR(128),
    "answered_at" TIMESTAMPTZ,
    "closed_at" TIMESTAMPTZ,
    "publishable" BOOL NOT NULL,
    "published" BOOL NOT NULL,
    "rating" VARCHAR(24),
    "rating_comment" TEXT NOT NULL,
    "resolved" BOOL,
    "rated_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "case_id" INT REFERENCES "cases" ("id") ON DELETE CASCADE,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_requests_departm_23a5fe" ON "requests" ("department", "status");
CREATE INDEX IF NOT EXISTS "idx_requests_status_113660" ON "requests" ("status", "due_date");
COMMENT ON COLUMN "requests"."kind" IS 'MESSAGE: message\nDISCLOSURE: disclosure\nFOLLOWUP: followup';
COMMENT ON COLUMN "requests"."subkind" IS 'Within a kind: a ``MessageKind`` for messages; free for the others (e.g. the disclosure''s applicant type).';
COMMENT ON COLUMN "requests"."locale" IS 'The language it was filed in; pushes use the one the resident uses now (casework.audience).';
COMMENT ON COLUMN "requests"."status" IS 'OPEN: open\nWAITING_APPLICANT: waiting_applicant\nANSWERED: answered\nCLOSED: closed';
COMMENT ON COLUMN "requests"."payload" IS 'Kind-specific fields (a disclosure''s form and delivery, a follow-up''s rating reasons, photos).';
COMMENT ON COLUMN "requests"."due_provisional" IS 'Counted past the holidays known (weekends only): shown as provisional.';
COMMENT ON COLUMN "requests"."extended" IS 'Extended once (e.g. 依申请公开: 20 more working days).';
COMMENT ON COLUMN "requests"."correction_due" IS '补正: the date the applicant is asked to answer by, while the clock stands still.';
COMMENT ON COLUMN "requests"."publishable" IS 'The resident allows the reply to be published without personal data.';
COMMENT ON COLUMN "requests"."published" IS 'Staff chose to publish the reply (only where the resident allowed it).';
COMMENT ON COLUMN "requests"."rating" IS 'VERY_SATISFIED: very_satisfied\nSATISFIED: satisfied\nBASIC: basic\nDISSATISFIED: dissatisfied\nVERY_DISSATISFIED: very_dissatisfied';
COMMENT ON COLUMN "requests"."case_id" IS 'The case it is about, if any (a rating''s follow-up).';
COMMENT ON TABLE "requests" IS 'One request from a resident, tracked by its number until closed.';
        CREATE TABLE IF NOT EXISTS "request_events" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "action" VARCHAR(24) NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "note" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "request_id" INT NOT NULL REFERENCES "requests" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "request_events"."actor" IS '``staff:<id>:<name>``, ``user:<id>`` or ``system``.';
COMMENT ON COLUMN "request_events"."action" IS 'OPEN: open\nPASS_ON: pass_on\nANSWER: answer\nASK_CORRECTION: ask_correction\nRECEIVE_CORRECTION: receive_correction\nEXTEND: extend\nCLOSE: close\nCONFIRM: confirm\nRATE: rate\nREMIND: remind\nESCALATE: escalate';
COMMENT ON COLUMN "request_events"."status" IS 'OPEN: open\nWAITING_APPLICANT: waiting_applicant\nANSWERED: answered\nCLOSED: closed';
COMMENT ON TABLE "request_events" IS 'Append-only audit log of a request: who did what, when, with what note.';
        COMMENT ON COLUMN "cases"."erased_at" IS 'When the retention period ran out and the personal data and documents were erased.';
        ALTER TABLE "case_events" ADD "detail" JSONB NOT NULL DEFAULT '{}'::jsonb;
        ALTER TABLE "case_items" ADD "assignee_id" INT;
        ALTER TABLE "staff_members" ADD "role" VARCHAR(16) NOT NULL DEFAULT 'clerk';
        ALTER TABLE "staff_members" ADD "login" VARCHAR(64) UNIQUE;
        ALTER TABLE "staff_members" ADD "password_hash" VARCHAR(256);
        UPDATE "staff_members" SET "role" = 'admin' WHERE "is_admin";
        ALTER TABLE "staff_members" DROP COLUMN "is_admin";
        COMMENT ON COLUMN case_events."detail" IS 'What the event was about, for the timeline and statistics: a supplement''s {\"fields\", \"materials\"}';
COMMENT ON COLUMN case_items."assignee_id" IS 'The member of the item''s department it is assigned to (None: anyone there), see casework.assignment.';
COMMENT ON COLUMN staff_members."role" IS 'CLERK: clerk\nLEAD: lead\nHEAD: head\nSUPERVISOR: supervisor\nADMIN: admin';
COMMENT ON COLUMN staff_members."login" IS 'What they sign in to the desk with (with a password); None: chat buttons only.';
COMMENT ON COLUMN staff_members."password_hash" IS 'argon2id hash (bot/staff/passwords.py); None until a sign-in link sets one.';
        ALTER TABLE "case_items" ADD CONSTRAINT "fk_case_ite_staff_me_435da075" FOREIGN KEY ("assignee_id") REFERENCES "staff_members" ("id") ON DELETE SET NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_staff_membe_login_4b7e9b";
        ALTER TABLE "case_items" DROP CONSTRAINT IF EXISTS "fk_case_ite_staff_me_435da075";
        COMMENT ON COLUMN "cases"."erased_at" IS 'When the retention period ran out and the personal data and documents were erased.';
        ALTER TABLE "case_items" DROP COLUMN "assignee_id";
        ALTER TABLE "case_events" DROP COLUMN "detail";
        ALTER TABLE "staff_members" ADD "is_admin" BOOL NOT NULL DEFAULT False;
        UPDATE "staff_members" SET "is_admin" = TRUE WHERE "role" = 'admin';
        ALTER TABLE "staff_members" DROP COLUMN "role";
        ALTER TABLE "staff_members" DROP COLUMN "login";
        ALTER TABLE "staff_members" DROP COLUMN "password_hash";
        DROP TABLE IF EXISTS "requests";
        DROP TABLE IF EXISTS "staff_sign_in_failures";
        DROP TABLE IF EXISTS "request_events";
        DROP TABLE IF EXISTS "live_messages";
        DROP TABLE IF EXISTS "live_events";
        DROP TABLE IF EXISTS "request_counters";
        DROP TABLE IF EXISTS "staff_chat_codes";
        DROP TABLE IF EXISTS "staff_chat_accounts";
        DROP TABLE IF EXISTS "staff_audit";
        DROP TABLE IF EXISTS "live_chats";"""


MODELS_STATE = (
    "eJztff9z2siy778yxS+x3yM+DrEdh2xtle14d33XsfNi7+bcu5yCAQ2gRWg4GsmEPTf/++"
    "vukUAgCUsYgWBVtZU10vSM1DOa6a+f/k9lKA1hqaPflHAqdfafis2HAv6Yu15lFT4aza7i"
    "BZe3LWroQQu6wtvKdXjHhYtdbikBlwyhOo45ck1pY9MLNoK20mZcMWkL1ulz2xYWG9hyrJ"
    "jbF8MP+C9T8AxBU/jPHcugqWKmot806hEOa8gOjGvavdxG8Gzz355ourIngBbZ9McfFb85"
    "3hffXOHY3GqaRuVf/4ILpm2Ib0JhQ/w5GjS7prCMOf5CW7hF15vuZETXbmz3J2qIr9Vudq"
    "TlDe1Z49HE7Ut72tq0XbzaE7ZwuCuwe9fxkO22Z1n+9AQzod9h1kQ/YojGEF3uWTh5SK0f"
    "YHat0mze3T82H64fm81KZGIDitBM+Jc60sZFAY+q6O17+Aiva29O3p2cvz07OYcm9JjTK+"
    "++66FnjNGExJ67x8p3us9drlsQj2dMDU3KPGev+tyJZ22IZIG/8OCL/A24uYzBwYUZh2df"
    "wyZYPOTfmpawe24ffr45W8LP3y++XP1y8eXgzdkhDijh49Wf9J1/p0a3kOUzFocXewY2L5"
    "DtI6tr52l4XTtPZjbem+e2JTscmmVg9Ixiczyu/NVvXt1VNsLmNExOZnGEwdCJcJp4rEWZ"
    "fCmlJbidsKDnCBd43QbKvJg9vZIDq5fw9vL+/hZ7Hir1b4su3DwucPm3T5fXsMKJ+dDIdE"
    "V41w4taq7cZttzXRg8yvX/eri/S1jaC3QLTDfMjsv+l1mmipyLa1voP3Q9u4NcZW3PtFzT"
    "Vkc43o8Z137lUr8Fk10SR/DN2FAoxXsC5ZGpLDI24RU9l/lvXWVKskblTaMCrblNEg3rmg"
    "5Q656GUZEo36HSLyCc17kFFHyVB58u/rn4wV7d3l/SFEvl9hzqhTq4jFtKSgi7yd3oUvoI"
    "0++aQ7FkOYVoF5eTT3wU/JFiUfmyVM4HVOVrX9g0H74ES3M6dqQLPXPbYOM+h98gAo881R"
    "cGU6bdEXX2VcCx4b5S7OT8NUy1w/7BTl8HS8HxLBFdPLmOlH7tPN58un54vPj0eW4Bfbx4"
    "vMY7Nbo6Wbh6sCjVTDthX28ef2H4k/3P/d314jqbtnv8nwo+E/dc2QT9ocmN8AwGl4NLc+"
    "uS2KGaxA5aYxmE/Vja52X/de1xx4WW/UOyviPwzVf48Ocp1/DZF04whRc07m1r4m9JO/Jl"
    "+btn5MNCHbo7CCl8eKHNO4Mxd4zm3J3Q8uBKxEgXlz7ZT79+ERYnxkbXgG/7uIIudnD2vw"
    "frPbg6WwUh8w68j2Ny64Us+uR3s69sGos2CEhu0z+7Xsitr7q3T7qzfeVZH9mjD7GXsesX"
    "IPwM/ewroyzTHsAh5IrhyH0hq26hqwvd075yC84Q0xC220S2vZBdX/y+kG3FEesf+2Swdh"
    "nvdKRnuyB4w48efxIkgnfg2evMdMlALS0j0OjwpGNdRw7xF5qzI2L8i9bok2jiQ714gT6R"
    "TrC/qxOeVb2US190L/vEJJTVZE0mSW/zt0Lim7SfQOWc8iuep/e2eJTwTwpZLtTfgwt8Lc"
    "xnn4/AAsKvWhPrfKnlYdbjnvANF+KwNlxYmkNug3Bm+N0hceISivGXxq6zZOdpeJmndKLC"
    "nDEFZ4LBwsRooCGXZZU5YuyYIAvYjHdBOmcCGk2YcsUoat95aWcxrtEFB+gfFdURNndMSe"
    "1HRqB6/6t0jW7SNaqCxZjW2j4lKIaZHYfNamZfh98jF7N1+JNI69gL06zk2tugFBs8K/Og"
    "b4eN+aTKpEO9Me6S1DoUtveBWcLVngXTsIBsLMSIdeGBgBD+Z5JNWdoiJtIjv2GWuh9P0v"
    "gfT5IdkCcRDyTuurEndeKWF6IorFm4cukNR8DV9iQ4MuCU+cA4/Z8NueGrLBwUFvSkMv+l"
    "ULlxRBcOH4MdSOhtCPuM2WGW7Axg5g/j/Fv5DZSzCTt0GkZmf7kJe55yD03YO2KyTuUMcs"
    "QQubjKPC+Q7oyL8m85zygxx4ZFJe7kIYr17OQ7L8Jm8PVELQvzUxGdh0Dnpcm4gWfndidO"
    "xF2Ifd2pSUjSduGyw8dTbSu89ODN4X2FDte5uni4uvh4Xfm+xEyTVXFGP1qcruz715aox4"
    "ETL6Va7LXhFKfTXXYp/jeQEOsk/cEMuSywI4NACD0OKIzBECPuuEO6qkACj4mEyKH/55Xn"
    "UkXepIpse8N23LaRrJPNKNYTbLld9s4pOrWTFIpO7SRR0cFb8UpvxsjhBbI9jBxev06Jth"
    "svxhexhMtTig2GDdN+6mKn2fhcuWCtVh82VgtTNCyzKzoT4AodKA/0Iq0We+KWB4qgPlWY"
    "GgnLok3aH6RKP2AKTNjG5dgPcEQGxqaV5D7ehj9Gbquxn7eT1iAYIilNgms3CZaR/jlH+h"
    "sO77oZz54wTXFPeB04EPbf0HNjqEAH89zQ/lVHi5iARoaWYoMobp0J57efWcRAHI2RgXMc"
    "Z+lKeFtLsRTe1hLXAt5aWAwgdxuxDhG0xyQshhDNMkNMYYwwNF8jmBQTWY2PFkzGuC8tHT"
    "hS95MCXKED+03QUExXDNUrBu9LRAnG93V1nH7fRSNPzDzCgzyZqJTxmMS/pTk8MdTFTuQh"
    "xgfso7h7ChSCSRhhYD5yHCbANPhEUcqrzQ7GQgyEbWA6rDU5rIP6iZcxYn/24vETnNM4W0"
    "k5gof4NmmOYGozHbELZEV2uzW8U1ET8G/tPfx7IsRb/bf+DgOjxCsFAmrbhG/0gMPFjnQM"
    "mjCKK0OPmGK2bEtjUoVdXPjC7BFG3KFPhGTYyFrZ2MgNtNh1u2woUOvGvQYILWEEqSh+qk"
    "owIh5VSuCqTSFgH6cRsI+TBezjxRNGL532JPty0zQFXmtFSpD153iVLJA5ytKzUmTPysgx"
    "n3hn0lx9tuN72JlZnyXiTXc3DgyGA9mVOj9Pvx/soa7ZgT0WN+Iax3/b+G9XvGl4Z8dnXf"
    "zbMODvGj+BfzvGKWt479q1DjY9h39P3568wb9PsdG7szdwkqPxGuUAn3cxPvjCPd0efwuU"
    "topZu7HpKM9kT4fodteGU3kQ7uy4V95oZAn0rcyvQFwMDB1YqG/6cgIsR5RLmZYjKHlVc8"
    "SIrum8BtmynUmORYwJJHnZBO2LsVxWSrYPktTYQEzUgojYl0rgjKF1l5k2KawOblDv+DHs"
    "MacnxyDTnp+fneKuw08OSdTscxRWXSISRDYRbnQFbXDcLS+qwBaQZWGFaYqxuFbai2Cu2u"
    "33MG/dtxzPJ+Md/H1yfFZn+OWwYWgNsNc/ao8AHlcHNw/3h/STw9ZidjisioAlVZxaagmU"
    "sledLRQX77Qn0bW2vccoxtJrGl4mY94C2e7Y8wR3LBNtavP2N+WalkVzXWVd6fieJ25Y6G"
    "7SAa8Hd9IGpRw2kD4smhk9nFxIFyPWbWC8F1n/gkl8QYBdQhe7rBiguS54ncAu678m2fQw"
    "v2O2+tMI8yv0uMcCOEy6WmmtzRHu5ApzYTX4+UGmNJiDQdWeS7LJDCQGThkMsdGBT7Lj6b"
    "CnsXBgMyEOLF1yaxxij9dgCX5SSTQ67hf4SZkvsM+zHvOxR1J6CxBWvu3JzSOw/Llg8Z+k"
    "I8ye/auY5BwuXgw/wZoDxhNYLZ7wpI4yOyss0zX2s0fMnvvgKUzi5Ty6gW72lUUYUbCOdf"
    "Q79rOvTCoxvlKxqQN8eCGLHtDUfwWN95VHWwRf2lF+bRYOaJMIVQg3pVGoeBtU8yozu6CI"
    "TyiuB17I7r1SrCstS45fe6OoVTFP/KAVEtOuKLAttvZF+Hb1uTS1po6QS1sK4zGAYiZ26j"
    "yiwK+D9g6qS4E2+om2r+oWilnmQLDbn2vHtbM3b2pnr4+Pj9/EG27X2vsLUtVgkOhXsCTk"
    "mq8e/lTkfKq1RLMn566Rdz8pgS1RUVygKiyaxO6kIK93c9JqTsLWNNWBntmYZjpXigo9o5"
    "GwjdcYmMm4Z8A2b8lenUIt/RgGCmioUmREVSNrjPtmp88ILgg9hPQzJoVqnT2XmbPFypyF"
    "NSUzJc5OCfYwnTOXOFfeiUdCXMrieOFyH3i8/owg3HCa2fNmF8j2L2p7/amnrlyBz3NEJZ"
    "ef5zId/dn5vEBWYE5PldFXGE9iM/3QzDF7fdcHq3T7oKSS+EPVbAQHacIPQXaFhaX+XMxK"
    "GVIDDKxzJagfrxIS3nIca8NrA4aPCZZ6FN8SxKCg/QbzjCs5fXbL/ILX/3yccwlGwtOmbs"
    "Hb+7ufg+aLMWsLCYrC5WZMXmJyXOSMYoejIr/2ffxF+iIogMg3FgXBYuhnpmAxjOHA74ng"
    "9xTlD0+DreFz+09Dc041YJjGzKbdqHyPfKUbGbVhczUAbQW6rDJMZZuhAgFhoMsgmiTmpT"
    "EOd3r2rFtXNuBR/RQ2R3S/FyGIsgwnST6ndzOwIE04CZ31mfThEEUZWBCTZoye22wcDVGs"
    "xNGiSbX5Rmp0fMS4F0Zq7Flhp+pCpEboK42P1FhcsmtiacqAg4It2bRcDX2pWeNf8jYTE+"
    "MTrMTBpDxjJJ7GnKRDWpwBGr7SsB5UPtQEcYfUpCo06JjkbbJJ8QGlKR5ScdWO4muy+981"
    "TdVATMpq7Fu1Ck+nIcLaZPtDmGYP7ZYnaXAmTpJxJk4iOBOzDyiTl3WOah8Z/XfFVEQvG7"
    "IpG5eTEA7x9JhHOEwNjphAumFT198C6Gsd1q+Y9Lr9MxOSHRcUeixl3TOfhE3SBllx/hRk"
    "96ICIoTMKTWqWdgwxPywrnj78Jr63bLBcvZUWYyW81S7briMmxvG1UCRHZH3YHLqYRMhSD"
    "1HR0f/WrAU+le/x6W75TPIlq2IvqieEfRqnqrADqcihQOUJUX+HsBXwAFurWiaX6QtZ7rI"
    "M13mdibvp7vpgomZ9kiegPYOioxumAWqAjsOSDD2nZ0+cARaeF6pkOEvSCbQL0WYcT50CL"
    "cnGKaOBj5xqHFB0cQ3ls7gaOZXTZlhsG5fT+k9K509BXBLZHL2BBvHGthKKW+fRJA68Pfd"
    "bTY26IoLZOGwmFskwEd299vtbTGTt4spbW4+RU0nKSf496YZzM84+GYZ0ymyQNif0kR0S1"
    "jIjAi1xYqyyQ4a3vnx6QlhFJ43vHdv28fw9zuCnasZcOU9P++gtWuhHSdccEOc6hYN7+z0"
    "7dlhnRLRUDANIGOnhVxnn0+czblgT9iwGzYZAT1LwIfuiLBRXPO+1fqgkfNN5Uqghg3Bx9"
    "eb5sOwg1aLGjf/T6ulo9jU4fP+zgF8EaWvc6u+TpqCCFuTrV5B+yK73uY9O3oRH9F+8ysM"
    "lNIhtJRsueHsLI3dbFF5C5nNzhatZhbokVkmKWhf6EmiUh0zScNF2/LIkaCoCjWNeWUHbq"
    "heOsgm+GoJiI8v6az0ycY5JzxbdfrCgKPhZZXuwt9SJq/sM4Qb/gyzm7h2zIBZucXSbGzM"
    "Let1BwvK68/G1w60uHKggXVxwjoY+/QXSBmgAOiCOfi9xcAkrq/bPTakjizeyeS2nhIU12"
    "9d2PQWR3pxck+iODltX0INROyJ0u6azjAbiPocUTHc7qtA9K9jfefl0sZ0oUxzEqYpxpTs"
    "VaFUnWHVpCSsLNv8Il2522fe7UsfZfJpsL8+ytLRVTq6dsHRtZ38myk6Zox9PoycmWyen4"
    "PpfN44/xPW0BwKlxMCPih/aJ6e1ncxNbIbMktbm9sTVyCw2xOVaQDNcFClqvNkxlZ9Xjs9"
    "iyqaOY3xPGzTH2GY4WkGT2nG3pgZO1u2Tpmok2irjCTqYHU4+jsDf8M0e8jk2ulpmnyP09"
    "PkhA+8N8/nffTErBp6vHbT7dDMtoCD9nvI3LM0uUpnyblKZ5FcJWX+FcPcxDMtaF6K2DHW"
    "NC11ZPIMTSnKxZpisY44dJyBvUH7IjO3ouOXnkRQt3gq8hqmIzoUtaGEixjXBPKlfS3BnQ"
    "632VA+xfji1tftcojhNDLLebLMch6RWRQMHmv9vJTSEtxO+JJmVAuz3Qaywnjp1mFmu7y/"
    "v50z41zeLNrRfvt0eQ2nLHEdGplaa42x/5cYTHtmXCsxmLZx8pflskpz5S6YKxfX7BpYWl"
    "Yg24YF+Ktod/rc/SSU4vTlRezACy2qy6zBY922OdSNU0ds++0ZQSdBJ4hE6VbZQIxclCkR"
    "isCS3GCqL8dqLg4ZoTBHnuoLxcbcRGBa1hasK1yMWYsLLMtzqIwmYtMoLcSbtRArAa+VCe"
    "t/RlFk3W9FxXotZV3CWvUEP50oe5PDTUIkm4822Y7WVWLglvrXXLvV9S84f03M5cmyoYVp"
    "1oJXkseBQaH8eNZqZPrgzEZMbP/5tXv2AFEV/5RtOL4nVb8Ge8ccmYRTj/coPPbQN0whbk"
    "1EIshtpIZN3Q65ITQgjo+1D1KHdAbwh2GKQMyQIBl/YJhUSfg5jhhZJmZigcTh2TCiCCSP"
    "NBHvaQxp0GqJ4yRiSivV0rKKc6lDPaNDPQjC0a8k61BBi1Q6lNKNU+tQQZXTV2qq1jC/jz"
    "pi9QPzDNpomGlYaM2XzJJ2D1NJBdVWhF0O97WRcJSMAbzNZYSyFlqxFCSsu/UkVhAj5wh3"
    "R4qsfO0LO7QodeFRhemDSg4Fgjn32AG8CLm3OGt7rot4iJxhdMvhBzaSloVtDAnnNVbGoU"
    "qqcah5uY2zx+lQYkWYuDDd7iTePQgXt8gGPj7JfsBx7jQqOk7RlQNYQiCjBjstVZl0cV3F"
    "bdcv7WyPV1UBpNmdP0QismwW0es5uffeFo8S/slZ6t3qJOQj875Ijv0ouHEr3ISC4qG7S+"
    "VXA9qBOuqmLyc+M8qT5tzlcOQZPkqJI1xn4pvnCVoW1GhjiNAjKFzKAUNVG3Y3VJn5ZJnB"
    "fy19l/Jq4eTVsnZvnnFypUV/Sxb9MpkhT4OmcJy4fSM5AXdKUGbeZs68LZ1TyUt9f51TWm"
    "paEeV9jnRnNPi1fIEFmuZEbfpF2t/6FJZ7z23Lb5UYZcW/s1RRkbM2z6koyRObJuQHzXz+"
    "Ui5DfkoNodQQSg1h1zWEXII+Liw/f8g0xHAkXWF3JhhvoWFm8bPEoAvpGEpXqMKwC9Htik"
    "4cxu7L+tq8RlIKycl72P4KySHRIMuUh8hK4bgUjmOF4wezZ9/YP3HT8hyfhQtC8kKLpcKy"
    "wooJTQTjb5p2sxumeR70RRvd4eqAYQ+vTVuhHxz2YfJiY4AI/TQM6FNVEXXFCUOVY7TJyJ"
    "EduAn7tyO9Xl/nmYLQ1+YqJml1M0OW3oBiyfp7JxE1Kv56rf9gyZ5p/9ioEPR/xV+39R/M"
    "EVyLrv8shMtRTo7TyDrQKhnl5DiKJhPaPlJ+AmGSEn41Ahhh2nGwwc8IEWa8V73AIuMsjK"
    "rjOQ7VHvVshPgKlgdrix632YG0DNjd4aYuZ9GVTk+6oATEoMavp8s9k2HmCg/IzgDUC9hM"
    "TCvrGluk3RlptfKgpYZpgBS9AkVIxcRaLW+7Z2ujKPItSqRX0E2saDu9mUKq7UC7lKIsZo"
    "to+EDHYDxcbUIJ4Rc/JmzBKhOGCWsY80wpNQRR7GmXwSI/CImi4gtYrLX3pYV3Zt2X5Xe2"
    "KraGJiKD9DpPtYfG6vVXXGlLI0ZBSLZUB+13Fwi98oXyl2GnwD2ljiXZXfHNxdLrR0dHWI"
    "5dR5qHirEHWwntjezJFGMKguMGH2FIH2WsMTPG5JrvUFs2tj/B8/ipOyl3vxBFYRWWyqU3"
    "HMGMcdc3e2ic+Q9+/oHCqcRib25VYyO4fIQguSAOS88lUHR9Vs0CyaPLIp8hclaocDlkK5"
    "wwo9jh3eIrVvL0BQngOWbB6veqkrUMp84Wlv9tW6Ln8CF+zfATk8H0p45fuh9zqy98/x6r"
    "dOU20JZ3irLOQPL5vpuOnBhNqKwzUAJ3FTFDuqB1BrQ6Djv3hbZKVxJV9lCbagrNHROlfU"
    "t32mQTW6IqrLOXp96gLqnbahDUwj549E+dKvsqruTwsAoHuD3QHiLQweGBdPamnzcHfWGH"
    "MXEIuQ8Xr+PrAxTvgwwuHJtbTbMss7tdPT80KWmV/BDJHmr464d4Dy/2DGxeINtHVtfSWF"
    "OgVTKzaxF7ShmztG+ibpqYJX1mZRN252hKcfd5cVczbA0CL4lVn6a97RiX08q9c+urkJLv"
    "FfxeKvZSg7QyL0qEqbOrtfjYl2MEd9BRTAKrXM0kSj4vn2L+M4ifTIOcBgRTYRVjZftc9a"
    "E3axLjUd/IiGXsVcGEW5jyJs5RJvE2TFTcOKzCZFuIbyMTDvJVEHHmKPdQ4NoRAStVxA16"
    "OVaxH6syZXIn5reUoEsJupSgs0jQPvuT5OfZ7DwnPevXTC0668iEIJYaqwNICxpilAJGY8"
    "He4QxUlVmg7Gu43j79BRKp6VAo1yxKJ05OXnf3pS24SJvTMnE5azHVPS6kun4xeWsBdQWT"
    "mfKOp8PdKp7D17Y3jByv8xgfPu0G8XRoO61k43Xl6vb6y691vRU37Nvri4912o8b9i/0d5"
    "/+fvjt8/WX328e7r/UmfJGwnkylXQa9sXHTzd3dQ0rt7j/b8dDQulAWT6LKUFxqwV8RVMS"
    "HHgTyvVjGsFvakSi/O4D+pezEVdqLB3jUMPt17UZKohFQ/NSXLDSurvfOEiDfqrM9pkIYY"
    "F3xQp3etKumYa2FB60pfsPkq/+EbyFOhpN/InxUzR4kByqrY9KuDhJMfmka+77mcLiaT56"
    "aLWksHjks99f33PlFznWxTt8aG34a2D7pmffzDyyuAsC9ZAdiKPeEQtCCtn/ZQivykzjsE"
    "oCd/ChwqT1HOmNYnI0ch+t9JgXQ1zKxWOuYfKjjF5aknhGtFpF4pX4HJzLO1uSmCDOm9nj"
    "9iN0xY3ex7xDSgIDeUQH12uDAr0CRtgPsZ4AOtUO6CySnltlrYn5p8lt1Tf91o54gvatQy"
    "zSQbaFIeOWhQH7WMsjPttxI6NuF7Y89NEqRa/chLU2jElav/Tpf/pV10qPXTah+NMb6KY4"
    "YhMmHfp+VtnVkEnwfK9UOP0Q5hLOuYAPKP4eaPGW2xOUeNDYRMWvhE5BxApXR7p5rOkrm6"
    "lyUZCZD/lcfS7iIk537MhKx7IgWGANrAqiFPaRT1jujcIrXsisW+gHeVWYb/zlbMrdwH8n"
    "XbOTHCDj364+b+C3qWWGqllD5LVDRapUh+u59WNXXDmfhd2mAliEFUc54/FFsl7aYRpI0X"
    "lbZYkqWqZsF0JnWr+JGVOIoyxOxmkP2u8Fc5fFPJRA7WU8d33leO6CYLh81gh7IhbDZXZz"
    "6bE/mmuWIv8rAgkLag8qLKB/4iRPmAEqzQd0xotZCeCgilDXRHXV1IWBlCvjTIT5DPGCgN"
    "d9w8VbOd1obbi9S+Jgyz203EM3uYf+Aq0+e6oft4VO7y3dQfvIf11fPK3apLUs+B8bcbeP"
    "xUgtw0fymAiXHXwlBbiOGB6k4Zycs770HFVFEhf2RlCLsKwpJQSMF2qjjh3TjYPH2tywZX"
    "JBsdStssrA1uBMyvPs73KeFaxE7rYnN9/o9PjCt5lj01ctfVuMTWzNxW83p7b6AR6P6PGM"
    "k7vmGywVvoJgkSa5T1ODmGDQOGHTUyFvX/B5paiuvGI1LfaApIPeuQDH3hFd2CFAyiO0Nf"
    "S24gYWi+WXxwAvEKq2Gy1dIBV2XbGByaLWE7e8GF4nW1ynBGVlzMwG1wLlcxbTE1l0WSpV"
    "up+/LcLrrgaiHke/MzMOWvvC8YDBQah265OlLy2K/zEV61jcHIbA0+FwwYNCsTE3g0rsPA"
    "ZhNJcR9mw9FsRY9SCEfYcBXnFS0+zmUolJQTN4NzuDl9+PW+qASILvAWLMAX4kIF0PR2gb"
    "gr4Oq2wgRmgVMi3tkZ+2wNgnBUvGIploRCilhFWr69QuRb/d4NgNu2Hf2HNVihh8/og+5/"
    "Y55S0MxVBivF4QuBd8N20B34xBpGg0YW1uod7h+H37KM0wW/6wpUNiYYmpPq+dnqGbx4+a"
    "r4amEPcVmmd4GhPGZFqcg+mGx36i6RGzoHGFAZHRhZTLCFuWNf2wyjjp59LsJZoa5sjyMj"
    "asY1VgaKUjYASFmhMFAE2n7OA32/wGUwFTYKgqIqHr1wKVypFjaE3lZujD1SUr9dfPxvCI"
    "cgzbic16Mr6ERL5DNmz0b9qu6AkH9y8XQ5p8qaPOHv7frekK1pHDEcfiOcqV6NsMGiiCfA"
    "ddAobvOFLpnY79hVqk7HYxSWZJ6O/7Wu3t23e147dn56cn796dnh9PrTLRW8vMM5c3P6OF"
    "Zm7hZg4QzvOcvDXtwYWLHotYrNTw7aVnJaYewYdCLbPhRRHIqGEaNMPYTZVRkCxM5mgRzx"
    "TOE4oxxSWCzduC9TzyySeCQ62x+9JZUyxnTXZldpMegk1yeteVhtIjUHoESo9AmvP6CwVy"
    "2y4ezHEH9tz9pSe247ds4qGY+sgG+ek1SVJ0uM4KhYE6YGkUcYqO/0DJVZiGCmok6pk6IX"
    "VWO+wVqpP6AeKO7ryGKY/wYh3h+wzmGNKkaTnCU9enf+FqFVaXrC4+fGkHBvRBTAkEhNZu"
    "R0B/GqiJLDdwamIK3DK1PZ/BSgDKgp1g+yLslQCUezy/ZVBX8tG6v0FdZY2qdZcJ3LxSvE"
    "FQgHmAdvzR408iJMdoVABXWsZUviFdQNcoEijPpMz8L2uHFUC1frZ22OLK35y1YtdX/Xp7"
    "3i/TCeX3X3iGGevpCN2tPp/8z6cNn7WZ3NtiCr9LGfrwn04E4Rb5z/UUtYUl7R7OCqaQ0H"
    "yIJ8weOeBMCe50+mj1wIeuslGf3FgOu/kYUxVjEwOmgQ6A0SV9cyFRrkQP2KyHJJiCtKaV"
    "KUGR09pDSEJktuiyg1aLVnz9B9P4sf4Dvv6PrVbMt5GJcjuobXEYYksnLB4iplgzRsimWH"
    "zZIDQnYDrtMK1WAghqYtPlgJZpzFC1ZDNULWKGGgAfskxH0L74k4FPiqf//MmAfNf8Jis7"
    "sh9Z0WpV4S86BVotPAdaLdNoIpJM4gyut/8NY1W6whlmmfagfaGnHfc+/2DH562yIVdY+Z"
    "X7mEBkGwbZsO6H5/UCs/HQUy7T8RAdORSMU0ojTu7NR3gQqnMQv9XmO9yGTdJdkKczZYZO"
    "CTafF1r5oevZWvpre6blmrY6wvF+rKyiqaBs6DOe0Uv5oaGY5Iyhm0+mGCMkn2LjvlQi9K"
    "mjtyFBSVlDp2XGalFNAXtm3CxMsJ6P9xcbqTfDAlwWphdGHkynvPa5bcgnjdrJp+50kJ9h"
    "zhG9VuPOLSDOvVJaB41XT1/eZXbsOqB1PVWBVn+ELRTB5VIxLWHt9hDWbn/h+FfGZlq3sm"
    "BxGDwDf4P2G0xj/avfvLrLKPqtyN80Kzh5AUfWr789Z2DvjGKDDMa0PlNP686xGF7TW0mK"
    "nSPcHSG28hVdHKbL/pQm4csjKK7nOGj7npM26P3QHA4zYasuiCt0RUPm9WByYgyMa+57j0"
    "NDXI7lD7KvujBdGfxT5BkWwMJV9pUwXTnDxZ/hdqYc2zBNcZE8YCOf4F5MT1tnjWm4fAPa"
    "NrQXuFFhB6jJoikb9PtDvIFrUnou3rJlWxoT0GLlgDzuOkMy9szIc6gNS8MwcWacPJyoMs"
    "8Iih6nFLJT6IeusjfsoOG9f3cqGt6peHve8E7EsdHwzoR4A/++Oe4eohXjdLFV6H5SZm1e"
    "Q+UcqMaxTGUTQ0syLIF5oqIvg5HFO4K+Mfih5Tg3NGVko0bwKgqw8Y3aCHpK4ffYAKszal"
    "BQ+FZR2+7FgZDmO1TOy8DPDG9qA3+W4yFKWeRSkDhJDe/d6en7hnfOj4+ZJbq4/yoX8cgO"
    "AnhYHxtWOixhp64mlMDKof+l58HbWorz4G0t8TzAWwuJHA4oONkq/k0pCiwe4MToB41+kc"
    "D0APJ3wsjpqcswBtXL0KsVP9Uv7nHDLlFvZKzoAZun3CHjwaU3HKEX2/WRbfSmqqeDHNnm"
    "E+zbvIeph/oeI1CM6IS/qKf98LfFKBmRYlk6XCtb8PscTYHlib9RPkHhvAJlkv32MwGejR"
    "SPbgRrYCqFen+a9rZbO0Fa1s5tgVnD8EPiG4aEr6FM4fWT2MltIondCyuTCuqsgU2fdE/7"
    "xKi8A2L0ykqIiJkuu2dCYmbL/PmYGBTUKf+DghZldxrNouoYqkZgU4iHVyWZPV7Qz0hfwl"
    "YUK3xlb+P0fd1Se3arjHxtVcLinFSnrsoqrVj8gqvaaK0RIqn8Nr1DNSgxFl38eQywYQv3"
    "fibVrBiL8D4Ne98ns/d9hL22dDPBwgfti2ssWotrMA9U+GID6JVe2eqKoBtYuT4b/MKMol"
    "TuU6T59+O+nMx6aIby7UVjcOpU/9nCKlIqeFjVStAcQprYM7pDWPtLF1EfFGCl6PdA+v8w"
    "Z/Z/pRh3hI/Wbrr9UO4T4XNRrpzyc6rig+xzGSVN3H1o0suC8ZtWTUCDzCKb+s2LLJlWFi"
    "NiBHcsUzgY+KI4KMuupEXdppTBLuzC9DNY8YeM0CO1q8wRMRkpOfS/YZm5LF5fSs1FY30p"
    "Ne/abJZScyk1L5Oav+jQrDiJObi1VFr2Q7syCMo+hUammiWKkqWwM9BA0JhioWVWv95Wx5"
    "KxBSHW0eHL0k5nqUkGdIL7fikdb1Y6zh6P+MI4xIKxd2twOdfAx8gGv3vQOSBmPFz8fF0P"
    "lOuG/fHmAWTEh9++wEXDVLhXeA5c/+n+9vb+62+fYWBpWXLsjRY3pO1kqyqvnRXUKERSXC"
    "N75avp9k0bNnV81jr8v9XybTi/woVWi+LqAlvNBzgBhJiG2vnFGQ/EUe9I17WbziSaSEYj"
    "y+xwBFOE945L4Njo0Bv+pi3Z4VamosgzioKnOJMrHtOxPbSTmTrWVleYMO0PFEkvqKaEni"
    "l7IfqeChaCOsEOEMxmLJ3BEfr1BRZajHf75zjWJjOGS/SGDaE3LMt+f/5E3UomvBzpQvRZ"
    "PsP7z9d3dYaUDfvrxc3jzd3PzYvPn29vri7uHuvMT65vTjfDhn1x9/D1+sv1R9hsbTUWjj"
    "AaNh7DeEWL66uctuvfPItvmNsbZ/aIT7CkbJTbyQBtIZJiQLThsJkh2lDGeK1GomN2zQ7T"
    "Wg8iC8wJElSPFV06oJWbmG5QBTFFS6avvdE0zRDLUiuYR4L8daWKOcfyH27LsG5T3Tyykt"
    "DKm3C2hWiW2XlTLKZixhvHcR/NtjG8GznyyVQmgn5GWXgppSW4nczFBeoFZraBPK8Pcnol"
    "w7d3FZQSpSRM9ApJyzT4RLGBjYWWDsZCDLAKMmViHtb9+ksg+oXeM/qNra/b9LN5eX9/O/"
    "ctXd4s7rq/fbq8BnWTPixoZGqrZDS7BA4xCtvLOP1hsoLP+7X/qLr+nFbeGt5J972B2Zpv"
    "3za883b3XcM7fXPWgX+7x8cgXRyzIToPUXjHvQ/nM2Z/XW/XW5n/jnQcQUdbEz7pLPtolH"
    "IndtMKTMr52WnDO2ufvdWAtvh8urr1VIU3lc7dJGBDEltZe4JR3qAF+pXYZGeAnmT8spVr"
    "WjFbQ64jvWjvd8TQXBHxZYG0BH0psqMUOMCtFdN+F2nLmS7yTOutI4v+OqMoNdjsgSW+KS"
    "MjoNICWYHhMla0q+VTaiPg2grhPPOk5R5W5D1MWwNXwWgPE5ZzXOQ5Hnlty1R9YnRklpeq"
    "nAuUBdc6w8hgjKMxTfleopGFmD+sLZj/RiD7Y0C39Nz5CizL4cZe0ulWNM3pg6027zthay"
    "C4AtahIhgwHf6jh+boIED5chachjSbhEIbY2dYX7dbmfkknMF0rrFE0MEiiUuV36+//Hfz"
    "4eLx5uGnG/RsoSG9icURFLyz0bBDt0JXLy8ebq7qrM2V2aH4lFAzw1ShltT/fAMaItxq6X"
    "4xM+T7dSS1aKRLyMPKwdgG9HVDe2k9CY1sNeQuVng5uKP6XljoB6PstxLboB8e1sUw3pmd"
    "rOhEKUuFJ7PCEyyLjJt3mGy1vXt3ZLH17pirGedKe82OyMFlQarEad5RgLykglR/bxDGfZ"
    "/1mI89gjkVKqKeNl1pRlFgSMRZcUBdpZy3CfbF7IJMOcE4Ey15UYyJH04SVW7yTC4oQRRL"
    "EMVCZYtlAlHEL2sNLL3yu9mfLWPlTlbN8ZvtxttFZ/RT9/YOoHEDmZA6TMupJCdEBi2qKf"
    "Ii4R2ocQYYQsL+93MV/fIgvnGWjRzRNb/pGEw+0ajSAbSHZQ4Eu/3v2nHt7E3t+O3r4+Pj"
    "N0kJC+sd4AVAhgORySvqN9+7pL11ZYQl50jinCcWbkgUbRaoNifeHO+SbLPVxO1EpNTFI+"
    "D5rSoLXurFaCRs4zV5E+ZwT3mQjh2He1rVgER4AW3EMVCSa+y3xFctVpp2CbGy6yaMNIar"
    "/QRSrbRahAVV/8E0fqz/gC/7Y6tVZa0WKmp0tdVCzChoN1GuGLZa0b1txT62EEa1BAn5eT"
    "fsjqAih/MTP188PDTv4eeIK9WUdpCLGGQiwu+HX5tX91++XF893mBDrgbNWVx7w4Yb1ze/"
    "X8+1gZsCsQTD7a7/+Xh997HOdFqEn9/opzfCr/u7n26+fILf0u6azhD6hU+6TvjIOManG6"
    "TVgdXQFyiVt3Q/iMBNaTLL2QG7ewmuL1w+eaW3kram+cEcs9d3Ge+il93tm4qRtBYuD+cK"
    "y1IEdDOUQ7qHbnhXgiL3Kr4+XM7roAR93pjTHYWuKKuTk2SD9rubIbuOqcgl0zTQpjLpEP"
    "NEpRvheTeCMwMne6HZOwRztmMsTmuWnl9dRUKfuxCO2elXYswX/p3qMsMFn7V5zmCRzNPS"
    "TFAsMwHWzMlYhyVEUmSZcUXjcO30NI1kdnqaLJrhvQUVbzTKpKTr5nvI3TfHx2kU6OPjZA"
    "Ua7y3mSttubOxpskQWItm8ULadULy1iV9btch///+28TuI"
)
