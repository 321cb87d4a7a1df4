from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# Written by hand: the shipped migrations target PostgreSQL, and SQLite (the demo) has no COMMENT ON,
# so each dialect gets its own statements.
SQLITE = """
        CREATE TABLE IF NOT EXISTS "seen_nonces" (
    "key" VARCHAR(64) NOT NULL PRIMARY KEY,
    "signed_at" BIGINT NOT NULL
);
        CREATE INDEX IF NOT EXISTS "idx_seen_nonces_signed__52ea30" ON "seen_nonces" ("signed_at");"""

POSTGRES = """
        CREATE TABLE IF NOT EXISTS "seen_nonces" (
    "key" VARCHAR(64) NOT NULL PRIMARY KEY,
    "signed_at" BIGINT NOT NULL
);
        CREATE INDEX IF NOT EXISTS "idx_seen_nonces_signed__52ea30" ON "seen_nonces" ("signed_at");
COMMENT ON COLUMN "seen_nonces"."key" IS 'sha256 of channel, timestamp and nonce: fixed length whatever the platform sends.';
COMMENT ON COLUMN "seen_nonces"."signed_at" IS 'The request''s own timestamp (Unix seconds, as signed); rows older than the accepted window can go.';
COMMENT ON TABLE "seen_nonces" IS 'A signed callback''s (timestamp, nonce), kept while its timestamp is still accepted, so a replay is refused.';"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    return SQLITE if db.capabilities.dialect == "sqlite" else POSTGRES


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "seen_nonces";"""


MODELS_STATE = (
    "eJztPX9v2zqSX4XwP21xbi5x0zSbHg5I8vpec9sm3Sa9LvblwaAl2tZFIr0iFcdvr999Z0"
    "jJlmzKkRLLll0BRZpQHFIaDofzm/9qBcJlvtz7JlnYOiH/anEaMPgl094mLToazVqxQdGe"
    "rztG0EO30J5UIXUUNPapLxk0uUw6oTdSnuDY9ZSMoK/ghEoiOCPOkHLOfHLHxVgSNWTBe/"
    "xJJLxD0hX+qbFIukriSf23nnUPp3WFA/N6fFDZDBH3/hmxrhIDBrCIpt9/b8Xd8Tl7UCzk"
    "1O96buuPP6DB4y57YBI74p+ju27fY76bwS/0hUe6vasmI912wdWvuiN+Vq/rCD8K+KzzaK"
    "KGgk97e1xh64BxFlLFcHgVRoh2Hvl+vDzJSphvmHUxr5iCcVmfRj4uHkKbF5i1tbrdy6ub"
    "7vWHm263tbCwCURqJeImR3AkCnhVqb9+gK/wunNw+O7w+M3R4TF00a85bXn3w0w9Q4wB1O"
    "i5vGn90M+poqaHxvEMqalFyWL2fEhDO2pTIHP4hRefx2+CzWUIThpmGJ7thnWgOKAPXZ/x"
    "gRrCnwdHS/D5v6dfzz+efn15cPQKJxSwec2WvoyfdPQjRPkMxWliL4HmObBdRHXnuAiuO8"
    "f5yMZnWWz7wqHQrQSiZxDrw3Hrz2H3/LK1FjQXQXI+ihcQDIOwsIvH2iKSz4TwGeU5BJ0B"
    "nMN1DyCrQva0pQJUL8Ht2dXVJxw5kPKfvm64uJnD8rfPZx+AwjXyoZOnWJprp4iaStXtRU"
    "rB5ItY/5/rq8sc0p6Dm0O66zmK/D/xPblwLq6M0P+rH3EHsUp6kecrj8s9nO+/S9J+68x8"
    "BRF9LY7gl5GASUkHDOWRqSwy9uATI0Xir24TKcht6+C2Bb0p1xIN6XshQJuRgkWRqNqpih"
    "MQrmuGgJJd+fLz6d/nN+z5p6szvcRCqkGoR9EDnNlISTLGu1QtktIvsPzKC9gSckrBzpNT"
    "DLyX/FKAqGJZquIDqvV9yLhej1iC1Ws6DoWCkSl3yXhI4W8QgUeRHDKXSI877IR8Z3BsqB"
    "eSHB6/hqUOyX+St68TUggjny0ST6UzFaedm4vPH65vTj9/yRDQL6c3H/BJR7dO5lpfzks1"
    "00HI94ubjwT/JP+4uvwwT2fTfjf/aOE70UiJLugPXeqmVzBpTpoydKnRIbsaHZrGSgj7Vt"
    "jHZf9V8bj9Wsv+KRQDPkpJRlOAJwlGa9raN7DXAtHzfJbedgN6z4ind6IXEjEG/XY08j2H"
    "ItgJGYoxocShEjm0D9uwL0LNoklvQqSi/T60c1fmnBBrmnOpWNfZLyDXdfZzBTt8lKUPJ2"
    "S4mk84GLKQKzgWaqe4wAe6V9yfxHS9JZw33oILjBdtLP27lEEAG3rUuRvT0O1mnqTIAyjX"
    "In2exWC//vUr8zWpW2ggto2dwxBbuPo/EnpPWmdUkDL/wfeEHvWfiaLP8TC7iqYx64EArb"
    "qxbPNMbH03o302g+0qzoaIHiPkPA9dHwHwC4yzS4hC1iU6Io+ZZR+luJng93BsTxFmR+oV"
    "ZzcCfhRgbanxrhXgtTYS0mpQHHSCORQHlMOec+PhEDgXFRY3iRVf+T6T9HIV9J3AshEJIp"
    "lL0sAorGlPRZuEbBx6SoG+RvvAdAmDTiiJsdGixPfcwSwekTm/x+8t6TBOQ0/o/iM3kaj+"
    "aDwi6/SIyIQYixrZpgD1sK7htGWta6swd1ZirUpviaJaaxqm7opr8q4kgrFDMqaTNgGtEE"
    "cjVGnlMmA8ek98poxB0XNB6ZRjxkZaWwRA+M/TpiRQ1i0O3uqmWaqeHhZxOxzm+x0OFxwP"
    "yHWth3Uuy0tB1NYa1DqLghFgtTdJjgw4Zd4Tqv8nAXUZ6YciIJQTgQ4UEn8UOt1D1ofDxy"
    "UvBYwWAJ/xHOIL5w5W/pXNrF3dRBVbrlKn4cLqL7dMZCF30DKxJZaIQjbgkAWIxaes8xzo"
    "1ngmfsp1RonZGg2Ry8lTEKvh5FsvwpYw4S1qyNmlWFyHRO3Vi3EB7065YxNx50LetmoR8r"
    "RdaA7peKptpUkPvhy+lxkv/fnp9fnpLx9aP5aYG8oqzmgetenKsdl0iXqc2GYLqsVRD05x"
    "fbqLvg77SyTEEy39wQopOPSl5zKOAiGMeKe9ly4b0VAFulWCBG5xgFYw/uPKc6Mir1NF5l"
    "HQs7GNfJ1sBrGaGKvNojfrhzss4oc7zPfDHc4rOsleKRkwOAe2gwGDq9cp0XYTWYzqS7A8"
    "hVhjtKDmpwoH3VKSplyO46D3oma1FEhjWFu5Ya0Jk604TNYNaV+V5OBpmPqek9qimPGC6P"
    "cmINI5mCSCVqQTtCsx6OQaWTAJgTRpJHH/mV0JhDqLJFnhPEsp4U2nACm86eTSAj6aIwaQ"
    "Xl2rWwGtGjnEkIJZZs6ojSlDr9cIFsVDVOOrJYsxHgqf6cinkziiVjETFeuBnO8pFsgXBL"
    "5XA+WYsFc1cHG+i6aS+Qi6UDxMuuXj6LJgdXZK3EZvWYfBz85f4OchY2/M7wa/icr2Qsbh"
    "b22z2XTwWsBQxsc1MfFtSbxrHA+bwOKWlvA/cxcXeu2zrznCzhBCb1KeeAxMjSmnTjlA8R"
    "o/JZAxA9lYketsRdbZCJiMYY0ieyQpJgW3vdpF65qpGYuT0WjkM7SdZTkeEjRBAyVKQjFv"
    "VIJIjEc2vFPnJBiMWJhyVZNsWANqop3zWfRuRTs3nuRdXnXLWbEQQFsDh+OmF7cKl+Njbs"
    "RfRci8Af8rm1TsSKyHVLViV2IOqtk9escWkV02D+MDjrNDyM5seK36Px9HFzDMrqKoyVcp"
    "hCYH8PBMFF2j/HsOnXcJR6XSLp4QB3EuIq7sFZbSj9uPRUXAq+ueBaMjbpKEf52nadzWBJ"
    "QWFwNfI0V09SO0J07aOn/T9JCgLt4x8um3zn7n6OCgc/R6f3//wG7IXOnoz4iMgElK+Sbo"
    "0y1QdXbfr8Ttkx8qoY0NefESudLnHFRtg5e3J+JttczJyE45rGkqWD3CmGaCXIE6cKMR4+"
    "5rAdoZoZHrKeKLwYm2dscmFW1faWtDTdsEco+HnjMkOjsFTTH6T0v9t1WO3ARq1StQC2hK"
    "lIrTmgLsYPRQJa4G6tgTSJei2C4t7gKOV+86R4bTLR+mNQe2e46z1cdoKfEEPGeAGiw/jm"
    "V99JfH8xxYjTFtwnbgdV9IXQPHvDQJvcFQxbnRauhJosUfXTONUZAmuFCeA+IE87GgrEIX"
    "f6A7wAMQMkD9eJETGVLhXGumDZjeEldywx5yxKCk/xoD8kp6KFfimP7w95vl3r+pr+HT1e"
    "VvSfd5l2Dj/dttP1AR75/moqU0jRRE4weyZOaiob0cRlMQT8Jo3eSFah1rTpz69UzH2o4V"
    "3mrPOdZSu9TuWJsn2RWhtKB/qGYkWxSrqZ1a1l1ZtQFOIz7H/pYsyiPmt6mLsFjK5Cwz8Y"
    "WJLNblfz0el3RsQwfH03Z8rkVKEEftuZFPHch+p0K8r/VS3bFJc5vCRu1t02VYQG2+ZpeG"
    "2UGL0GGRIOrD/CDqw4Ug6tkGKuW/ykDtIqJ/1uRI9F8gmtaC5dUr/T9FbtAq7ACWfJzdM5"
    "hoixYo4LqetHfPuJYOQDYI2f8x7TnQlbsw9ho/BlOdaDooO2TwblLZLWUrGnfDppvZWy0u"
    "/ZIqfRmoLY75/45x9La1IVTeSR02QgewOLAGtwY78hallL29PRAGb2dxX9PWH7ZbDKqZZM"
    "Mx/7FoXTIDKwtVY9N7nRyjTS2vnyMLCzBA/Sea0udhm5Wu80o3qTP5/HQ7XSZFUmcal0lj"
    "4a+BLfpRC38dU2fqeRitN5Z/mh9isdanc0fyrfWZRJXHjfW/4q1MAVMUrbRJ+cFkDLyeSd"
    "9yDKto7jXuTRTDAPt7fbef68m7NsHX1IWS5ZB23h4tqkcVzVHkkoBUDtnU3t8Y+Ndl4C9p"
    "22/M+sXN+lg0QP9eAr9pmB1Ecuft2yLW5rdv883N+CyL5zv4tFI0HPffQfyu/q7vwCtHwE"
    "n/HUTuURFPyVG+p+RosS6q96cFublnWtK9UUIscVtG6ijl25tCNMRagFhHVA3LoDfpX2fk"
    "tox6dK+zvvSlMYnI63ohw9QhEGeZUoB3HWyNXWZPHMpJIO4thR5XN+zyVM8iMstxvsxy3N"
    "yYuvMmsSaKeBOnUVOfpzEyboORcZ5mV4DSpuTRJmKI5+4NttgmF28WzrdQ2u40LpDTT+L+"
    "RAf/wiCYca/a5I6NFMo5GJzjC+rqKormWr6hJ7XQg7VtzYXAZEw9TFojPUb6TDlDWwnHaq"
    "cqabaEn43Vcr1XmjK89rGUsjeFqLM+8kRlb8WV/kd0gltnEb35wWgpkPVHom0m3KGp4dro"
    "X5l+z6jh2mgLTTXPRrTNEW1/gX3/iamc2nmpp0tFWhf6wYmpilfOm8mYCoOH+xSLgMdXDY"
    "dMhZNY2tSxwyCFugHIoiBM+kLc4SXUKGeGbOTTyTL5dSVjN2Wq6iWfNmWqKnZFNALqhgTU"
    "Jl5k6mov4nyBXkuc7QvuFxaGNr6Rn/81BahvAthKQsubijmNrrUaXctITU9M48mANskd9Y"
    "nyN+u8oAFuRmG5ilRPPLQsykr8ZKmiImZ9HlNR8he2iAU7dS9YY8FuNIRGQ2g0hG3XECq5"
    "HfjUj0O0PJcFI6EYdyYEXlu36W1JQuaI0JWmBAHWOGL9PnMsRQueOdb6NZJGSM7nYbsrJD"
    "/xstHmptHNL2/dheMvoXCYlCwrYy48XCoijzLdHjfk8wV2K/pkLMI7Qn3cxBPiCs7e66AR"
    "mMy7Z/D/1ELfB4LDwnba6C6VGFnKNlczxTPM+rt2Cm/eSpcvyzdn5M9yRtaEh87uX7Pw0M"
    "zlbPk8VN9h3J1eBlfsIjGTBRy6wMZm5QeJZCyuoBQX/GSuBxSKoXkjnzog2JoAPH1HGGY2"
    "5NS9X+noS6uLpmonNvVFN2kGaUpfrqn0ZU+4FoEg3xqS9N/iunJfdcgncArkKbqum2IPCu"
    "u37e3tYU23XqQUrMKsolvCSsz97vceG2uBjLp0hGEj5vJ3z6LWVzvVhg06IKpK65VQudwv"
    "BVHbm/5aZ1EwghWjKg67MZfDvSfxUuFSQqtnblmhRNER1rqgHO+11NWfzFnlSZDo+5G0Ra"
    "lXM0XFqUtIDqyc5XQKscXc4jsICSwWJADnY9if5rvaZMRCvXSc+fHe9tkgpAHuZvgTEw/M"
    "VteFIo1KZxp+WCtRVjfRhjlFU1At/3zfTkXIYk1qCqo1uY51jF5+RkG1ynX1z0zffJynrc"
    "eP24/r64HuWTiA2UiX1NFXhp+QHvMFH0gMJBaZizt0qWwQM6ahxlgt2/dtccurGNKum5uD"
    "D5+D7MxCTv1uEpfQ6Ocb0s/L1q/a4dpVqw9S2Jjxo2aetaptH57saha0iOUzIXxGeQ6PSI"
    "HNobkHcFUR9LRlvT7Ms6urTxmB8+xiPob22+ezD19fHmjMQyfPnK+LGmSKkxcl6hRInVlH"
    "66MYmwtYQVXDmyfgtzuOF7UKfd0V5vKMfKr6IgzIS7Y32COJDkf+g2B+FfHcV21tzk6MAH"
    "A0DkIR2byKlc+25mJy6XO9BHHMgdWZQJ7qpqzqJvd7y+m9lOnNgNbI8hKJaas4Xp18gZf6"
    "/udWnn4RPy6gX5iLpAvrF/HFFiHK+vHdB2iJQ+O1TlfMOPJ6THou0yFt2u1o0y6eP2CRyO"
    "esCNUEPzdev1qcAquXfNELtYji/HSypP9OILfJJ6vNUmyp9bvmYUAXvCci7n7TvhPb4Z/t"
    "sPT490zXrnHEFBMAnpN+1AQuNoGLDcf62TjWNWP8UvAcVWX6cCmnktANvo2XUFOkN+A6mM"
    "L38TteSPISyRJUnmDUJnqsV3HBlfEQb0JBlWLaA80uUnm+j14P6IOe+rjCIOYDL40AWePc"
    "t/yWX3BTSxo2fA/DIWHDAfvFGjMcLT8BC3TpaRHHo8Rx9KBIDWGbaVBdM7EHehe8VxiPHU"
    "cqwWqtqObMrvH4uJQ8urhiQ2Y7tYQY16XXGd7GgzmJYfKw3PDa98zcUTu142GhQotqXMkM"
    "a/F3LKniqLeG9fQ58wZLrkFIgVUVP7AKqjA3FOtbZmHbawvGdMlefuPeAywFLIEr2xgNaD"
    "7r1XsSYsFS4bvJxjWpgWb3kzG8ohjrGvEDkXcpcpVT3nLMdeGKDViI/Atv1U3O+RNy/bdP"
    "nmLEEQHo6gx5l8CwyKSD1GGPoGTC9E4opOF05E90HYt+XzJlJ0xjj/hLp/PmzbvO/puj47"
    "eH7969Pd6fGiYWHy2zUJxd/IZGigzh1sqo9xF6fYnk0HZMTp8tPSWH+NWmym3RU9LY/uA/"
    "glc3wBpGvhuHKE6YIi+/M2DR6gSDE7Xd7fCYDEUUSqQCWNQAGQwDYsIsQGA9zJBR7LoYh0"
    "AXVpPfuqZtaqTVywjYpOg3VWbrtxQ7pvc1VWabKrPrZWLbWmX2S6we3Yg7xm1yV7bDUuEr"
    "UbVA2IC+RQUwrkVulIkRKhF8QIz3qVSSdIzYA5IOSsuJ6g4aOnAIvMsA00io7xNkYNYkpS"
    "omeIZQtdnQwhqZeqtXtO+pH1lwne8HnAI0ZSVLuwHZw8iDHfME4SoL2VRQqU/Oy6IwFbNF"
    "+NxuxJVnCXZ8rJbkIvzWrDho7XPHA3yHVrvNyTIUwIJM5KLjUy8g+hOxA4fDBQ+K+OodU8"
    "acWg3nFcywY/RYE2PVKQs9x2qqip8slZXorM9G/M2NbacC205uyni+eJefM76d0UdruPgc"
    "N1UJDMfddxC7B/uFgiX2lwRL7C9WPhRcWSMU8+2TKZDGPlnSPrnRw+zHvwGcyjoM"
)
