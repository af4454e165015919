package dev.wharf.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class RstRendererTest {
    private static Document render(String rst) {
        return Jsoup.parseBodyFragment(RstRenderer.render(rst));
    }

    @Test
    void titlesParagraphsListsAndLiteralBlocks() {
        Document html = render("""
                =====
                Wharf
                =====

                A *small* index with **trusted** publishing and ``pip`` support.
                See `the docs <https://example.org/docs>`_.

                Install
                -------

                Run this::

                    pip install wharf

                * first item
                * second item
                  continues here

                #. one
                #. two

                .. note:: hidden directive

                .. code-block:: python

                   print("hi")
                """);
        assertThat(html.select("h1").text()).isEqualTo("Wharf");
        assertThat(html.select("h2").text()).isEqualTo("Install");
        assertThat(html.select("p em").text()).isEqualTo("small");
        assertThat(html.select("p strong").text()).isEqualTo("trusted");
        assertThat(html.select("p code").text()).isEqualTo("pip");
        assertThat(html.select("a").attr("href")).isEqualTo("https://example.org/docs");
        assertThat(html.select("a").text()).isEqualTo("the docs");
        assertThat(html.select("p").eachText()).contains("Run this:");
        assertThat(html.select("pre code").eachText()).containsExactly("pip install wharf", "print(\"hi\")");
        assertThat(html.select("ul li").eachText()).containsExactly("first item", "second item continues here");
        assertThat(html.select("ol li").eachText()).containsExactly("one", "two");
        assertThat(html.text()).doesNotContain("hidden directive");
    }

    @Test
    void nothingTheAuthorWritesBecomesMarkup() {
        Document html = render("""
                <script>alert(1)</script>
                =========================

                <img src=x onerror=alert(1)> `x <javascript:alert(1)>`_ and `y <https://ok.example/" onmouseover="x>`_

                .. raw:: html

                   <script>alert(2)</script>
                """);
        assertThat(html.select("script, img, [onerror], [onmouseover]")).isEmpty();
        assertThat(html.select("a")).allSatisfy(a -> assertThat(a.attr("href")).startsWith("https://"));
        assertThat(html.select("h1").text()).isEqualTo("<script>alert(1)</script>");
        assertThat(html.text()).doesNotContain("alert(2)");
    }

    @Test
    void hugeParagraphsAreEscapedWithoutInlineMarkup() {
        // Beyond MAX_INLINE the inline patterns (which backtrack on unclosed markers) are not run at all.
        String html = RstRenderer.render("**bold** " + "** *a ".repeat(RstRenderer.MAX_INLINE));
        assertThat(html).doesNotContain("<strong>").startsWith("<p>**bold**");
    }
}
