package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class HeaderChecksTests {

    /** StrictHttpFirewall's own patterns, which the predicates replace. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void shouldJudgeEveryCodePointAsTheFirewallsPatternsDo() {
        for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint += codePoint < 0x3000 ? 1 : 97) {
            String text = "ab" + new String(Character.toChars(codePoint)) + "c";
            assertThat(HeaderChecks.HEADER_NAME.test(text))
                    .as("name U+%04X", codePoint)
                    .isEqualTo(NAME.matcher(text).matches());
            assertThat(HeaderChecks.HEADER_VALUE.test(text))
                    .as("value U+%04X", codePoint)
                    .isEqualTo(VALUE.matcher(text).matches());
        }
        assertThat(HeaderChecks.HEADER_VALUE.test("a\uD800b"))
                .isEqualTo(VALUE.matcher("a\uD800b").matches());
    }

    @Test
    void shouldResolveBearerTokensExactlyAsSpringSecurityDoes() {
        HeaderChecks.FastBearerTokenResolver fast = new HeaderChecks.FastBearerTokenResolver();
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        String[] headers = {
            "Bearer abc.DEF-_~+/9==",
            "bearer abc.def",
            "BEARER x",
            null,
            "Basic dXNlcjpwdw==",
            "Bearer abc def",
            "Bearer ",
            "Bearer a=b",
            "Bearer  abc",
            "Bearerabc",
            "Bearer abc\t"
        };
        for (String header : headers) {
            for (boolean withParameter : new boolean[] {false, true}) {
                MockHttpServletRequest request = request(header);
                if (withParameter) {
                    request.setMethod("GET");
                    request.addParameter("access_token", "other");
                }
                assertThat(outcome(() -> fast.resolve(request)))
                        .as(header + (withParameter ? " with a parameter" : ""))
                        .isEqualTo(outcome(() -> standard.resolve(request)));
            }
        }
        assertThat(fast.resolve(request("Bearer abc.DEF-_~+/9=="))).isEqualTo("abc.DEF-_~+/9==");
    }

    private static String outcome(java.util.function.Supplier<String> resolve) {
        try {
            return "token:" + resolve.get();
        } catch (OAuth2AuthenticationException ex) {
            return "refused:" + ex.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/services/X/operations/y");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }
}
