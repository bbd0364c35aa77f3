package dev.vpnform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * Parses one part of a Markdown report with commonmark-java (GFM tables on, as on GitHub) and
 * checks that it stands on its own: the hidden marker first, every fence closed, {@code <details>}
 * balanced, and only vpnform's own HTML. Callers check that user strings are whole code spans.
 */
public final class MarkdownCheck {
  private MarkdownCheck() {}

  static final Parser PARSER =
      Parser.builder().extensions(List.of(TablesExtension.create())).build();

  /** What the part holds, for further assertions. */
  public record Parsed(
      Node document, List<String> codeSpans, String textOutsideCode, String fenced) {}

  static Parsed check(String part, int maxBytes) {
    assertThat(part.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(maxBytes);
    return check(part);
  }

  public static Parsed check(String part) {
    Node doc = PARSER.parse(part);
    assertThat(doc.getFirstChild()).isInstanceOf(HtmlBlock.class);
    assertThat(((HtmlBlock) doc.getFirstChild()).getLiteral()).startsWith("<!-- vpnform:report ");
    List<String> code = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    StringBuilder fenced = new StringBuilder();
    List<String> html = new ArrayList<>();
    doc.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Code c) {
            code.add(c.getLiteral());
          }

          @Override
          public void visit(Text t) {
            text.append(t.getLiteral()).append('\n');
          }

          @Override
          public void visit(FencedCodeBlock f) {
            assertThat(f.getClosingFenceLength()).as("a closed fence in\n" + part).isNotNull();
            fenced.append(f.getLiteral());
          }

          @Override
          public void visit(HtmlBlock h) {
            html.add(h.getLiteral());
          }

          @Override
          public void visit(HtmlInline h) {
            html.add(h.getLiteral());
          }

          @Override
          public void visit(CustomBlock b) {
            visitChildren(b);
          }

          @Override
          public void visit(CustomNode n) {
            visitChildren(n);
          }
        });
    int open = 0;
    for (String h : html) {
      open += count(h, "<details>") - count(h, "</details>");
      assertThat(open).as("</details> before its <details> in\n" + part).isGreaterThanOrEqualTo(0);
      assertThat(h)
          .as("only vpnform's own HTML")
          .matches(
              "(?s)(<!-- vpnform:report [^>]*-->\\s*|"
                  + "<details><summary>Show diff \\(\\d+ lines?\\)</summary>\\s*|</details>\\s*|<sub>|</sub>)");
    }
    assertThat(open).as("<details> closed in\n" + part).isZero();
    return new Parsed(doc, code, text.toString(), fenced.toString());
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
