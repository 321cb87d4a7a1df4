from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "dead_letters" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "actor" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "key" VARCHAR(160) NOT NULL,
    "error" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "replayed_at" TIMESTAMPTZ
);
COMMENT ON TABLE "dead_letters" IS 'A message that failed every retry, kept for an admin to look at and replay.';
        CREATE TABLE IF NOT EXISTS "outbox" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "actor" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "key" VARCHAR(160) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "sent_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_outbox_sent_at_2956fd" ON "outbox" ("sent_at", "id");
COMMENT ON COLUMN "outbox"."key" IS 'Also the idempotency key the actor records with its effect.';
        CREATE TABLE IF NOT EXISTS "processed" (
    "key" VARCHAR(160) NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "processed" IS 'An idempotency key of work already done; a redelivered message finds it and stops.';
        CREATE TABLE IF NOT EXISTS "staff_members" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(64) NOT NULL,
    "department" VARCHAR(48),
    "is_admin" BOOL NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "external_id" VARCHAR(128) NOT NULL,
    "active" BOOL NOT NULL,
    CONSTRAINT "uid_staff_membe_channel_217432" UNIQUE ("channel", "external_id")
);
COMMENT ON COLUMN "staff_members"."channel" IS 'How this person is known on a chat platform (e.g. telegram + user id), for buttons in groups.';
COMMENT ON TABLE "staff_members" IS 'A staff account: belongs to one department, or is an admin of all.';
        CREATE TABLE IF NOT EXISTS "staff_notices" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "department" VARCHAR(48) NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_staff_notic_departm_d3a795" ON "staff_notices" ("department", "id");
COMMENT ON TABLE "staff_notices" IS 'A reminder or escalation shown to a department beside its cards.';
        CREATE TABLE IF NOT EXISTS "staff_cards" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "department" VARCHAR(48) NOT NULL,
    "body" JSONB NOT NULL,
    "version" INT NOT NULL,
    "posted" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "case_id" INT NOT NULL REFERENCES "cases" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_staff_cards_case_id_282035" UNIQUE ("case_id", "department")
);
COMMENT ON COLUMN "staff_cards"."body" IS 'Rendered card: {\"text\": ..., \"buttons\": [...]} as the staff view and adapters show it.';
COMMENT ON COLUMN "staff_cards"."version" IS 'Bumped at every change; buttons carry it, so a tap on an outdated card is refused.';
COMMENT ON COLUMN "staff_cards"."posted" IS 'Where the card was posted, per channel: {\"telegram\": {\"chat\": .., \"message\": ..}}.';
COMMENT ON TABLE "staff_cards" IS 'The one card a department sees for a case, edited in place as the case moves.';
        ALTER TABLE "cases" ADD "due_date" DATE;
        ALTER TABLE "cases" ADD "last_changes" JSONB NOT NULL;
        ALTER TABLE "case_events" ADD "case_status" VARCHAR(24);
        ALTER TABLE "case_items" ADD "reminded_at" TIMESTAMPTZ;
        ALTER TABLE "case_items" ADD "supplement" JSONB NOT NULL;
        ALTER TABLE "case_items" ADD "due_date" DATE;
        ALTER TABLE "case_items" ADD "decided_by" VARCHAR(128);
        ALTER TABLE "case_items" ADD "note" TEXT NOT NULL;
        ALTER TABLE "case_items" ADD "escalated_at" TIMESTAMPTZ;
        COMMENT ON COLUMN cases."due_date" IS 'The promised date of the whole case: the latest of its items'' due dates.';
COMMENT ON COLUMN cases."last_changes" IS 'Set when the supplement the resident sent back is filed, to show staff what changed.';
COMMENT ON COLUMN case_events."case_status" IS 'The case''s own status right after this event, so each notice tells its moment, not today''s.';
COMMENT ON COLUMN case_items."supplement" IS 'What a supplement request asks for again: {\"fields\": [...], \"materials\": [...]}.';
COMMENT ON COLUMN case_items."note" IS 'The reason given with a rejection, or the note of a supplement request.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "cases" DROP COLUMN "due_date";
        ALTER TABLE "cases" DROP COLUMN "last_changes";
        ALTER TABLE "case_items" DROP COLUMN "reminded_at";
        ALTER TABLE "case_items" DROP COLUMN "supplement";
        ALTER TABLE "case_items" DROP COLUMN "due_date";
        ALTER TABLE "case_items" DROP COLUMN "decided_by";
        ALTER TABLE "case_items" DROP COLUMN "note";
        ALTER TABLE "case_items" DROP COLUMN "escalated_at";
        ALTER TABLE "case_events" DROP COLUMN "case_status";
        DROP TABLE IF EXISTS "processed";
        DROP TABLE IF EXISTS "dead_letters";
        DROP TABLE IF EXISTS "outbox";
        DROP TABLE IF EXISTS "staff_members";
        DROP TABLE IF EXISTS "staff_cards";
        DROP TABLE IF EXISTS "staff_notices";"""


MODELS_STATE = (
    "eJztXXtv2zgS/yqE/2kX5waJN80W7eGAJE13e9skizZ7XewDBi3Rti6SqBXpuN69fPeboS"
    "RbD8qREsmWXQJFmlAcUvoNH/Pi8O+ex23mioOfBQt7r8nfPZ96DH7JlPdJjwbBqhQLJB25"
    "quIMaqgSOhIypJaEwjF1BYMimwkrdALpcB+rnpIA6nKfUEG4z4g1pb7PXHLr87kgcsq8N/"
    "iTCHiHpCr8k3OeVBXEEepv1esBdmtzC/p1/ElrPcx8588ZG0o+YUCLMP32Wy+ujs/ZF8lC"
    "n7pDx+798QcUOL7NvjCBFfHP4HY4dphrZ/CFuvBIlQ/lIlBl7335TlXEzxoNLe7OPH9VOV"
    "jIKfeXtR1fYumE+SykkmHzMpwh7P7MdWP2JJyIvmFVJXrFFI3NxnTmIvOQOnqBVVlvOLy6"
    "vhl+urgZDnsFxiYUKU7ERRb3cVDAqwr19RN8hReDo+Pvjl99e3L8Cqqo11yWfHcfdb0CJi"
    "JU8Fzd9O7VcyppVENhvAI1xZQssudTGuqhTZHk8IUXz+OboLkO4KRghfBqNmwCYo9+GbrM"
    "n8gp/Hl0sgbP/5x+PP/h9OPzo5NvsEMOkzea0lfxk4F6hJCvIE4P9how58j2EerBqypYD1"
    "6Vg43Psmi73KJQrQbQK4rNYdz7azo8v+ptBOYqIJdDXAAYGmHhELe1IshnnLuM+iUDOkOY"
    "w3oElG2BvSxpAeo12J5dX3/Alj0h/nRVwfubHMo/X55dwAhX4EMlR7L0qp1apUOGmAypLG"
    "L+Fp5Ix2Mli3WGMge6HZMeJL/s4pICH2hf++4i3pjXMOTm/eXFp5vTy58yXHl7enOBTwaq"
    "dJErfZ5f6ZeNkM/vb34g+Cf59frqQsHLhZyEqsdVvZtfe/hOdCb5EGSqIbVTMkRSmqB2j9"
    "LP+Da1VWPBiFq3cxraw8yT1PCgggnNbIzJ3v34kblUAVscA7HUeg5N7CD375PxnpSuRkFK"
    "MIfvCR3qPhGiy7iZfYVpzkYg2smhx4Sgk6cOqM9Ra5dRY/uEGc5IPuBlczT7KDVJuX8H+t"
    "ESNj201z674fCjwoxNtfdJAq4VMI5XnZ2A2Bt4OYg96sNQsuPmkLgUCo1ersWrXElPs6ui"
    "sg5sAzX5jtkkTYxKs1KN+yRk89CRkoGyPYa1hDCotCBCsqColz+1MY0KnlO0f+sJi/k0dL"
    "iqH9iJoPCHUcE3qYKLZDBmcf33p+srPbBLgrw451iS/I+4jihg3Jje8s/xzLfUSBzNHFc6"
    "vjjAbv/VliqzBlkEKCPJJUrL88vTX/L6zPmH67O8iIYNnOUk7fSUqKpApmkepUJuZlnu3a"
    "AZL35XMoO2QzKniz7hoWqNUKksfR7zZ2+Iy6Qy/xHHdoFszlhAxvBCQAj/OWIKKxP3mcai"
    "2F43a9Xc4yp67nG5ontc0HRx1dVu1qVLXori4XWvqTl5WHMYnM28AFAdLZItA3aZN4Sq/4"
    "lHbUbGIfcI9QlHjZ3EH4VW3pCNYfOxyXMOrXmwzjgWcbl1C5z/pjgQ2uyolTV6xfrUbljg"
    "/nqFO0u5hwr3jijYCSYFDTvN5pB5iOJj+JwjbYDR3RTO94LPKDFrze+lK3mKopmVfOdF2B"
    "qWqaKGnGVFkQ+J2quY8R7enfqWTsTN+Vh3igll2i4Uh3S+1LbSQw++HL6XRWbh89NP56dv"
    "L3r3a8wNdRVntPrpdOXYGrhGPU5MjhXV4tkIdnG1u/Ox8jMnEuJrJf0BhyRs+sKxmY8CIb"
    "R4C4KBTWwW0FB6qlSABM5KNOVm239YeTYq8iZVZH/mjXTLRrlOtqJoxqm3XXgzis7guIKi"
    "MzguVXTwkV7premhzpHtoYe6eZ0SbTczjWl9DcpLig26p9V6KrHRHR3S1BfzOMqqqlktRW"
    "IMa40b1kxcRstxGXZIx7LmCp6m6e4+qSyKGS+Iem8CIp2FUYloRXqNdiUGlexIFpQoBy7j"
    "FuP6K7sSCHUaSbLFftaOhG8HFYbCt4PSsYCPcoMBpFdb61ZAq0bJYEjRrDNndMaUofgVAF"
    "MchBpfLWHGfMpdYCXoKJH478IzoVjlgJzvSOaJZwS+VxGVmLCbarj6uoumkvyqSYUcYsCl"
    "1h9fvpfl6XZ3Q+t9YhJgZ340y2ZB4DJU19SfiUYHUxJ+oE6Mk2/suMzuE8lBo+NzAgLUeA"
    "xNUEkiROwiw9vqZMubrokbK9+L9ytuzDgv9pnrGiN3IXyrAzbubTO3DSv3Q5brdzxkzsT/"
    "kS1atl13wx3UsPW6BGp2hwbZIth1I1ovsJ09Ajsz4ZW0+XSM3kMz+wqRifytBJMFODwRok"
    "8o/55D5X3CqFak7yNcb+d85kv9KdL04/5Djjh4dVWzokPuRimuQio9lkSeEgJKi42xVjNJ"
    "1AlPVGEXfTJWUVtYQ4C6eMvIh+8Hh4OTo6PByYvDw8Mjve7caOtPcMZBJ7XMYVH17lrCtm"
    "lpLPfOKWNDmYuuVPrMUXU2Xm53giyaXZwi2alkaVoKVg8sTCtBrsJZ9yBgvv2Cg3ZG6Mx2"
    "JHH55DWa3BKTirKv9JWhph/FDs6njjUlKiAaTTHqT80Z9yZbNrEB3YoNgDHFa4UGLAn20G"
    "HdypFqaunPLK2FWC8t7gPGzXtrcMEZ1o8MyJF1+OhBZ8ICJH8Ezhkig/LDKKutvz7OObIO"
    "Ix15iuF1nwnC5z6JXpqEzmQq4+N4cuoIosSfPhGcMArShM+lY4E4wVxMmiMF8binKsADED"
    "JA/XhW4oxssa8Njw3oXuOVvmFfSsSgpP4GY0Bqeigbiai/+OVmvfdv6Wv4cH31fVI97xI0"
    "3r/99gNV8f6pVbSWppGiMH4gzWEwNLTXQzRF8ShEuyYvtOtYs+LTBk90rO1ZCpN+zrGWmq"
    "V6x1p+yDYEaUX/UMeGbFVUUzO1rruybQOcAr7E/pYw5QHz29JFWO2UzuowzLMomI3MHZAt"
    "fUKVANqHCpaj7Pi+EilBHNUfx3lsQ/q8kfG8Vqy6ZQuTMXKr9rYlGwrQlmt2aZo9tAgdH1"
    "Y5JnJYfkzksBC/u5xAtfxXGap9BPprPY+D/guEaSMoN6/0fxXh6E3YATQh4PtnMFEWLVDA"
    "MZX0xLljvpIOQDYI2X+Z8hyoZDEYe40fg9H1NB2UHTJ4NyH1lrKG2t2y6Wb1VkXWr0kMla"
    "Ha4Zj/zxhHr+MNoeJWqLAROgHmAA9+j9ARv6OUcnBwAMLg76u4r2XpfXG0tNXJlmP+Y9F6"
    "OKoX+pKh6rDpvUuOUZM+5utIHwMIUPeRpvQ8reF0lzltjs6Ur6e76TKpcnTGuEyMhb8Dtu"
    "gHLfxdPDrTzc1os7H8y/MhGmt9+uxIubU+c1DlYWP9O8fFBKqSopU2yXiVtEGcKMIeh1N0"
    "d9NoIRkG2N8xNLjbjrjtE3xNlZtTTOng5UlRPWqpjyp5qVNnyJb2fmPg35SBv6Zt35j1q5"
    "v1MWmA+r0GvmmaPQR58PJlFWvzy5fl5mZ8lsX5Fj6t1hiO6+8hvs3fZ+Y59QZwUn8PwT2p"
    "4ik5KfeUnBRT8Tl/acAt3dOS6kYJ0cRtRVJHLd/eksIM1gqDNaDQcA14k/pdBrcXqUd36t"
    "SXuqcgEXltJ2R4dAjEWSYl4K6CrbHK6olFfeLxO01useaaXX/Us4rM8qpcZnlVkFlMFHH5"
    "/NpNk5iJIt7GbmTy8xgj4y4YGfNjtgFITcqjbcQQ525g1Ngmi3c0llsodbdDVrm/Pq5PVP"
    "AvNIIn7mWf3LJAopyDwTkup7bKohjdBDV1hBJ6MD1/MBNTJsicOnhojYwYGTNpTXUpHNvt"
    "qqbZMrnX3lgtN3aLHsObxmope0uKLusjj1T2Gk4uHdAFTp0ivOXBaCmSzUeibSfcweRwNf"
    "pXpt4TcrgabcFk8zSibYlo+xbm/QcmS3LnpZ6uFWltqAc7pqyeOW8lY0oMHh5TTAIe324Z"
    "MhkuYmlTxQ6DFGp7IIuCMOlyfov3nqKcGbLApYt18msjbZs0Vd2ST02aqpZdEUZA3ZKAau"
    "JFlq72Ks4XqLXG2V5wv7Aw1K0b5ee/lgTdPQDWSGi5yZhjdK1mdK1IanrkMZ4MqTnc0Z0o"
    "/4jPBQ1wOwrL9UyO+JeeRlmJn6xVVPiqzkMqSjljq1iw8YajeCgbC7bREIyGYDSEXdcQWr"
    "mQ8tSNQ7Qcm3kBl8y3FgReW5WpaUlCZvHQFlEKAsxxxMZjZmmSFjyxrc1rJEZILl/D9ldI"
    "TokGdVieIjPCsRGOtcLxTyG3mBAsK2MWHq4VkYNMtYcN+X5hueVjMufhLaEuTuIFsbnP3q"
    "igEejMuWPw/9JCP4YBh4ntlNFdSB5o0ja308UTzPr7tgtv30pXLsubPfJr2SM7soau7l/T"
    "rKGZy9nK11B1h/FweRlctYvEolPAoQ3L2Cr9IBGMxRmU4oSfzHZghGJoXuBSCwTbKABP3R"
    "GGJxtK8t432vra7KKp3Ikmv+g2zSAm9eWGUl+OuK0RCMqtIUn9Hc4r91GFfMJKgWuKyusm"
    "2ReJ+dsODg4wp9toJiVwYZXRLVlKovvd7xw2VwIZtWmAYSPR5e+ORq1vt6stG3RAVBXaK6"
    "FKV78URWdv+uudzbwAOEZlHHYTXQ73hsSsQlZCqRPdskKJpAHmuqA+3mupsj9Fe5UjQKIf"
    "z4QuSr2dLlo+uoTDgdWznC4pdni1+AxCAosFCcB8DvMz+q4+CVioWOczN57bLpuE1MPZDH"
    "/iwYNoqqtEkZFKFxXcazNRttfRllcKk1CtfH/fTUVIY00yCdXMWccuRi8/IaFa67r6JVM3"
    "H5dp6/Hj/sP6uqdqVg5gjqRLaqkrw1+TEXO5PxEYSMwzF3eoVNkgZixDjTFbtuvq4pabaF"
    "Kvm0cbHz4H2ZmFPnWHSVyC0c+3pJ/XzV+1x7mrmg9S2Jrxo2OetbZtH44YqiWoiPIZ5y6j"
    "fskakSLLwTwCurYG9LJksz7Ms+vrDxmB8+x9Pob258uzi4/PjxTyUMmJ9teiBplayasO6h"
    "RJl5eO3g98Hl3ACqoa3jwBv936eFErV9dd4VmewKVyzEOPPGcHkwOS6HDkHwTPVxHH/qav"
    "zNmJEQC2xknIZzqvYuu9bTiZXHpfrzE4cmRdHiCPdVO2dZP7nWb3XrvorYg2uOQlEtNOrX"
    "hd8gVeqfufe2X6Rfy4gn4RXSRdWb+IL7YIUdaP7z5ASxwar9VxxYwjb8SEYzMV0qbcjjrt"
    "4ukNVol8zopQJvjZeP06sQs0L/miF6oIcflxsqT+XoBrzpN1hhU7av3ueBjQKQsda6rb9e"
    "Mnazd8uqrT5jkjs7Nucmct9dWXb6vlzvrdXPY3kHEeJ1UNhOPqe4ju0WGl8NrDNeG1h8Uj"
    "J9yXNe/CTJGYs1s1Hfhb3czu/w9EoWKM"
)
