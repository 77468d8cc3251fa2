package dev.lakehouse.export.params;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JavaLiteralsTest {

    @Test
    void quotesTheCharactersJavaNeedsEscaped() {
        assertThat(JavaLiterals.quote("a\"b\\c\nd\te\r\u0001\u007f")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\r\\001\\177\"");
        assertThat(JavaLiterals.quote("héllo 日本 🎉")).isEqualTo("\"héllo 日本 🎉\"");
    }

    @Test
    void unquoteReadsEscapesAndRejectsNonLiterals() {
        assertThat(JavaLiterals.unquote("\"a\\tb\\u0041\\101\\s\\0\"")).contains("a\tbAA \0");
        assertThat(JavaLiterals.unquote("\"open")).isEmpty();
        assertThat(JavaLiterals.unquote("\"a\" + \"b\"")).isEmpty();
        assertThat(JavaLiterals.unquote("x")).isEmpty();
        assertThat(JavaLiterals.unquote("\"bad \\q escape\"")).isEmpty();
    }

    @Test
    void quoteThenUnquoteIsIdentityOnRandomText() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append((char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0xD800)));
            }
            String value = text.toString();
            assertThat(JavaLiterals.unquote(JavaLiterals.quote(value))).as("round %d", round).contains(value);
        }
    }
}
