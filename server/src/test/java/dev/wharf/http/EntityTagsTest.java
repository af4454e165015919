package dev.wharf.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9110 §13.1.2: If-None-Match with weak comparison. */
class EntityTagsTest {
    private static final String TAG = "\"abc\"";

    @Test
    void matchesTheTagItsWeakFormTheStarAndAnyMemberOfAList() {
        assertThat(EntityTags.noneMatchFails(TAG, TAG)).isTrue();
        assertThat(EntityTags.noneMatchFails("W/" + TAG, TAG)).isTrue();
        assertThat(EntityTags.noneMatchFails("*", TAG)).isTrue();
        assertThat(EntityTags.noneMatchFails("\"x\", " + TAG + " ,\"y\"", TAG)).isTrue();
    }

    @Test
    void matchesNothingElse() {
        assertThat(EntityTags.noneMatchFails(null, TAG)).isFalse();
        assertThat(EntityTags.noneMatchFails("\"abcd\"", TAG)).isFalse();
        assertThat(EntityTags.noneMatchFails("\"x" + TAG + "\"", TAG)).isFalse();
        assertThat(EntityTags.noneMatchFails(TAG + " ".repeat(EntityTags.MAX_HEADER), TAG))
                .isFalse();
    }
}
