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
        ALTER TABLE "cases" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "cases"."status" IS 'A ``handlers.lifecycle.CaseStatus`` value; models spell the default, the engine owns the names.';
        ALTER TABLE "case_items" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "case_items"."status" IS 'A ``handlers.lifecycle.ItemStatus`` value.';
        DROP TABLE IF EXISTS "inbound_updates";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        COMMENT ON COLUMN "cases"."status" IS NULL;
        ALTER TABLE "cases" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "case_items"."status" IS NULL;
        ALTER TABLE "case_items" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        DROP TABLE IF EXISTS "seen_nonces";"""


MODELS_STATE = (
    "eJztHX9T2zj2q2jyT+lcykEKlKU3NwMsu+WuhV5hrze37GQVW0l82JbPUgjZvX73e0+yEz"
    "uRgw124mQ906Eg60n2e0/S+63fWx63mSt2fxIsbJ2Q31s+9Rj8kmpvkxYNglkrNkjac1XH"
    "EfRQLbQnZEgtCY196goGTTYTVugE0uE+dj0lAfTlPqGCcJ8Ra0h9n7nk3udjQeSQee/xJx"
    "HwDnFX+CfHPO4qiCPU32rWXZzW5hbM6/iDymYY+c5/R6wr+YABLKLp559bUXd8zh4lC33q"
    "dh279csv0OD4NntkAjvin8F9t+8w107hF/rCI9XelZNAtV368gfVET+r17W4O/L8WedgIo"
    "fcn/Z2fImtA+azkEqGw8twhGj3R64bkSemhP6GWRf9igkYm/XpyEXiIbR+gVlbq9u9ur7t"
    "3lzcdrutBcLGEAlKRE0W95Ep4FWF+voBvsKbzv7Bu4Pjt0cHx9BFvea05d03PfUMMRpQoe"
    "fqtvVNPaeS6h4KxzOkJoiSxuz5kIZm1CZA5vALLz6P3xibyxAcN8wwPFsNq0CxRx+7LvMH"
    "cgh/7h8twec/T7+cfzj9srN/9Bon5LB49ZK+ip501CNE+QzFSWYvgOY5sG1Edec4D647x9"
    "nIxmdpbLvcotCtAKJnEKvDceu3Yff8qrUSNOdBcjaKFxAMg7Cwi8faIpLPOHcZ9TMYOgU4"
    "h+seQFaF7GlLBahegtuz6+uPOLInxH9d1XB5O4flnz6dXQCHK+RDJ0ey5K6dYGoqZLc3kh"
    "ImX8T6326urzJYew5uDum2Y0nyP+I6YuFcLI3R/9If+RZilfRGjisdX+zifH8tyPutM/0V"
    "hPeVOIJfRjwmBB0wlEemssjYgU8cSRJ9dZsITu5a+3ct6E19JdGQvhMCtB7JWxSJqp0qPw"
    "MhXVMMFK/KnU+n/5pfsOcfr88UibmQg1CNogY4M7GSYMzvUrnISt8D+aXjsSXslICdZ6cI"
    "eDf+JQdTRbJUxQdU6+uQ+YoekQSraDoOuYSRqW+T8ZDC3yACByMxZDYRjm+xE/KVwbEhXw"
    "lycPwGSB2SP5PDNzErhCOXLTJPpTPl553by08XN7ennz6nGOj709sLfNJRrZO51p15qWY6"
    "CPl6efuB4J/k39dXF/N8Nu13++8WvhMdSd4F/aFL7SQF4+a4KcWXCh2iq9CheKyAsG+EfV"
    "r2L2uP26u17J9AMeCjkGQ0BXiWYLSipX0La83jPcdlyWU3oA+MOGolOiHhY9Bvg8B1LIpg"
    "J2TIx4QSiwrcoV1Yhn0eqi2a9CZESNrvQ7tvi4wTYkVzLhXrOns55LrOXqZgh4/S/GGFDK"
    "n5jIMhDVnCsVA7xQU+0L723UnE1xuy80ZLcGHjRRtL/z5hEMCGHrXuxzS0u6knCfYAzjVI"
    "n2cR2A9//8JcxeoGHohsY+cwxAZS/1vM73HrjAsS5j/4ntCh7gtR9CkaZlvRNGY9EKBlN5"
    "JtXoitr3q0T3qwbcXZENGjhZyXoesDAH6GcbYJUbh18Q7P2szSjxK7Gfcf4NieIsyM1Guf"
    "3XL4kWNrS4x3IwGvtZGQykGx1/HmUOxRH9acHQ2HwJmoMLhJjPjK9pkkyZXTdwJkIwJEMp"
    "skgVFYU56KNgnZOHSkBH2N9mHTJQw6oSTGgkWJ76WDGTwic36Pn1vCYj4NHa76B3YsUf3S"
    "eERW6RERMTPmNbJNAephXcNpi1rXyjB3VmKtSi6JvFprEqbuimv8rmQEY4dkTCdtAlohjk"
    "aoVMqlx/zRe+IyqQ2Kjg1KpxgzFihtEQDhP0eZkkBZNzh4q5tmqXp6kMftcJDtdzhYcDzg"
    "rms8rDO3vAREba1BrbORFwBWe5P4yIBT5j2h6n/iUZuRfsg9Qn3C0YFCoo9Cp3vI+nD42G"
    "SHw2ge7DOORVxu3QPlX5vM2tVNVLHlKnEaLlB/uWUiDbmFlokNsUTksgGHzEMsPofOc6Ab"
    "45n4Q9IZJWZjNETmTp6AKGcn33gRtoAJb1FDTpNikQ6x2quIcQnvTn3LJOLOhbxtFBGytF"
    "1oDul4qm0lWQ++HL6XaS/9+enN+en3F61vS8wNRRVnNI+adOXIbLpEPY5tsznV4lEPTnF1"
    "uvO+CvuLJcQTJf0BhSQc+sKxmY8CIYx4r7yXNgtoKD3VKkACNzhAKxj/aeW5UZFXqSL7I6"
    "9n2jaydbIZRDkxVutFb9oPd5DHD3eQ7Yc7mFd04rVSMGBwDmwLAwbL1ynRdjMyGNWXYHkK"
    "scJoQbWfShy0GJ5bp+TXX4ewsboYme06fWZNACvqQLlRH/Lrr+SBuiNQBPWpQkTAXFdt0t"
    "EkbfUHkMCBbZyPo7gmRKAxmrzy+Va8GKkvxlG4fl6DYAKkMQmWbhJsAnwrDvC1Q9qXBc+e"
    "JEx9T3hlC035b9R7ExBGLUxvQfvXCVrEGHSytRQbB2/qBJio/8wiBuKoQQaucJ6lnPC2k4"
    "MV3nYyeQEfzTEDyN220SGC9pgMZkjALDPE1MYIo+gVAFEcRDW+WkyM8ZC7TMVsnUSxwJLp"
    "eF4HNBRHMk+8IvC9CijD+F7WwPn3XTTyzMf+hfxx0i0eAZgGq7M75W50yDoMfna+g58HjL"
    "3Vv2v8xsrmKxEF7mkxQ4fdeQy1E6SJjsyLI3WjSN4YFpe0gP+ZvUjolc++4thAzQi9SXHm"
    "0TA15pw6ZS9FNH5OCGYKsrF/19n+rfIoMI3EGP/2RDpPAm5ztYvWDZOzLU6MgsBlaPVL73"
    "jI0ARNqygJRXuj5ERgJLXeO1U2hcaIYVOuapI1a0BNnHb2Fr1dcdqND3ybqW44KxZCf2vg"
    "Kl03catwlj7lAP2Bh8wZ+H9nk4pdoPWQqkp2gmagmj2gX28R2UUzSC5wnC1CdmrBK9X/5T"
    "i6hGG2FUVNpk0uNFmAhxei6Abl33PovE04KpQw8owIjnM+8qW5NlTycfupeA54ddUzZ1zH"
    "bVyqQGWYaoc7QV8chuyOJFF1m9CeOGmrzFPdQ4C6eM/Ixx87e52j/f3O0Zu9vb19syGz1N"
    "FfENMBkxTyTdDnW6DqHHhQitsnO8hDGRuyIj0ypc85qNqGXW9OrF65m5OWnTK2pqlg9cTG"
    "NBPkclSwCwLm2284aGeEjmxHEpcPTpS1OzKpKPtKWxlq2joEfTx0rCFReTVoilF/GmINyh"
    "y5CTGrV4gZ8BQvFGE2BdjCuKdKXA3UMqe+LkWxWVrcBhyX7zrHDadbPMBsDmz7HGflx2hJ"
    "/gw8p4AaLD+NZXX0F8fzHFiNMa3DduB1XwlVvUe/NAmdwVBGWd1y6AiixB9V7Y1RkCZ8Lh"
    "0LxAnmYilciS5+T3WAByBkgPrxKiMypMK5VswbML0hruSWPWaIQXH/FQbkFfRQluKYvvjX"
    "7XLv39TX8PH66se4+7xLsPH+bbcfKI/3T+2ihTSNBETjBzLkFKOhvRhGExDPwmjd5IVqHW"
    "tWlLT2QsfalpUMa8851hKr1OxYm2fZklCa0z9UM5bNi9XESi3qrqzaAKcQn2F/i4nyhPlt"
    "6iLMl+w5y6l8pSOLVeFix4+KUbahg+UoO76vREoQR81Znc8dyHwbRLSuFanu2aS5B2Kt9r"
    "YpGRZQm63ZJWG20CJ0kCeI+iA7iPpgIYh6toAK+a9SUNuI6D9qWif6LxBNxbCclWSJp0c6"
    "yTJ3fmYG6IqNCH+IXKMy7AqG/J7tM8AoCxko9KqytvPAfCVtgKwRsv8w5YlQNcxUcjDXiV"
    "U0GeQdMng3Ic2Wt5LGXbMpaPZWi6RfUq8wBbXBOQRfMS7fRBtCxb1QYSh0AMQBGtxp7Ig7"
    "lHp2d3dBuLybxZFNW7+Z7nOoZpI15xBEonrBjK40VI1N+XVytDZVzf4YWV2AAeo+0zQ/D9"
    "tQus6UblJxsvfTzXTB5EnFaVwwjcegBrbtJz0GdUzFqedhtNrcgGm+icH6n8xFybb+pxJf"
    "njb+/4D3U3lMUrT6xoUY4zHwoip13zNQUd/w3JtIhgH7D+qWQ9sR921VdkuVjBZD2jk8Wl"
    "SPKpojz3UJiZy0qf+gcRisymFQ0FfQuAnyuwmwCIH6vQB+kzBbiOTO4WEea/PhYba5GZ+l"
    "8XwPn1aIh6P+W4jf8m8995xiDBz330LkHuXxlBxle0qOFivEOr8ZkJt5psXdGyXEEAempY"
    "5CvsIpRMOsOZg1oHJYBL1x/zojt6XVoweVRaauz4lFXtsJGaYigTjLpAS8q+BtVd92+sSi"
    "PvH4g8E/W96wy1NH88gsx9kyy3Fzd+zWm8SaqOR1nEZNvZ/GyLgJRsZ5ni0BpU0JpXXEJM"
    "/doGywTS7esZxtoTTd7pyjRgCJ+hMVTAyDYAa/bJN7FkiUczA4x+XUVlUZ9YUAQ0cooQdr"
    "5eqrkcmYOpgER3qM9Jm0hqaSkNVOVdBsCT8bq+VqL3dleAFmIWVvClFnfeSZyl7JNwcEdI"
    "JLZxG92cFoCZDVR6KtJ9yhqQnb6F+pfi+oCdtoC0110Ea0zRBtv4d1/5HJjFp8iadLRVob"
    "+sGJKfNX4pvJmBKDh/sUi4pHly6HTIaTSNpUscMghdoeyKIgTLqc3+N13Chnhixw6WSZ/F"
    "rK2E3Zq3rJp03Zq4pdEY2AuiYBtYkXmbra8zhfoNcSZ/uC+4WFoWnfyM7/mgLUNwGslNDy"
    "pgJPo2uVo2tpqemZaTwp0Ca5oz5R/prOCxrgehSW65Hs8ceWQVmJnixVVPisz1MqSjZh81"
    "iwE/eMNRbsRkNoNIRGQ9h0DaGS24ZP3ShEy7GZF3DJfGtC4LVVm1qWJGQWD22hSxBgzSTW"
    "7zPLULTghWOtXiNphOTsPWx7heRnXl7a3Fy6fvLWXTie3UVkkI9TFxVli8jqPs/u9GKkfJ"
    "fq6Ay20CY0UQGPCMai6h9R8TtmO8CRGFYCyp4Fm7IOHlH35WBUbkYN6FJHX1ppL1FHrKm1"
    "t04RvikDt6IycD1uG0TKbEk+7r/BNZG+qHAl2ClwT1E1iSR7lFh7aHd3F+sR9UZSAhVm1Y"
    "jirUTfdfzgsLFyElKbBujy1BchOwaRtNqp1qyMPMD7GK9Hydz9EhC1vfWqdTbyAqAYlZHL"
    "WF+U9J5EpEJSQqujbxygRNIA87Spj3e8qcol+qxyBGgb/ZEwRVhWM0XFYffIDqyY1j+F2O"
    "Dd4isICSwSJADnY1if+rvaJGChIp3P3Ghtu2wQUg9XM/yJQbN6qasiZzomQTd8M1ZRq26i"
    "Ne8UTTGg7PN9MxVdgybUFANq8nTqGHn3gmJAlevqn5i6BTRLW48et5/W1z3VM3fwnZYuqa"
    "Wuzz0hPeZyfyAwCI6nitirMq8gZkzD5LDSq+uaYu7KGNKsm+uDD5+D7MxCn7rd2KfW6Odr"
    "0s+L1l7Z4ror5TvY1mb8qJlVuGrbhyO6agtaxPIZ5y6jfsYekQCbQ3MP4Kpi6GnLau3vZ9"
    "fXH1MC59nlfPzXT5/OLr7s7CvMQydHn6+LGmRiJ8/L1AmQOm8drQ98rC8jBFUNq6bDb/c+"
    "XlrI1dUvGIceuFT2eeiRHbY72CWxDkf+RDA3gDj2a30tfGwEgKNxEPJRYDCKVz7bigshJc"
    "/1AswxB1ZnBnluIGxVtxo/GE7vpZveDGiFW14sMW3UjlcnX+CVugu1laVfRI9z6Bf6UtXc"
    "+kVUlD1EWT+q242WODReq1SblCOvx4RjMxWOodyOJu3i5QPmidpLi1BN4F7j9avFKVC+5I"
    "teqEUUZ6dCxP23ArlNLkRtSLGh1u+sMK+aHP2fQw5ntWDGMKDZw6XHfpDq9vSR7y9EXfI+"
    "GfPwnlAXiTwhNvfZe1U7BiYDWRLd4nGibh/4D+/LVL5uIblJ6almihdk925bMO76k/WyJY"
    "NmD2320JXuoR+g1+eRGJq20OmzpTvoEPGva2HlVZu0lgX/ESzwSiw+cu0oGGTCJNn5ymB7"
    "kScYBqI0nINjMuSjULQRRMLeiPcjvX5PMFaYjIfMV+EEkZFoHIKaalSuVjVtU0mhXupWk8"
    "jT1KKqHym27DxralE1tahqFhFT01pUnyOX1S2/Z75J7kp3WCp8xe4vEDagb14BzMf4FdAX"
    "iYKKBZ9XgrhUSEE6WuwBSQdDWiINGUNwYYfAiqcYsEtdF29Oto3h4FVM8AKhar1BHDVSYc"
    "sK4cgWtdSF8UUsrlOApvhMYYMrewwcWDHPuWM2BdnkWdYnunhRmIq2Rfjc7siXjiGs5KmK"
    "M4vwG0Nx0Nrnjgf4DqV265NlyGEL0jEilksdj6hPxA4+HC54UEQFunWxQ2osA17BDFvGjz"
    "UxVt0w5l9xP8PTP324VGIS0A2+zS/g5RcgVKtcJNfF7wAxZgcXCUjXXoC2IRjrdVRrczzE"
    "SzDRIz/tgVFLAljGVTJRoBJdouLyWApqaQLVCue+8+/8S23RwtO9h9nEsPyBv7G8qI+BUx"
    "7z1K1DPErnitdNj8GasRWoKpffoy7qHWE0dpToB9QqqdzotjkkolvE0M0TxQG2EyTEfUXR"
    "Gd7GgTmJFueA3PDaD4o8bBYGhzXqDcbPSmZYs6ypl4ZR+jlzBktuwEuAVWVsKIMrsCRAyG"
    "AGgZqTCgCakmznJ995BFIACWzRxmRa/VmgUoV4VwUcWvHC1VVh9OonY3hFPlbXgw24uQpB"
    "tVPe+ejf9CUbsBD3L4khTZHUcUJu/vHRkYxY3AsoHFnov0TfZtxBqKxh0CVgeivkQu905D"
    "fUInm/L5g0M6Y2xnzX6bx9+66z9/bo+PDg3bvD472pVWbx0TLzzNnlj2ihSTFurWLiTlno"
    "WEaXTvRk6QlJZ32qLB7X+EBW6QPJTGLPPjezs9g3Mx5qBdcI46IqgOGo+xZid38vV7DE3p"
    "Jgib3FOmIczg1TzGS2Hy8B0vjxCvrx1nqYffs/Dw0Wtw=="
)
