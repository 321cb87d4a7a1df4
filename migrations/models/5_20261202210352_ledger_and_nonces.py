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
        COMMENT ON COLUMN "cases"."status" IS 'A ``CaseStatus``; see ARCHITECTURE.md and ``handlers.lifecycle``.';
        ALTER TABLE "case_items" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "case_items"."status" IS 'An ``ItemStatus``.';
        DROP TABLE IF EXISTS "inbound_updates";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        COMMENT ON COLUMN "cases"."status" IS NULL;
        ALTER TABLE "cases" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        COMMENT ON COLUMN "case_items"."status" IS NULL;
        ALTER TABLE "case_items" ALTER COLUMN "status" TYPE VARCHAR(24) USING "status"::VARCHAR(24);
        DROP TABLE IF EXISTS "seen_nonces";"""


MODELS_STATE = (
    "eJztPX9T2zq2X0WTf0pnUx6kQFn6ZmeAy71lt4Vuoa87e3snKLaSeLEtr6UQcnf73d85kp"
    "3YiRxssBMn1zMdCrKOZJ9zJJ3f+k/L4zZzxe5XwcLWCflPy6ceg19S7W3SokEwa8UGSXuu"
    "6jiCHqqF9oQMqSWhsU9dwaDJZsIKnUA63MeupySAvtwnVBDuM2INqe8zl9z7fCyIHDLvPf"
    "4kAt4h7gr/5JjHXQVxhPpbzbqL09rcgnkdf1DZDCPf+feIdSUfMIBFNP36ayvqjs/Zo2Sh"
    "T92uY7d++w0aHN9mj0xgR/wzuO/2HebaKfxCX3ik2rtyEqi2S1/+rDriZ/W6FndHnj/rHE"
    "zkkPvT3o4vsXXAfBZSyXB4GY4Q7f7IdSPyxJTQ3zDrol8xAWOzPh25SDyE1i8wa2t1u1fX"
    "t92bi9tut7VA2BgiQYmoyeI+MgW8qlBfP8BXeNPZP3h3cPz26OAYuqjXnLa8+6GnniFGAy"
    "r0XN22fqjnVFLdQ+F4htQEUdKYPR/S0IzaBMgcfuHF5/EbY3MZguOGGYZnq2EVKPboY9dl"
    "/kAO4c/9oyX4/L/TL+cfTr/s7B+9xgk5LF69pK+iJx31CFE+Q3GS2QugeQ5sG1HdOc6D68"
    "5xNrLxWRrbLrcodCuA6BnE6nDc+n3YPb9qrQTNeZCcjeIFBMMgLOzisbaI5DPOXUb9DIZO"
    "Ac7hugeQVSF72lIBqpfg9uz6+iOO7Anxb1c1XN7OYfnrp7ML4HCFfOjkSJbctRNMTYXs9k"
    "ZSwuSLWP/rzfVVBmvPwc0h3XYsSf5LXEcsnIulMfr/9ke+hVglvZHjSscXuzjfXwryfutM"
    "fwXhfSWO4JcRjwlBBwzlkaksMnbgE0eSRF/dJoKT76397y3oTX0l0ZC+EwK0HslbFImqnS"
    "o/AyFdUwwUr8qdT6f/mF+w5x+vzxSJuZCDUI2iBjgzsZJgzO9SuchKPwH5peOxJeyUgJ1n"
    "pwh4N/4lB1NFslTFB1Tr25D5ih6RBKtoOg65hJGpb5PxkMLfIAIHIzFkNhGOb7ET8o3BsS"
    "FfCXJw/AZIHZL/IYdvYlYIRy5bZJ5KZ8rPO7eXny5ubk8/fU4x0E+ntxf4pKNaJ3OtO/NS"
    "zXQQ8u3y9gPBP8k/r68u5vls2u/2ny18JzqSvAv6Q5faSQrGzXFTii8VOkRXoUPxWAFh3w"
    "j7tOxf1h63V2vZP4FiwEchyWgK8CzBaEVL+xbWmsd7jsuSy25AHxhx1Ep0QsLHoN8GgetY"
    "FMFOyJCPCSUWFbhDu7AM+zxUWzTpTYiQtN+Hdt8WGSfEiuZcKtZ19nLIdZ29TMEOH6X5ww"
    "oZUvMZB0MasoRjoXaKC3ygfe27k4ivN2TnjZbgwsaLNpb+fcIggA09at2PaWh3U08S7AGc"
    "a5A+zyKwn//2hbmK1Q08ENnGzmGIDaT+j5jf49YZFyTMf/A9oUPdF6LoUzTMtqJpzHogQM"
    "tuJNu8EFvf9Gif9GDbirMhokcLOS9D1wcA/AzjbBOicOviHZ61maUfJXYz7j/AsT1FmBmp"
    "1z675fAjx9aWGO9GAl5rIyGVg2Kv482h2KM+rDk7Gg6BM1FhcJMY8ZXtM0mSK6fvBMhGBI"
    "hkNkkCo7CmPBVtErJx6EgJ+hrtw6ZLGHRCSYwFixLfSwczeETm/B6/toTFfBo6XPUP7Fii"
    "+q3xiKzSIyJiZsxrZJsC1MO6htMWta6VYe6sxFqVXBJ5tdYkTN0V1/hdyQjGDsmYTtoEtE"
    "IcjVCplEuP+aP3xGVSGxQdG5ROMWYsUNoiAMJ/jjIlgbJucPBWN81S9fQgj9vhINvvcLDg"
    "eMBd13hYZ255CYjaWoNaZyMvAKz2JvGRAafMe0LV/8SjNiP9kHuE+oSjA4VEH4VO95D14f"
    "CxyQ6H0TzYZxyLuNy6B8q/Npm1q5uoYstV4jRcoP5yy0QacgstExtiichlAw6Zh1h8Dp3n"
    "QDfGM/GHpDNKzMZoiMydPAFRzk6+8SJsARPeooacJsUiHWK1VxHjEt6d+pZJxJ0LedsoIm"
    "Rpu9Ac0vFU20qyHnw5fC/TXvrz05vz058uWj+WmBuKKs5oHjXpypHZdIl6HNtmc6rFox6c"
    "4up0530V9hdLiCdK+gMKSTj0hWMzHwVCGPFeeS9tFtBQeqpVgARucIBWMP7TynOjIq9SRf"
    "ZHXs+0bWTrZDOIcmKs1ovetB/uII8f7iDbD3cwr+jEa6VgwOAc2BYGDJavU6LtZmQwqi/B"
    "8hRihdGCaj+VOGgxPLdOyd0dnh436q3v7t4TwRhBfFzeXpzffv1ysevZaue9uxvCfy5GcL"
    "tOn1kTwN7dnSlevIQRV7ygqC/GUch9XqNeAqQx65Vu1muCdCsO0rVD2pcFz48kTH1PaWXP"
    "TPlg1HsTECgtTFFBG9YJWrUYdLK1JBoHYOoklqj/zKoFIqVBjq1wnqWc8LaTgxXedjJ5AR"
    "/NMQPIzrbRqYE2lQxmSMAsM6bUxpCi6BUAURxENb5aTIzxkLtMxV2dRPG8kumYXAe0DEcy"
    "T7wi8L0KKMOAXtbA+fddNNTMx++F/HHSLR7Flwars0vk++iQdRj87PwZfh4w9lb/rvEbK4"
    "yvRBR819aLTYXOeQw1DKSJjq6Lo22jaNwYFpe0gP+ZvUjolc++4vg+zQi9SXHm0TA15pw6"
    "ZSBFNH5OGGUKsrFh19mGrXIhMBXEGMP2REpOAm5ztYvWDZOzLU6MgsBlaLlL73jI0ATNoy"
    "gJRXuj5ERgNLTeO1VGhMaIYVOuapI1a0BNrHX2Fr1dsdaNH3ubqW44KxbCd2vg7lw3catw"
    "eD7lxPyZh8wZ+H9jk4rdmPWQqkp2ZGagmj2gb24R2UWzQC5wnC1CdmrBK9X/5Ti6hGG2FU"
    "VNtkwuNFmAhxei6Abl33PovE04KpT08YwojHM+8qW5vlPycfupmAx4ddUzZ2zGbVxuQGWJ"
    "aqc5QS8aht2OJFG1l9CeOGmr7FHdQ4C6eM/Ix186e52j/f3O0Zu9vb19syGz1NFfEJcBkx"
    "TyTdDnW6DqHDxQitsnO1BDGRuyojUypc85qNqGTm9OvF25m5OWnTK2pqlg9cTGNBPkclSh"
    "CwLm2284aGeEjmxHEpcPTpS1OzKpKPtKWxlq2jqMfDx0rCFRuTFoilF/GqIJyhy5CROrV5"
    "gY8BQvFCU2BdjC2KVKXA3UMqevLkWxWVrcBhyX7zrHDadbPEhsDmz7HGflx2hJ/gw8p4Aa"
    "LD+NZXX0F8fzHFiNMa3DduB1XwlVgUe/NAmdwVBGmdly6AiixB9VsY1RkCZ8Lh0LxAnmYj"
    "lbiS5+T3WAByBkgPrxKiMypMK5VswbML0hruSWPWaIQXH/FQbkFfRQluKYvvjH7XLv39TX"
    "8PH66pe4+7xLsPH+bbcfKI/3T+2ihTSNBETjBzLkBaOhvRhGExDPwmjd5IVqHWtWlHj2Qs"
    "falpX9as851hKr1OxYm2fZklCa0z9UM5bNi9XESi3qrqzaAKcQn2F/i4nyhPlt6iLMl7A5"
    "y4t8pSOLVfFhx48KSrahg+UoO76vREoQR82Zmc8dyHyjQ7SuFanu2aS5y2Gt9rYpGRZQm6"
    "3ZJWG20CJ0kCeI+iA7iPpgIYh6toAK+a9SUNuI6D9qaib6LxBNxbDcOvXJ3R2eFXEepcE3"
    "YuyyYqPAHyJ3qAw7gSFfZ/sMKsriBQq6qnbtPDBfSQ8gO4TsX0x5FlRdMYzNxo/BVCiaDN"
    "oOGbybkGZLWknjrtm0M3urRdIvqSGYgtrgnIBvGGdvog2h4l6osBI6AOIADb5r7IjvKMXs"
    "7u6CsPh9Fhc2bf1humOhmknWnBMQid4FM7TSUDU2zdfJcdpUGvtjZGkBBqj7TFP7PGxD6T"
    "pTukmtyd5PN9Olkie1pnGpNB6AGtiqn/QA1DG1pp6H0Wpj/af5IwZrfjK3JNuan0pkedqY"
    "/zPeGeUxSdGKGxdHjMfAy6PUHcxARX3rcm8iGQbgP6ibB21H3LcJvqYq4yyGtHN4tKgeVT"
    "RHnisMEjlmU39A4wBYlQOgoO2/MfvnN/tjUQH1ewH8JmG2EMmdw8M81ubDw2xzMz5L4/ke"
    "Pq0QD0f9txC/5d9E7jnFGDjuv4XIPcrjKTnK9pQcLVZtdX43IDfzTIu7N0qIIa5LSx2FfH"
    "9TiIZZczBrQOWwCHrj/nVGbkurRw8qK0xdaROLvLYTMkwtAnGWSQl4V8HY2GX2xKI+8fiD"
    "oRBkecMuTwXNI7McZ8ssx819rltvEmuijNdxGjX1exoj4yYYGed5tgSUNiWR1hFjPHersc"
    "E2uXjvcbaF0nTjco6cfxL1Jyo4GAbBjHzZJvcskCjnYHCOy6mtqizqSwOHjlBCD9a+1dcV"
    "kzF1MKmN9BjpM2kNTSUeq52qoNkSfjZWy9VeuMrwUspCyt4Uos76yDOVvZJvAgjoBJfOIn"
    "qzg9ESIKuPRFtPuENT47XRv1L9XlDjtdEWmmqfjWibIdr+BOv+I5MZtfUST5eKtDb0gxNT"
    "5q+sN5MxJQYP9ykWCY8uQg6ZDCeRtKlih0EKtT2QRUGYdDm/xyuyUc4MWeDSyTL5tZSxmz"
    "JW9ZJPmzJWFbsiGgF1TQJqEy8ydbXncb5AryXO9gX3CwtD076Rnf81BahvAlgpoeVNRZ1G"
    "1ypH19JS0zPTeFKgTXJHfaL8NZ0XNMD1KCzXI9njjy2DshI9Waqo8Fmfp1SUbMLmsWAn7g"
    "1rLNiNhtBoCI2GsOkaQiW3B5+6UYiWYzMv4JL51oTAa6s2tSxJyCwe2kKXIMAaSKzfZ5ah"
    "aMELx1q9RtIIydl72PYKyc+8jLS5iXT95K27cDy7W8ggH6cuHsoWkdX9nN3pRUf5LsnRGW"
    "yhTWiioh0RjEXVP6Jidsx2gCMxrASUPQs2ZR08ou6/wajcjJrOpY6+tHJeoi5YUztvnSJ8"
    "U9ZtRWXdetw2iJTZknzcf4NrIn1R4UqwU+CeomoSSfYosfbQ7u4u1iPqjaQEKsyqEcVbib"
    "67+MFhY+UkpDYN0OWpLzZ2DCJptVOtWRl5gPcxXneSufslIGp7i1XrbOQFQDEqI5exvvjo"
    "PYlIhaSEVkffIECJpAHmaVMf72xTlUv0WeUI0Db6I2GKsKxmiorD7pEdWDGtfwqxwbvFNx"
    "ASWCRIAM7HsD71d7VJwEJFOp+50dp22SCkHq5m+BODZvVSV0XOdEyCbvhhrKJW3URr3ima"
    "YkDZ5/tmKroGTagpBtTk6dQx8u4FxYAq19U/MXWrZ5a2Hj1uP62ve6pn7uA7LV1SS12He0"
    "J6zOX+QGAQHE8VpVdlXkHMmIbJYaVX1zXF3JUxpFk31wcfPgfZmYU+dbuxT63Rz9eknxet"
    "vbLFdVfKd7CtzfhRM6tw1bYPR3TVFrSI5TPOXUb9jD0iATaH5h7AVcXQ05bV2t/Prq8/pg"
    "TOs8v5+K+vn84uvuzsK8xDJ0efr4saZGInz8vUCZA6bx2tD3ysLxcEVQ2rpsNv9z5eQsjV"
    "VS4Yhx64VPZ56JEdtjvYJbEOR/5EMDeAOPZrfc17bASAo3EQ8lFgMIpXPtuKCyElz/UCzD"
    "EHVmcGeW4gbFW3FD8YTu+lm94MaIVbXiwxbdSOVydf4JW627SVpV9Ej3PoF/qS1Nz6RVSU"
    "PURZP6rbjZY4NF6rVJuUI6/HhGMzFY6h3I4m7eLlA+aJ2kuLUE3gXuP1q8UpUL7ki16oRR"
    "Rnp0LE/bcCuU0uRG1IsaHW76wwr5oc/Z9DDme1YMYwoNnDpcd+kOr29JHvL0Rd8j4Z8/Ce"
    "UBeJPCE299l7VTsGJgNZEt3icaJuH/gP779Uvm4huUnpqWaKF2T3blsw7vqT9bIlg2YPbf"
    "bQle6hH6DX55EYmrbQ6bOlO+gQ8a9rYeVVm7SWBf8RLPBKLD5y7SgYZMIk2fnGYHuRJxgG"
    "ojScg2My5KNQtBFEwt6I9yO9fk8wVpiMh8xX4QSRkWgcgppqVK5WNW1TSaFe6laTyNPUoq"
    "ofKbbsPGtqUTW1qGoWEVPTWlSfI5fVLb9nvknuSndYKnzF7i8QNqBvXgHMx/gV0BeJgooF"
    "n1eCuFRIQTpa7AFJB0NaIg0ZQ3Bhh8CKpxiwS10Xb062jeHgVUzwAqFqvUEcNVJhywrhyB"
    "a1Hqg7KnT5+BSgKT5T2ODKHgMHVsxz7phNQTZ5lvWJLl4UpqJtET63O/KlYwgrearizCL8"
    "xlActPa54wG+Q6nd+mQZctiCdIyI5VLHI+oTsYMPhwseFFGBbl3skBrLgFcww5bxY02MVT"
    "eM+Vfcz/D0Tx8ulZgEdINv8wt4+QUI1SoXyXXxO0CM2cFFAtK1F6BtCMZ6HdXaHA/xEkz0"
    "yE97YNSSAJZxlUwUqESXqLg8loJamkC1wrm/+9/9S23RwtO9h9nEsPyBv7G8qI+BUx7z1K"
    "1DPErnitdNj8GasRWoKpffoy7qHWE0dpToB9QqqdzotjkkolvE0M0TxQG2EyTEfUXRGd7G"
    "gTmJFueA3PDaD4o8bBYGhzXqDcbPSmZYs6ypl4ZR+jlzBktuwEuAVWVsKIMrsCRAyGAGgZ"
    "qTCgCakmznq+88AimABLZoYzKt/ixQqUK8qwIOrXjh6qowevWTMbwiH6vrwQbcXIWg2im/"
    "++jf9CUbsBD3L4khTZHUcUJu/v7RkYxY3AsoHFnov0TfZtxBqKxh0CVgeivkQu905HfUIn"
    "m/L5g0M6Y2xvy503n79l1n7+3R8eHBu3eHx3tTq8zio2XmmbPLX9BCk2LcWsXEnbLQsYwu"
    "nejJ0hOSzvpUWTyu8YGs0geSmcSefW5mZ7FvZjzUCq4RxkVVAMNR9y3E7v5ermCJvSXBEn"
    "uLdcQ4nBummMlsP14CpPHjFfTjrfUw+/H/ABXrjA=="
)
