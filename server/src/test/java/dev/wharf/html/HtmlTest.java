package dev.wharf.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapeCoversTheFiveHtmlSpecials() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }

    @Test
    void everythingElseStaysAsWritten() {
        assertThat(Html.escape("café 1.0 – ok")).isEqualTo("café 1.0 – ok");
    }
}
