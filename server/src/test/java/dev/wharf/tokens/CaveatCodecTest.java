package dev.wharf.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

class CaveatCodecTest {
    @Test
    void writesCaveatsAsWarehouseDoes() {
        // json.dumps([tag, *fields], sort_keys=True, separators=(",", ":")) in warehouse caveats/_core.py
        assertThat(CaveatCodec.encode(new Caveat.Expiration(1700000900L, 1700000000L)))
                .isEqualTo("[0,1700000900,1700000000]");
        assertThat(CaveatCodec.encode(new Caveat.ProjectNames(List.of("alpha", "beta-two"))))
                .isEqualTo("[1,[\"alpha\",\"beta-two\"]]");
        assertThat(CaveatCodec.encode(new Caveat.RequestUser("42"))).isEqualTo("[3,\"42\"]");
        // OIDCPublisher: [4, "<publisher id>", null], the null being pypi.org's deprecated oidc_claims.
        assertThat(CaveatCodec.encode(new Caveat.OidcPublisher("7"))).isEqualTo("[4,\"7\",null]");
    }

    /**
     * encode writes the JSON itself; Jackson serializing the same array is the reference, for
     * strings that need escapes too (a presented token's caveats are decoded and may be re-encoded).
     */
    @Test
    void writesTheSameTextAsJacksonForAnyString() {
        JsonMapper json = JsonMapper.builder().build();
        List<String> strings = List.of(
                "",
                "plain-name",
                "quote\"d",
                "back\\slash",
                "tab\tnew\nline",
                "\u0000\u001f\u007f",
                "slash/es",
                "caf\u00e9",
                "\ud83d\ude00",
                "'single'",
                "<html>&amp;");
        for (String text : strings) {
            ArrayNode names = json.createArrayNode().add(1);
            names.addArray().add(text).add("b");
            assertThat(CaveatCodec.encode(new Caveat.ProjectNames(List.of(text, "b"))))
                    .isEqualTo(json.writeValueAsString(names));
            assertThat(CaveatCodec.encode(new Caveat.RequestUser(text)))
                    .isEqualTo(json.writeValueAsString(
                            json.createArrayNode().add(3).add(text)));
            assertThat(CaveatCodec.encode(new Caveat.OidcPublisher(text)))
                    .isEqualTo(json.writeValueAsString(
                            json.createArrayNode().add(4).add(text).addNull()));
        }
        assertThat(CaveatCodec.encode(new Caveat.Expiration(Long.MIN_VALUE, -1)))
                .isEqualTo(json.writeValueAsString(
                        json.createArrayNode().add(0).add(Long.MIN_VALUE).add(-1L)));
        assertThat(CaveatCodec.encode(new Caveat.ProjectNames(List.of()))).isEqualTo("[1,[]]");
        assertThat(CaveatCodec.encodeAll(List.of())).isEqualTo("[]");
    }

    @Test
    void readsWhatItWrites() throws CaveatFormatException {
        List<Caveat> caveats = List.of(
                new Caveat.Expiration(5, 3),
                new Caveat.ProjectNames(List.of("a")),
                new Caveat.RequestUser("7"),
                new Caveat.OidcPublisher("12"));
        for (Caveat caveat : caveats) {
            assertThat(CaveatCodec.decode(CaveatCodec.encode(caveat))).isEqualTo(caveat);
        }
        assertThat(CaveatCodec.decodeAll(CaveatCodec.encodeAll(caveats))).isEqualTo(caveats);
        assertThat(CaveatCodec.encodeAll(caveats)).isEqualTo("[[0,5,3],[1,[\"a\"]],[3,\"7\"],[4,\"12\",null]]");
    }

    @Test
    void readsTheCaveatsPypiOrgIssuesForUserTokens() throws CaveatFormatException {
        assertThat(CaveatCodec.decode("[1,[\"sampleproject\"]]"))
                .isEqualTo(new Caveat.ProjectNames(List.of("sampleproject")));
        assertThat(CaveatCodec.decode("[ 0 , 1700000900 , 1700000000 ]"))
                .isEqualTo(new Caveat.Expiration(1700000900L, 1700000000L));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{}",
                "[]",
                "\"x\"",
                "42",
                "null",
                "{\"exp\":1700000900,\"nbf\":1700000000}", // pypi.org's legacy dict caveat
                "{\"version\":1,\"permissions\":\"user\"}", // pypi.org's legacy V1 caveat
                "[true,[\"a\"]]",
                "[\"1\",[\"a\"]]",
                "[1.0,[\"a\"]]",
                "[99999999999,1]",
                "[0,\"50\",10]",
                "[0,1.5,2]",
                "[0,1]",
                "[0,1,2,3]",
                "[0,1,null]",
                "[0,99999999999999999999999,1]",
                "[1,\"a\"]",
                "[1,[1]]",
                "[1,[null]]",
                "[1,[\"a\"],\"extra\"]",
                "[1]",
                "[2,[\"0b6e6a1c-1d55-4b7a-9a53-2b1c3c4d5e6f\"]]", // ProjectID: reserved
                "[3,42]",
                "[3]",
                "[4,\"7\",{\"sub\":\"x\"}]", // OIDCPublisher with pypi.org's deprecated claims
                "[4,7,null]", // OIDCPublisher id must be a string
                "[5]",
                "[-1]",
                "[0,1,2] [0,1,2]",
                "[0,1,2]x"
            })
    void refusesEverythingElse(String text) {
        assertThatThrownBy(() -> CaveatCodec.decode(text)).isInstanceOf(CaveatFormatException.class);
    }

    @Test
    void refusesOverLongCaveats() {
        String names = "\"a\",".repeat(CaveatCodec.MAX_CAVEAT_BYTES / 4);
        assertThatThrownBy(() -> CaveatCodec.decode("[1,[" + names + "\"a\"]]"))
                .isInstanceOf(CaveatFormatException.class)
                .hasMessage("caveat is too long");
    }

    @Test
    void refusesDeeplyNestedJsonWithoutStackOverflow() {
        String deep = "[".repeat(4000) + "]".repeat(4000);
        assertThatThrownBy(() -> CaveatCodec.decode(deep)).isInstanceOf(CaveatFormatException.class);
    }
}
