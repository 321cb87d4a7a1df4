from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "platform_tokens" (
    "name" VARCHAR(64) NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "refreshing_until" TIMESTAMPTZ
);
COMMENT ON COLUMN "platform_tokens"."refreshing_until" IS 'A process refreshing the token holds this claim until then; others wait and read.';
COMMENT ON TABLE "platform_tokens" IS 'An access token (WeChat''s lasts 2 hours); one process refreshes it, all read it.';
        CREATE TABLE IF NOT EXISTS "held_pushes" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "held_pushes" IS 'A notice no path could carry yet (WeChat: outside 48 hours, no template); sent when the person writes.';
        ALTER TABLE "users" ADD "last_buttons" JSONB NOT NULL;
        ALTER TABLE "users" ADD "pushes_since_seen" INT NOT NULL DEFAULT 0;
        ALTER TABLE "users" ADD "last_seen_at" TIMESTAMPTZ;
        COMMENT ON COLUMN users."last_buttons" IS 'Buttons of the last message on channels without buttons, so \"1\" means the first of them.';
COMMENT ON COLUMN users."last_seen_at" IS 'When the person last wrote, and what was pushed since: WeChat''s 48-hour / 5-message rule.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "last_buttons";
        ALTER TABLE "users" DROP COLUMN "pushes_since_seen";
        ALTER TABLE "users" DROP COLUMN "last_seen_at";
        DROP TABLE IF EXISTS "platform_tokens";
        DROP TABLE IF EXISTS "held_pushes";"""


MODELS_STATE = (
    "eJztXWFv2zgS/SuEv7TFubnEm2aD9HBAkmavuW2Sok2vi90uDFqibV0kUitRcb17/e83Q0"
    "m2ZFGOlFi27BIo0kTikNKQIt+8GQ7/6njCZm649ylkQeeE/NXh1GPwS+56l3So78+v4gVJ"
    "B64qGEEJdYUOQhlQS8LFIXVDBpdsFlqB40tHcCx6SnwoKzihIRGcEWtMOWcuueNiEhI5Zt"
    "5r/ElCeIa0KPyTE5EWDYkTqr9Vq3vYrC0saNfho8ZaiLjzR8T6UowYyKKafvutkxTH++yr"
    "ZAGnbt+xO7//DhccbrOvLMSC+Kd/1x86zLVz+oWycEtd78upr65dcvmTKoivNehbwo08Pi"
    "/sT+VY8Flph0u8OmKcBVQyrF4GEaqdR66bdE/aE/E7zIvEj5iRsdmQRi52HkrHDzC/1un3"
    "r29u+x8vbvv9TqFjU4lMTySXLMFxUMCjhurtR/gIL3sHhz8eHv9wdHgMRdRjzq78+C1ueq"
    "6YWFCp5/q2803dp5LGJZSO50rNdEpes+djGuhVmxFZ0C88+KJ+U20uU3B6Ya7h+dewDhV7"
    "9GvfZXwkx/DnwdESff7n9MP529MPzw+OXmCDAj7e+JO+Tu701C1U+VzF2cFeQ80LYruo6t"
    "5xFV33jsuVjffy2naFRaFYDUXPJdan486f4/75dWctaq6i5HIVFxQMlbCgj8taUclnQriM"
    "8pIBnRNc0PUAJJtS9uxKA6peotuzm5t3WLMXhn+46sLl7YKWP12dXcAIV8qHQo5k2Vk7M6"
    "hpKPuDSEpovKj1f3+8uS4Z2gtyC0q3HUuS/xHXCQvr4soG+j+GEbdQq2QQOa50eLiH7f2z"
    "5tjvnMVvQcRQwRF8M+KxMKQjhnhkhkUmDrxiJEny1l0SCvKlc/ClA6UpV4iGDJ0ApOOavC"
    "Ikarap6gMI+zU3gNKv8vnV6S+LH+z5u5sz1cUilKNA1aIqONMNpZAx3qeyOJTeQPdLx2NL"
    "hlNGdnE4JcJ76S8VBlWCpRpeoDqfx4yr/kgQrOrTSSAk1Ey5TSZjCn8DBPajcMxsEjrcYi"
    "fkM4NlQz4LyeHxS+jqgPydvHqZDoUgcllx8DTaUvWxc3t5dfHx9vTqfW4AvTm9vcA7PXV1"
    "unD1+SKqmVVCPl/eviX4J/n15vpicZzNyt3+2sFnopEUfbAf+tTO9mB6Ob2UG5dKHWFfqU"
    "ONsRpgXyv7MPZf1Ry332rsn8H6AcM3f8SHn5dcwWffOmAKL2jfcHeaTElb8mUls2fhw0Ib"
    "eniXMfjwwoBadxMa2P3cnczwoCHToIuzROynnz8wlyrFFsdAwn2cQxVb2Pvf0vGeXp2Pgg"
    "y9A+8TONR9ooqukmp2VU0TNgCAJPvJ2vVEbX2Oa7uKK9tVnY1RPfEi9jR1vQXB91DPLikK"
    "py7RE2WTWf5WZjYT/B4Q2ExheqXecHYr4EeFqS1T30cJem0NuF2Nir2et6Bij3L45uykOh"
    "QuVYWGBtfqq5wTz3ZXRW4cuo2E9B4wdFYYcbdiorskYJPAkRLwOB3CpEsYFJqSUDK/CNuf"
    "WpmG8V7gtX/rhBbjNHCEKu/bKaL63TDe62S8w3QwViVRZgLtYE+w2brsySrorEbYiOwnUZ"
    "Wvzco8irFdE+dwi16z5FlJBHUHYPdPu0QEqjZCpeIJPMaj18RlMiaMHNsFsQljPhnCA4Eg"
    "/OcoqkBwpnHgNdfMUlb5sAqtfFjOKx8WiGWcdbWLdemUl5ForbXfOYs8H7Q6mKZLBqwyrw"
    "lV/xOP2owMA+ERyolAgpwkL4VO1YANYfGxyXMBtXkwzzgWcYV1Bz3/QkdbNtdQw8xEZjUs"
    "9P5yZiIvuYPMxJYwEZU4voB5qMXH9POC6NYwz99lPyNi1nq7S2fyjMRqZvKth7A1KLyihZ"
    "zvimI/pGav6oxLeHbKLR3EXQhp2qpOKLN24XJAJzNrKzv04M3hfVnshT0//Xh++uai820J"
    "3VDXcEZ6VGcrJ7TpEvM45WYrmsXRAFZxtbqLoQrrShHiiUJ/0EMSFv3QsRlHQAg13invlM"
    "18GkhPXQ0BgWscXA3U/7DxbEzkdZrIPPIGummj3CabS6wmhmaz6s0ZOr3DCoZO77DU0MFb"
    "eqO3ZkDYgtgOBoSt3qZE7ibSkOpLtDyTWGM0mJpPJVa6pUOa8nCSBDVXpdUyIoZYWzmxZs"
    "IgGw6DtAM6lDVn8KxMe9dJxSjmvCDquQlAOgs3ASCLdIK8EoNCdowF0xC3eJtAUn7OKwGo"
    "0yDJBttZOhJ+6FUYCj/0SscC3loYDIBeba1bAVmNksGQkVlGZ7SGylD95UOnOKhqfLS0My"
    "Zj4UJXgo1ykkRMShZHPTqA8x3JvPAZgfdVQiUU9qoqrj7vIlWiC47E+E5t4MIDcbYZue1d"
    "0DofmQS1JzGMYeT7LkNzTf2ZWnTwScIPtInx4xs6LrO7RAqw6MSEAIAaDuMwx1gjdrHDm2"
    "pkw4uuCbArX4t3K8DOOC92udc1JHchZqsFHPemO7cJlvsh5vonETBnxH9m04a563a4g1bM"
    "Xpeomt0jIVtUdt3Q3wusZ4eUnfvgFdp8uo4uoZpdVZEJka6kJgv08EQVfUT8ew6Fd0lHtS"
    "J9H+F6OxcRl/qkDdnb3YcccfDoqmRFh9xtuocQZUnsKSFgtNgYaxVJohIqoAk77ZKhitrC"
    "EiGYi3eMvPtXb793dHDQO3q5v79/oLedV1r7E5xx0EgtOiwu3l4mbJNMY7l3TpENZS66Uv"
    "S5INXaeLntCbJY7eQUY6eSqWkGrB6YmOZArkJqGd9n3H4pwDojNLIdSVwxOkHKLaVUFL/S"
    "VURNN44dnIwda0xUQDRSMepPTUqZVdZsYgPaFRsAY0rUCg2YCeygw7qRDCbU0u9ZWqpiPV"
    "rcBR2v3luDE06/fmTAgliLtx60JixAikfoOSdktPywltXSX1/PC2It1nTsKYbHfRYSMeEk"
    "fmgSOKOxTLbjybETEgV/VBoWRgFNcCEdC+AEczFHnQyJJzxVAG4AyADz41mJM7LBttY8Nq"
    "B5jVf6ln0tgUFp+TXGgNT0UK4kov7il9vl3r+Zr+HdzfW/0uKLLkHj/dttP1AV75+aRWtZ"
    "GhkJ4wfSbAZDor2eRjMSj9Jo2/BCs441K9lt8ETH2o7leukuONYyX6nesbY4ZFek0or+oZ"
    "YN2apazXypdd2VTRNwSvEl/FvaKQ/QbzMXYbVdOvPNMM/iYDaVUdDhhCoA2oUClqN4fK4g"
    "JcBR/Xacx1akT9OcfNeqq+7Y1CRo3ijfNuuGgmrLLbuszA4yQof7VbaJ7JdvE9kvxO/OPq"
    "Ba/quc1C4q+nvdj4P+C1TTWrS8eqP/uwhHXwUPoAkB3z3CRDFaYIBjNtqRc8+4QgeADQL2"
    "X6Y8BypZDMZe48tgdD3NBmUHDJ4tlHqmbEX1bpi6mT9VseuXJIbKSW1xzP9njKPX9Q2h4V"
    "2owkboCDoH+uBLrJ3wC6KUvb09AINf5nFfs6vfdImRm2lkwzH/CbTuD+qFvuSkWky9t8kx"
    "atLHfB/pY0AD1H0klb4oa3q6zT1tts6Uz6fb6TKpsnXGuEwMw98CLvpBhr+NW2fauRitN5"
    "Z/tj9Ew9Zn946Us/W5jSoPk/U/OS4mUJUUWdo041VaB3HiCHscTvFRiYOpZBhgf6+OC7Kd"
    "8K5L8DFVbs5wTHuvjormUUNtVMlLndlDNuP7DcG/LoK/JrdvaP3qtD4mDVC/19BvVmYHld"
    "x79aoK2/zqVTndjPfyer6DV6s1hpPyO6jf1R8f6jn1BnBafgeVe1TFU3JU7ik5Kqbic/7U"
    "KLd0TUuLGyNEE7cVo45avr2ZhBmsFQarT+W4jnrT8m1Wbic2j+7Vri91TkEKeW0nYLh1CO"
    "AskxL0roKtscj8jkU58cS9JrfY6qpdvtWzCmY5LscsxwXMYqKIy7+v7aTETBTxJlYjk5/H"
    "kIzbQDIujtkVqNSkPNpEDPHCUZUabrJ4mGU5Q6k7RrPCnv7ZOeUq+BcqwR33skvumC8R52"
    "BwjiuorbIoxidBjZ1QgR5Mzx+fQUkm1MFNa2TAyJBJa6xL4dhsUzVpS/hpWMv1nqLH8KSx"
    "WsbeTKLN9sgjjb0VJ5f26RQ/naJ6y4PRMiLrj0TbTLiDyeFq7K9cuSfkcDXWgsnmaaBtCb"
    "R9A9/9OyZLcudl7i6FtDaUgxVTVs+cN8eYEoOHhxSTgCenWwZMBtMEbarYYUChtgdYFMCk"
    "K8QdnnuKODNgvkuny/DrSuo2aarahU9NmqqGXREGoG4IoJp4kZmrvYrzBUotcbYX3C8sCH"
    "TzRvn+r5lAezeArSS03GTMMbbWamytGDU9chtPTtRs7mhPlH/czwULcDMGy00kB+JrR2Os"
    "JHeWGipiXuYhE6W8Y6sw2HjCUTKUDYNtLARjIRgLYdsthEYOpDx1kxAtx2aeLyTj1pTAY6"
    "tr6rMkAbNEYIdxCgLMccSGQ2ZpkhY8sa71WyQGJJfPYbsLkjPQoE6XZ8QMODbgWAuO3wfC"
    "YmHI8hizcHMpRPZzxR4m8nlhuhVDMhHBHaEufsRTYgvOXqugEWjMuWfw/4yhH8KAw8R2in"
    "QPpfA1aZubaeIJtP6urcKbZ+nKsbxZI7+XNbIlc+j8/DXNHJo7nK18DlVnGPdnh8FVO0gs"
    "3gUc2DCNzdMPkpCxJINSkvCT2Q6MUAzN811qAbCNA/DUGWG4s6Ek7/1Ka1+aXTSTO9HkF9"
    "0kDWJSX64p9eVA2BpAUM6GpOW3OK/cBxXyCTMFzikqr5tkXyXmb9vb28OcboNISuiFeUa3"
    "dCqJz3e/d9hEATJqUx/DRuLD3x2NWd9sUxsmdACqhtojoUpnv4xEa0/665xFng89RmUSdh"
    "MfDveaJF2FXQlXnfiUFUok9THXBeV4rqXK/hSvVU4IiH4Yhboo9WaaaHjrEg4HVo85nUls"
    "8WzxGUACS4AE6HwC32f8Xl3is0B1HWdu8m27bBRQD79m+BM3HsSfukoUGZt08YVv2kyUzT"
    "W04ZnCJFQrX9+30xDSsEkmoZrZ69jG6OUnJFRr3Fa/Yurk4zJrPbndfdhe91TJygHMMbqk"
    "ljoy/IQMmCv4KMRAYpE7uEOlygaYMQs1xmzZrquLW15FlXrbPF748D5gZxZw6vbTuARjn2"
    "/IPq+bv2qHc1etPkhhY+RHyzxrTXMfTthXU1BRy2dCuIzykjkiI7ag5gHINTWgZ1fW68M8"
    "u7l5lwOcZ5eLMbSfrs4uPjw/UJqHQk68vhYtyMxMXnVQZ0TaPHV03opJfAArmGp48gT8ds"
    "fxoFahjrvCvTy+S+VQBB55zvZGeyS14cjfCO6vIo79oqvo7JQEgKVxFIhI51VsvLU1J5PL"
    "rus1BseCWJsHyGPdlE2d5H6vWb2XTnpzoTVOeSli2qoZr02+wGt1/nOnzL5IblewL+KDpC"
    "vbF8nBFgFi/eTsA2TikLxW2xVzjrwBCx2bqZA25XbUWRdPr7BK5HMeQpngZ+P1a8UqsHrk"
    "i16ooorLt5Ol5XdCuWY/WWu6YkvZ75aHAV3ygYi4/Un5TnSLf77A0uXfiYv2Y0dMNQDwlO"
    "1HJnDRBC6aGet7m7HeQqn3UTjWTVaze0vnqTHqP87eV9VIiW0a+I9gSmpiici1k9CLKZPk"
    "+WcG04s8waALZU8cHpOxiIKwiyKSeUixsBevCe5uIJMx48p5n1AykwCMQq0ps65mTe6Xdh"
    "k3ZuuhyZ7Xvq7YsfXMZM8z2fNaFn/S0ux57xMH0a24Y1yHu/IFloKv1NkEYAPKVgVgHKNF"
    "WIgxIiCVAp9nIXFpKEPSi2EPIB0MIEm29mHAK8wQmKMZw2Op6+JZ77Y2+LqJBp4AqjYbMt"
    "EiE3ZVARPlUOueupFG1+X85kzApMuqTW+yr74DX8xjTsXOSZqd4e2J5S2CqWRahNftR1w6"
    "miCOh3JkFeW3psfBal9YHuA9lNkdryxjAVNQHJFhudTxiHpFLMBhccGFIjlSIE7PSrUHFz"
    "TQwo6Nx5aQVacscCwtVZXcWYqV6LzMRnh0w+00wO2UboUrh3fle+G206u6hgNd8aOqoeGk"
    "+A5q92C/khNof4kTaL+Y0UlwqY28KOcnMyKGn6zJT250Mfv2f8PMWiw="
)
