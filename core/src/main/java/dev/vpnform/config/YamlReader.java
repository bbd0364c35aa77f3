package dev.vpnform.config;

import dev.vpnform.model.SourceLocation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns text into SnakeYAML node trees, safely: nodes are only composed, never constructed into
 * objects, so no tag can instantiate a class; and the alias count, nesting depth and size are
 * bounded. A parser failure becomes one located diagnostic for the file.
 */
final class YamlReader {
  private final long maxFileBytes;
  private final int maxAliases;
  private final int maxDepth;

  YamlReader(long maxFileBytes, int maxAliases, int maxDepth) {
    this.maxFileBytes = maxFileBytes;
    this.maxAliases = maxAliases;
    this.maxDepth = maxDepth;
  }

  private LoaderOptions options() {
    LoaderOptions o = new LoaderOptions();
    // The composer does not look at these two (they act when constructing objects, which we never
    // do); DocumentReader checks duplicate keys itself, with locations. Set anyway so that the
    // options say what we mean.
    o.setAllowDuplicateKeys(false);
    o.setAllowRecursiveKeys(false);
    o.setMaxAliasesForCollections(maxAliases);
    o.setNestingDepthLimit(maxDepth);
    // SnakeYAML's default (3 MiB) would reject files that our own byte limit allows; a code point
    // takes at least one byte, so this never binds before maxFileBytes does.
    o.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxFileBytes));
    // `<<: *defaults` is resolved while composing, so merged keys look like written ones.
    o.setMergeOnCompose(true);
    o.setProcessComments(false);
    // The default TagInspector stays: global tags such as !!java.net.URL fail in the composer.
    return o;
  }

  /**
   * Every document in {@code src}, or null after reporting one diagnostic when the text is not
   * valid YAML or exceeds a limit.
   */
  List<Node> compose(SourceText src, Problems problems) {
    LoaderOptions options = options();
    TrackingParser parser =
        new TrackingParser(new ParserImpl(new StreamReader(src.text()), options));
    Composer composer = new Composer(parser, new Resolver(), options);
    List<Node> documents = new ArrayList<>();
    try {
      while (composer.checkNode()) {
        documents.add(composer.getNode());
      }
      return documents;
    } catch (MarkedYAMLException e) {
      report(src, problems, e);
    } catch (ReaderException e) {
      SourceLocation at = src.locationOfCodePoint(e.getPosition());
      String message =
          src.sensitiveLine(at.line() - 1)
              ? "found a special character that YAML does not allow"
              : String.format(
                  "found a special character that YAML does not allow (U+%04X)", e.getCodePoint());
      problems.error("yaml", null, null, message, at);
    } catch (YAMLException e) {
      reportUnmarked(src, problems, e.getMessage(), parser.lastMark());
    } catch (RuntimeException e) {
      // The input is untrusted: a failure inside the parser must become a diagnostic for this file
      // rather than abort a run over many files. Its message is not shown: it may quote the input.
      problems.error(
          "yaml",
          null,
          null,
          "the YAML parser failed (" + e.getClass().getSimpleName() + ")",
          src.location(parser.lastMark()));
    }
    return null;
  }

  private static void report(SourceText src, Problems problems, MarkedYAMLException e) {
    Mark problemMark = e.getProblemMark();
    Mark contextMark = e.getContextMark();
    Mark at = problemMark != null ? problemMark : contextMark;
    String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
    // Never e.getMessage(): it appends a snippet of the source line, which may hold a psk.
    String message;
    if (problem != null && problem.contains("\\t(TAB)")) {
      message = "found a tab character where indentation is expected";
    } else if (problem != null && problem.startsWith("Global tag is not allowed")) {
      message = "tags are not allowed";
    } else if (e instanceof RecursiveMergeException || e instanceof TaggedMergeException) {
      message = problem; // our own text, which quotes nothing from the input
    } else if (isSensitive(src, problemMark) || isSensitive(src, contextMark)) {
      // The problem text may quote a token (an alias name, a character) from that line.
      message =
          "invalid YAML on or near a psk line (details are not shown, so that the key cannot leak)";
    } else if (problem == null) {
      message = "invalid YAML";
    } else {
      message = Texts.abbreviate(problem, 200);
      if (e.getContext() != null
          && contextMark != null
          && problemMark != null
          && contextMark.getIndex() != problemMark.getIndex()) {
        message +=
            " ("
                + e.getContext()
                + " at "
                + (contextMark.getLine() + 1)
                + ":"
                + (contextMark.getColumn() + 1)
                + ")";
      }
    }
    problems.error("yaml", null, null, message, src.location(at));
  }

  private static boolean isSensitive(SourceText src, Mark m) {
    return m != null && src.sensitiveLine(m.getLine());
  }

  /** The limits raise plain YAMLExceptions without a mark; the parser's last event locates them. */
  private void reportUnmarked(SourceText src, Problems problems, String text, Mark last) {
    String rule = "limits";
    String message;
    if (text == null) {
      rule = "yaml";
      message = "invalid YAML";
    } else if (text.startsWith("Number of aliases")) {
      message =
          "more than "
              + maxAliases
              + " aliases to lists or mappings (maxAliases): refusing what looks like an alias"
              + " bomb";
    } else if (text.startsWith("Nesting Depth")) {
      message = "nested more than " + maxDepth + " levels deep (maxDepth)";
    } else if (text.startsWith("The incoming YAML document exceeds the limit")) {
      message = "the document is longer than " + maxFileBytes + " characters (maxFileBytes)";
    } else if (text.startsWith("Recursive key")) {
      rule = "yaml";
      message = "a key may not refer to itself";
    } else {
      rule = "yaml";
      message = "invalid YAML";
    }
    problems.error(rule, null, null, message, src.location(last));
  }

  /**
   * Remembers where the last event started, to locate the errors SnakeYAML raises unmarked; and
   * refuses a merge key whose value refers to a mapping that is still being composed (such as
   * {@code a: &a {<<: *a}}), on which SnakeYAML's merge loops forever.
   */
  private static final class TrackingParser implements Parser {
    private final Parser delegate;
    private Mark last;
    private final MergeGuard merges = new MergeGuard();

    TrackingParser(Parser delegate) {
      this.delegate = delegate;
    }

    Mark lastMark() {
      return last;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
      return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
      return delegate.peekEvent();
    }

    @Override
    public Event getEvent() {
      Event e = delegate.getEvent();
      last = e.getStartMark();
      merges.accept(e);
      return e;
    }
  }

  /** A merge key refers to a mapping that contains it. */
  static final class RecursiveMergeException extends MarkedYAMLException {
    private static final long serialVersionUID = 1L;

    RecursiveMergeException(Mark mark) {
      super(
          null,
          null,
          "a merge key (<<) refers to an anchor that contains it; nothing can be merged into"
              + " itself",
          mark);
    }
  }

  /**
   * A {@code !!merge} tag on a scalar other than a plain {@code <<}. SnakeYAML would merge such a
   * key's mapping into its parent, so that {@code !!merge psk: {...}} lifts what is written under a
   * key that reads "psk" to the level above, where an unknown key's message would quote it.
   */
  static final class TaggedMergeException extends MarkedYAMLException {
    private static final long serialVersionUID = 1L;

    TaggedMergeException(Mark mark) {
      super(null, null, "the !!merge tag is allowed only on a merge key written as <<", mark);
    }
  }

  /**
   * Follows the events as the composer takes them, tracking the collections still open, to find an
   * alias used as (or in the list of) a merge key's value that names one of them.
   */
  private static final class MergeGuard {
    /** One open collection. */
    private static final class Frame {
      final boolean mapping;
      final boolean mergeList;
      boolean open = true;
      boolean expectKey = true;
      boolean keyIsMerge;

      Frame(boolean mapping, boolean mergeList) {
        this.mapping = mapping;
        this.mergeList = mergeList;
      }
    }

    private static final Object CLOSED = new Object();
    private static final String MERGE_TAG = Tag.MERGE.getValue();

    private final Deque<Frame> open = new ArrayDeque<>();

    /** The latest node of each anchor: its Frame while open, else CLOSED. */
    private final Map<String, Object> anchors = new HashMap<>();

    /** Anchors whose latest node is a merge key scalar ({@code &m <<}). */
    private final Set<String> mergeKeyAnchors = new HashSet<>();

    void accept(Event e) {
      if (e instanceof DocumentStartEvent) {
        open.clear();
        anchors.clear();
        mergeKeyAnchors.clear();
      } else if (e instanceof AliasEvent a) {
        String anchor = a.getAnchor();
        boolean mergeValue = slot(anchor != null && mergeKeyAnchors.contains(anchor));
        if (mergeValue && anchor != null && anchors.get(anchor) instanceof Frame f && f.open) {
          throw new RecursiveMergeException(e.getStartMark());
        }
      } else if (e instanceof ScalarEvent s) {
        if (MERGE_TAG.equals(s.getTag()) && !"<<".equals(s.getValue())) {
          throw new TaggedMergeException(e.getStartMark());
        }
        boolean isMerge =
            MERGE_TAG.equals(s.getTag())
                || (s.getTag() == null
                    && s.getImplicit().canOmitTagInPlainScalar()
                    && "<<".equals(s.getValue()));
        slot(isMerge);
        define(s.getAnchor(), CLOSED, isMerge);
      } else if (e instanceof CollectionStartEvent c) {
        boolean mergeValue = slot(false);
        Frame f = new Frame(e instanceof MappingStartEvent, mergeValue);
        define(c.getAnchor(), f, false);
        open.push(f);
      } else if (e instanceof CollectionEndEvent && !open.isEmpty()) {
        open.pop().open = false;
      }
    }

    /**
     * Takes the next key or value slot of the innermost collection; returns whether the node in it
     * is (part of) a merge key's value.
     */
    private boolean slot(boolean nodeIsMergeKey) {
      Frame parent = open.peek();
      if (parent == null) {
        return false;
      }
      if (!parent.mapping) {
        return parent.mergeList;
      }
      if (parent.expectKey) {
        parent.expectKey = false;
        parent.keyIsMerge = nodeIsMergeKey;
        return false;
      }
      parent.expectKey = true;
      return parent.keyIsMerge;
    }

    private void define(String anchor, Object node, boolean mergeKey) {
      if (anchor == null) {
        return;
      }
      anchors.put(anchor, node);
      if (mergeKey) {
        mergeKeyAnchors.add(anchor);
      } else {
        mergeKeyAnchors.remove(anchor);
      }
    }
  }
}
