from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "seen_nonces" (
    "key" VARCHAR(64) NOT NULL PRIMARY KEY,
    "signed_at" BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_seen_nonces_signed__52ea30" ON "seen_nonces" ("signed_at");
COMMENT ON COLUMN "seen_nonces"."key" IS 'sha256 of channel, timestamp and nonce: fixed length whatever the platform sends.';
COMMENT ON COLUMN "seen_nonces"."signed_at" IS 'The request''s own timestamp (Unix seconds, as signed); rows older than the accepted window can go.';
COMMENT ON TABLE "seen_nonces" IS 'A signed callback''s (timestamp, nonce), kept while its timestamp is still accepted, so a replay is refused.';
        CREATE TABLE IF NOT EXISTS "webchat_sessions" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "active_at" TIMESTAMPTZ NOT NULL,
    "ended_at" TIMESTAMPTZ,
    "user_id" INT NOT NULL UNIQUE REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "webchat_sessions"."active_at" IS 'When the person last sent something (typing, a button, a file); polling does not count.';
COMMENT ON COLUMN "webchat_sessions"."ended_at" IS 'Set by \"end and clear\"; the token is refused from then on.';
COMMENT ON TABLE "webchat_sessions" IS 'A resident''s web chat session: refused once idle too long or ended by the person.';
        CREATE TABLE IF NOT EXISTS "link_attempts" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_link_attemp_at_f96ff8" ON "link_attempts" ("at");
COMMENT ON TABLE "link_attempts" IS 'A code that did not link, counted per chat account so codes cannot be guessed.';
        CREATE TABLE IF NOT EXISTS "resident_links" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "case_id" INT NOT NULL REFERENCES "cases" ("id") ON DELETE CASCADE,
    "user_id" INT REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "resident_links"."code_hash" IS 'sha256 of the code: the code itself is shown once, on the clerk''s receipt, and kept nowhere.';
COMMENT ON COLUMN "resident_links"."user_id" IS 'The chat account that gave the code: it is told of the case from then on.';
COMMENT ON TABLE "resident_links" IS 'A one-time code for a case filed by staff; once used, its user is the case''s resident.';
        ALTER TABLE "users" DROP COLUMN "phone";
        ALTER TABLE "cases" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "cases"."status" IS 'A ``handlers.lifecycle.CaseStatus`` value; models spell the default, the engine owns the names.';
        ALTER TABLE "cases" ALTER COLUMN "proxy_phone" TYPE VARCHAR(20) USING "proxy_phone"::VARCHAR(20);
        COMMENT ON COLUMN "cases"."proxy_phone" IS '帮办代办: the resident''s mobile (a record only: it finds nobody, see models.linking), the';
        ALTER TABLE "case_items" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "case_items"."status" IS 'A ``handlers.lifecycle.ItemStatus`` value.';
        ALTER TABLE "materials" ADD "scanned" BOOL;
        ALTER TABLE "staff_members" ADD "token_version" INT NOT NULL DEFAULT 0;
        COMMENT ON COLUMN staff_members."token_version" IS 'Signed into every staff token; bumping it (sign-out, `yijianshi staff revoke`) ends them all at once.';
        DROP TABLE IF EXISTS "inbound_updates";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        COMMENT ON COLUMN "cases"."status" IS NULL;
        ALTER TABLE "cases" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "cases"."proxy_phone" IS '帮办代办: the resident''s mobile, the staff member who filed, and when the resident consented.';
        ALTER TABLE "cases" ALTER COLUMN "proxy_phone" TYPE VARCHAR(20) USING "proxy_phone"::VARCHAR(20);
        ALTER TABLE "users" ADD "phone" VARCHAR(20);
        COMMENT ON COLUMN "case_items"."status" IS NULL;
        ALTER TABLE "case_items" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        ALTER TABLE "materials" DROP COLUMN "scanned";
        ALTER TABLE "staff_members" DROP COLUMN "token_version";
        COMMENT ON COLUMN users."phone" IS 'The mobile the person gave in their own application: how a case filed for them by staff finds them.';
        DROP TABLE IF EXISTS "resident_links";
        DROP TABLE IF EXISTS "webchat_sessions";
        DROP TABLE IF EXISTS "seen_nonces";
        DROP TABLE IF EXISTS "link_attempts";"""


MODELS_STATE = (
    "eJztPe1y2ziSr4LSnyR1is9RbE/WuboqO5OZZDeJ52LPZWvHUwpEQhLXJKElICuavbz7dT"
    "dIiZJAmZRJidKwKuXYJBogG030d/e/W4F0ha+OflUiap2zf7dCHgj4ZeF6m7X4aDS/ihc0"
    "7/k0cAwj6ArvKR1xR8PFPveVgEuuUE7kjbQnQxx6wUYwVoaMKyZDwZwhD0Phs7tQThTTQx"
    "G8xp9MwTMkQ+GfnshkqGKeor9p1SNc1pUOrOuFg8pWGIfev8aiq+VAACyi6bffWvFwvC++"
    "aRGF3O96buv33+GCF7rim1A4EP8c3XX7nvDdBfzCWLhF17t6OqJr70P9Ew3E1+p1HemPg3"
    "A+eDTVQxnORnuhxqsDEYqIa4HT62iMaA/Hvh9vT7IT5h3mQ8wjpmBc0edjHzcPoc0DzK+1"
    "ut1PVzfd67c33W5rZWMTiNROxJccGSJRwKMqevsBPsLzzouTH05evTw7eQVD6DFnV374bp"
    "aeI8YAEno+3bS+032uuRlBOJ4jNbUpi5h9M+SRHbUpkCX8woMv4zfB5joEJxfmGJ5/DdtA"
    "ccC/dX0RDvQQ/nxxtgaf/3vx+c27i89PX5w9wwUlfLzmk/4U3+nQLUT5HMVpYi+A5iWwQ0"
    "R151UeXHdeZSMb7y1i25cOh2EFED2H2B6OW38Mu28+tbaC5jxIzkbxCoJhEhF1ka2tIvlS"
    "Sl/wMIOgFwCXcN0DyKqQPbtSAarX4Pby6uoDzhwo9S+fLry/WcLyrx8v3wKFE/JhkKdF+t"
    "ROETVXutsbaw2Lr2L9r9dXnzJIewluCemu52j2f8z31ApfLI3Q/6s/Dh3EKuuNPV97oTrC"
    "9f67IO23Ls1bMNkncQTfjAVCKT4QKI/MZJGJB6841ix+6zZTkt22Xty2YDQPSaJhfS8CaD"
    "NTsCoSVbtUfgLCfV0goOSrfPrx4u/LH+ybD1eXtMVS6UFEs9AElzZSUkKEXa5XSelH2H7t"
    "BWINOaVgl8kpBj5KfslBVLEsVTGDan0ZipD2I5ZgaU8nkdQwMw9dNhly+BtE4NFYDYXLlB"
    "c64px9EcA29BPFTl49h62O2H+y0+cJKURjX6wST6Ur5aedm/cf317fXHz8ZYGAfry4eYt3"
    "OnR1unT16bJUM5uEfXl/847hn+wfV5/eLtPZbNzNP1r4THysZRf0hy530zuYXE4uLdAloU"
    "N1CR1EYwWEfSvsw7J/WWfcca1l/5SsHwl88w0+/EXIEj772gmm8ILuVehP4yNpT76s+PRc"
    "+bBQh+7fpRQ+vNDjzt2ER2534U6KPLgSFuniMgb76W+fhc8Jsas0ENs+3sAUe7j73xN6T6"
    "7OqSBl3oH3iTzuPxJFH+NpDhVNE9EDAUl3Y971SGx9MbN9NJMdKs6GiB7DxB6HrncA+AvM"
    "c6iI8r3wDpiQFsFIPxJVH2CqCzPToWILeIjnilB3EW2PRNfneC5EW33E+pshGaw1444jx6"
    "EGwRv+GPB7QSK4A89+zjxNBmrpu4lGh5yO9SMZ4F9ozl4R4wtiHdmr7Mgshrt4K8VxZXgP"
    "WsIM9fbtuQrFjYQfOdhvar5rDbtTm52qhseAvKJKQl3MaK7nMx4I3pAQg06wRJoBD4Gfuv"
    "F0CJxJQhYXl5XOsv1daTLP6feCPWMKPmOXpYFRpyYvU5tFYhJ5cHyHjPdBoGICBk2Z0mK0"
    "qpI/djKLN2vJZ/VbSzki5JEnafzITbSl3xtv1ja9WSohxrwG0hlAPSyjuGxRy2gZpupKLI"
    "3pTyKvLyYNs5E3ZouCR/KsbAxzR2zCp20mI5qNcU2CRiDC8WvmC22MwZ7rA9hEiBHrwwMB"
    "IPznkRlQhsLinK9umbUeo5M8LqOTbJ/RyYrTCE9dK6fOPPJSELW15LUux8EIsNqbJiwDuM"
    "xrxul/FnA3ljI5yJjo/GLxS6E8Gok+MB+XPZUwWwDnjOcwXzp3sPPPbC6J6haq2OqY4oYr"
    "u7/e6rgIeYBWxz2xMuay30ciQCxuss9LoHvjVfpT7jNKzNZIlsyTPAVRzkm+9yJsAfP8qm"
    "VhcStW9yHReWkz3sOz89CxibhL4Yp7tQlZ2i5cjvhkpm2lSQ/eHN5XmAiLNxfXby5+fNv6"
    "vsZMU1RxRteHTVeOXSJr1OPE75JTLR73gIsTd5d9CtlMJMRzkv5ghzRLTH8gEMKMd+R5ds"
    "WIRzqgqwokcIvzuoL5H1aeGxV5mypyOA56tmMjWyebQ5QTH7db9C4oOp2THIpO5yRT0cFb"
    "dqW3YLDnEtgBBnuWr1Oi7WZscWuswfIMYouRnnSeapy0GJ5bF+zr1yEcrD5G1fteXzhTwA"
    "oxlGt6ka9f2T33x6AIGq7C1Ej4Ph3S8SJt+gO2wINjXE7imDREoDUToPL1tvwx8lBN4lSL"
    "vAbBFEhjEizdJNgEZ1ccnO1GvK8L8p40TH05vPH1pv039Nzo3XUwNQntX+doERMwyDVSbB"
    "J4a5KX4vFzixiIoxYZuMJ11lLCy04OUnjZyaQFvLVEDCB3u1aHCNpjMoghBbPOEFMbIwzt"
    "1wg2xUNU46MlmzEZSt/4+s/jOG4tTCy2BxqKp0WgnjB4XwLKML6XNXH+cxeNPEv7CA/xbd"
    "odwV4UOjqXwOrsTrkdn4qOgJ+dv8DPEyFemt8NfhNl84kCwaPnAe6fcrjoyAgdGv6UQjzQ"
    "06FYKHvSnbbh6xSxkHKEwS9o6ybZZGWTt7byLVpi+n0WCNSmkIYA0BduEhUeR40nK+IRpO"
    "B/4eYQnI7zCE7H2YLT8fLJYUinNy1ObgamxrRWp1y1eI83CchegGws5nW2mFPWDCYNWaNh"
    "H0jeSsHtrz7SuhZ6fsSp8WjkC7QTLp54SNAMjbEoO8Vno5ZMDeWEmbOTcmcMRtxVfl3VIj"
    "vWmZqsjewj+rCyNhqv+SHvuoVXrAS21sC5uuvNrcK9+pDL9CcZCW8Q/k1MK3aa1kOqKtlt"
    "moFqcY+ewFVkF80ne4vzHBCyFz54MhY8HkfvYZpDRVGTd5cLTQ7g4ZEoukb59w0MPlQc7T"
    "Aham/wVSiVaYMYmTeYp2WvnJa+3X4oYqbrmJE5I2dukkIelPtlQhoYejsxKHqsGVU1Q4vt"
    "tM36FF6NIxSo13eCffi5c9w5e/Gic/b8+Pj4hd1UXOrsj4iagUUKeX/45ha7Ood2lOJYyw"
    "6jIeNMVixNprS+BFXbwPb9iYYs93AysmbG0TQTRB84mOaCb476jqORCN3n6EtgfOx6mvly"
    "cE7egdgERfaoNhm22ibIfzL0nCGjzCU0XdGflmiOMmdugvjqFcQHNCULxfDNAA4wsqwS1w"
    "x37EnZa1FsFxgPAcflByfggdMtHsK3BHZ4jsbyo+C03ADPC0ANlh/GMrH+4nheAqsxpk1g"
    "FDzuE4Whncw8NIu8wVDHefN66ClG4g/VQhQcpIlQas8BcUL4WChaYyBFQAPgBggZoH48yY"
    "i9qXCtLdMGLG+J3LkR3zLEoGT8FkMeC3p0S3Hkv/37zXpv6cw38+Hq08/J8GUXauMtPWy/"
    "WR5vKZ2ihTSNFETjN7NkbaNjohhGUxAbYbRu8kK1jkgnTgt8pCPywAoutpcckamv1O6IXC"
    "bZklCa059WM5LNi9XUl1rUvVu1AY4Qn2F/SzblAfPbzKWaL512nrX6xMRuU1lvL2ScBNA2"
    "DHA8suOHJFKCOGrPm910InuvlPi7pq26E9OmS8pO7W2zbVhBbbZml4Y5QIvQSZ6g85PsoP"
    "OTlaDz+QdUyH+1AHWIiP6zJs6i/wLRVAzLWWmsyD0W01hzZ8BmgG7ZiPCnyOYqw65gyaA6"
    "PAMMWchAoccWEwPvXoQkbTDMTvqnIE8EVYmj9GtpUtd4Oig+EvBsStstbyXNu2NT0PypVr"
    "d+TUXIBag9zrn4QnWRLXvDuLpTFIbCB7A5sAe3BjvqFqWeo6MjEC5v53F3s6vfbd1Oqllk"
    "xzkXsaheMANuEarGpvw6OVqbunF/jiw4wAD3NzTNL8M2O13nnW5Sl7LP0/10weRJXWpcMI"
    "3HoAa27Qc9BnVMXaonM9pubsAsP8di/U/n7mRb/xcShR42/v+E5TwCoTlafZNSl8kczDMR"
    "+0hOpv95b6oFBuzfUw9Q11N3bSpsRkW51ZB3Ts9W1aOK1sjTkCKVwzfzHzQOg205DAr6Ch"
    "o3QX43ARZtoN8L4DcNc4BI7pye5rE2n55mm5vx3iKe7+DVCtFwPP4A8fviLI/dY1n4Tpk9"
    "zpaRG3jFCDgZf4DIPcvjKTnL9pScrdbg9f6wIDeTpyXDGyXEEgdmpI5CvsIZREOsOYh1xP"
    "WwCHqT8XVGbsuoR/eURUYNihKR1/UigalIIM4KrQHvFLxNFYRndxweskDeW/yz5U27PnU0"
    "j8zyKltmebUisyhYPBQWdnoppS94mPElzaGWdrsHYHurV9qwenl19WHB0HX5ftnD9+vHy7"
    "fAZQnrMMgzen3T5fzwzY9NBPguOH9Ti6ox6O6DQXeZZktAaVPeaxfx33EL5o9CKU5f3ood"
    "eGlEe501OOkRHZjBeesxsHg8o8BtmIT6i7fZnRhplCkxEMqX3KWKoaa9xdBTJGBiHefRWA"
    "2FYhPuYcIh6wnWF9oZ2sqVVrtUQRMx/GwsxNttVSywnWshxXoGUWfdb0PFuuQ+GCM+xU9n"
    "Fb3ZgX8pkO1H/e1G62rqFTf618K4R9QrbrSFpnJtI9quF22vBfXVXCPaJiNyibbKDM4t2q"
    "a6mSTSJovnOJ81K5JAPqaDvJaS+TIcYLy/oFKGvSlJoSMRKWnJgqxkhab0WL3kVixzdS82"
    "4O4LgPvD3FtfkpYShihNnU9qI6FkIDDDd8CewouQ14Gz3lhrTJLh1F3i2Ws2kr6PY1wpFB"
    "WiocKltlSKytY54GBjsWHuQBpub8LJqcUJHJG3+PhkBACM8+i2ZcLHtLwDEko1nqOijhrp"
    "ynZcP3ayA6aqGkize89EVmTZIqJX0+S+lk3ufwT99YPQGfW7U3fXyq8ujOv6NLCwWVajSN"
    "nn2LgJq79FUzifdDSNraaUbxgy7gZeiEZRX8o7hhmKcLpFYuTz6To7bClzN/Jq7eTVplRu"
    "leFLjaF1R4bWJsZ8Fp6bJ2ALRq0J0F0J2RJRZDs3smtGzADqWzSiDFJuqnY2PoOFcZv7DI"
    "zUtGHq/wLo3mjwpXyBNdrmTG36UdpfeQrL1Vj35LeWRVmJ76xVVOR8zEMqSvbG5onESPVy"
    "biIxGg2h0RAaDWHfNYQqjozWhR+ndXiuCEZSi9CZMnhsukafJYuEIyNXmbJlWGdV9PvCsf"
    "hbHjnX9jWSRkjOPsMOV0hOiQZFtjwF1gjHjXBsFY7n/V4t8vFCM9hsEVnhsO6s+Wy+Rpym"
    "6kXkMp6qms2UEHHFwLhgtnA9oEgMjwZlz4FD2QRBU49NzOTL6BtT6uxrq3Onag839bl3Kc"
    "I3paO3VDq6J12LSJktySfj97iO6mcKu4eTAs8UqmOqxTeN9UqPjo6whqmJxElVME2OEjob"
    "2b0nJuQk5C4focuT8jlAnLTlN1e51I6VkXt4HmtLxczTLwVR2065rctxMIId4zp2GZvmqq"
    "/j+CyFWwlXPdOljDPNR1jbiYfYF5qqHRpeNQ+0WSWLapaoOH0UycGW8b5G659B7PFp8QWE"
    "BBELEoDzCXyf5r3aGNdHWxcKP/62fTGIeIBfM/yJwbLmU6fCyCYmwVz4bq28XN1COz4pmg"
    "Ki2fx9PxVdiybUFBBt8s3rmEHyiAKilevqH0XQs4fepW+3H9bXAxqZO/jOSJfcoYjyc9YT"
    "mLShMAhOLjS+otYQIGbMwuSwO4Tv22LuypjSrpsbxof3QXYWUcj9buJTa/TzHennRes1Hn"
    "CtxvIdbDszftTMKly17cNTXTqCVrG8topXGmyzMl4bEfTsyv4W8pqf5HmJOgVS56Oj9U5O"
    "TAPzONcLfrsLsdG5pHaRGIc+8rnuyyhgT8XR4IglOhz7D4bx/sxzn7XJnJ0YAYA1DiI5Hl"
    "mM4pWvtuXiqWm+XoA4lsDqTCCbBsJW0aDH5G0WPPTmQFs88hKJaW9PPMq56xY3lK7A1ddc"
    "eg26JnndQNI31kyjCdAroEkzwARX5mn2VMHQ53IMKsDXqfdPj4dq6MWjI3EP478+w6xxMo"
    "AHqBSghRSTyy2pjttatW55dCUroJ+k9hzRylJA49vthxXQkEYWqFxAnb4iKhRgmkGhqRa9"
    "G5SLteDp7VERAorXIb+0vVDBYyfME9a5KGM3kZ2NW7gWYkL5qhG6KVdRnJ0rk4w/COQ2yT"
    "K12Yo9dY9kxQHWhPX/Ekng1UpY48TmN9ey/dHCsIdZfrgSliv7bCKjOxC5cJOnzJWheE1F"
    "MmExUDYwbiLJ5O57KKF5JjlbaWnTiqtZ4hHp34cWrb37bM5syaA5Q5szdKtn6DsY9ctYDW"
    "1H6Oze2hN0iPg3RX/zqk1Gy4L/GHYNwYJQvhtHC00F6LpfBBwv+hzjhEjDOXnFhnIcqTaC"
    "aDgbsenus9emCtVkqT7VJPK0LQR3e8s2pTbqpW41mV5N0d36bcWB8bOalSnb9eY2RXd3Hz"
    "JV06K7v8Q+zRs08tvkrsUBa4WvxD/aJY9BXgEsxAAn0BfjYoqx4PNEUW1PxTpG7AFJB2Oe"
    "Yg0ZY7ThhMDWDhjRjQ4GPMCs+QJVLPAIoWq3UT41UmHLivHJFrXuuT+24Drb4joDaKoTFT"
    "a4im8jD76YTarMLkA2ibj1CT9fFabiYxFetzsOtWeJO3qoJNEq/N7sOGjtS+wB/eHzOsBD"
    "6ZPL21PM8bkXMHpFKgcMzAUZRdyJyFTD5NZ+RxWscGD0WBNj1bUQ4SeMabBJTfObayUmBc"
    "Pg3cICXn5lojQcEEnwPUCMeYofCUjXwQhtQzDXs7gY62To+cYjPxuBYW0KSMYnmWhEmVBx"
    "Fy2sFbY2w26La9+Gt+F7Y9FC7t7DdHP4/IG+sf5siJF1gQiolW0Sq5J8Nz0B34xLoNQXrM"
    "d91DuieO44ExR2q6R6tIfmkIhbU6ObJw4Ubae2EM8V2md4Gg/WZEacg+2Gx76n7RHzOEls"
    "xmUxflaywo5lTfNpWKWfS2+wpq16CqwqY0MZVIE1IyIBKyjUnCgAaLZlT38NvW+wFbAFrm"
    "pjtrV5LVCpImzKB0wr+XBN2SDz9bMJPKKcUM/pgbSXqah2ydsQ/ZuhFgMRtakdBGeJ1HHO"
    "rv/ng6cFc2Qw4sCy0H+Jvs1kgKK0ctAlYHknksqcdOwP1CJlv6+EthOmMcb8pdN5+fKHzv"
    "HLs1enJz/8cPrqeGaVWb21zjxz+f5ntNAsEG6tYuI+eOHdhUaPhbZxyvTttbzSh4HwodDI"
    "3NzSgXlMyXLXc2mHcZq2afsBmxlnAeskyQr5CcJgEFuIw3uCDcbkk7cxxLKnb5w19XLWbN"
    "DAZ4segh30WdhbpaHxCDQegcYjkIdff47b0yFjtjHshftrOXbS6K6LTDE3ywb56TlJUsRc"
    "58XIqIUXNb+j6PjXpkUeqott0jNNDta8PtkTNeu0Z2PdVS3TsPB6sXDc3u6Qm8Ch3CmSaa"
    "C90NWJHOGpz2e/IbUKv09Wl6FJZHRgQWk0ImC70R3RriNgvjbp3WS5Aa6JVXPWqe3VLLbl"
    "jPAaOSxqysEORdjbqEiSavom7MX+NkFd2az1cIO6mjpYZZci3L5SvCWnLZqRF2xwZK8b8H"
    "uRkmM8TTK99N2ZfEO6wLresDtRrZv6ZKXUJ1um/O1ZK/ad6sud+bBMJxci8hxr9kp8p73O"
    "XMLnY6pspNSYH7ZpfsisU5JtfMguUbKfqd+Linzn9DSHJg+jMlV5urdUfgc+qgIYjocfIH"
    "ZfHOfKCz1ekxd6vNpTR4baWh4iO2UpBdKkLBVMWdqp3/77/wOHAded"
)
