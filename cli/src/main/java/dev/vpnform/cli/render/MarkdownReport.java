package dev.vpnform.cli.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Markdown report for a pull or merge request comment, made of blocks that it may be split
 * between: it splits between connections (and projects), never inside one, so that each part fits a
 * byte budget and is valid CommonMark on its own. Every string it is given is already safe Markdown
 * (see {@link Markdown}).
 *
 * @param kind plan or apply, written in the hidden marker
 * @param key identifies what the report is about, so CI finds and replaces its earlier comment
 * @param summary lines under the title, in the first part only
 * @param sections one per project; a single unnamed one without projects
 * @param footer lines at the end of every part
 */
record MarkdownReport(
    String kind, String key, List<String> summary, List<Section> sections, List<String> footer) {

  MarkdownReport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    summary = List.copyOf(summary);
    sections = List.copyOf(sections);
    footer = List.copyOf(footer);
  }

  /** The smallest budget a part may have: a title, a marker and one connection's row. */
  static final int MIN_BYTES = 2000;

  /**
   * One project's (or the whole run's) block.
   *
   * @param heading null for the only section of a run without projects
   * @param lead status, targeting and diagnostics: they stay in the part where the section starts
   * @param tableHeader the two lines that start the table of {@code entries}
   * @param entries the connections, one table row each, with their diff lines
   */
  record Section(String heading, List<String> lead, List<String> tableHeader, List<Entry> entries) {
    Section {
      lead = List.copyOf(lead);
      tableHeader = List.copyOf(tableHeader);
      entries = List.copyOf(entries);
    }
  }

  /** One connection: its table row, and the lines it adds to the diff. */
  record Entry(String row, List<String> diff) {
    Entry {
      Objects.requireNonNull(row, "row");
      diff = List.copyOf(diff);
    }
  }

  /** The whole report as one document, for stdout. */
  String whole() {
    Part p = new Part(true);
    for (int s = 0; s < sections.size(); s++) {
      p.slices.add(new Slice(s, true, new ArrayList<>(sections.get(s).entries())));
    }
    return render(p, 1, 1);
  }

  /** The report in parts of at most {@code maxBytes} UTF-8 bytes each. */
  List<String> split(int maxBytes) {
    if (maxBytes < MIN_BYTES) {
      throw new IllegalArgumentException("a part needs at least " + MIN_BYTES + " bytes");
    }
    List<Part> parts = new ArrayList<>();
    Part cur = new Part(true);
    for (int s = 0; s < sections.size(); s++) {
      Section section = sections.get(s);
      Slice slice = new Slice(s, true, new ArrayList<>());
      cur.slices.add(slice);
      if (!fits(cur, maxBytes) && cur.slices.size() > 1) {
        cur.slices.remove(slice);
        parts.add(cur);
        cur = new Part(false);
        cur.slices.add(slice);
      }
      if (!fits(cur, maxBytes)) {
        slice.lead = shortened(cur, slice, maxBytes);
      }
      for (Entry e : section.entries()) {
        slice.entries.add(e);
        if (fits(cur, maxBytes)) {
          continue;
        }
        slice.entries.remove(slice.entries.size() - 1);
        // Move on to a new part, unless the entry would not fit there either: then it is cut
        // down here, next to its section's lead.
        if (!cur.isEmpty() && fitsAlone(s, e, maxBytes)) {
          parts.add(cur);
          cur = new Part(false);
          slice = new Slice(s, false, new ArrayList<>());
          cur.slices.add(slice);
        }
        slice.entries.add(e);
        if (!fits(cur, maxBytes)) {
          slice.entries.set(slice.entries.size() - 1, shortened(cur, slice, e, maxBytes));
        }
      }
    }
    parts.add(cur);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      out.add(render(parts.get(i), i + 1, parts.size()));
    }
    return out;
  }

  private boolean fitsAlone(int section, Entry e, int maxBytes) {
    Part p = new Part(false);
    p.slices.add(new Slice(section, false, new ArrayList<>(List.of(e))));
    return fits(p, maxBytes);
  }

  /** The parts are sized as if there were 999 of them, so the final numbers only shrink them. */
  private boolean fits(Part p, int maxBytes) {
    return Markdown.bytes(render(p, 999, 999)) <= maxBytes;
  }

  /** The lead cut to fit, with a line saying how much was left out. */
  private List<String> shortened(Part p, Slice slice, int maxBytes) {
    List<String> full = sections.get(slice.section).lead();
    int keep = full.size();
    while (keep > 0) {
      keep--;
      slice.lead = new ArrayList<>(full.subList(0, keep));
      slice.lead.add("");
      slice.lead.add("*… " + (full.size() - keep) + " more lines left out; see the log.*");
      if (fits(p, maxBytes)) {
        break;
      }
    }
    return slice.lead;
  }

  /** The entry with the middle of its diff left out, keeping its head and tail. */
  private Entry shortened(Part p, Slice slice, Entry e, int maxBytes) {
    List<String> diff = e.diff();
    int last = slice.entries.size() - 1;
    for (int keep = diff.size() - 1; keep >= 0; keep--) {
      int head = (keep + 1) / 2;
      int tail = keep - head;
      List<String> cut = new ArrayList<>(diff.subList(0, head));
      cut.add(
          "# … "
              + (diff.size() - keep)
              + " lines left out; run vpnform show PLAN --format diff for all of them");
      cut.addAll(diff.subList(diff.size() - tail, diff.size()));
      Entry shorter = new Entry(e.row(), cut);
      slice.entries.set(last, shorter);
      if (fits(p, maxBytes)) {
        return shorter;
      }
    }
    return new Entry(e.row(), List.of());
  }

  private String render(Part p, int index, int count) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!-- vpnform:report kind=")
        .append(kind)
        .append(" key=")
        .append(key)
        .append(" part=")
        .append(index)
        .append('/')
        .append(count)
        .append(" v=1 -->\n\n");
    sb.append("### vpnform ").append(kind);
    if (count > 1) {
      sb.append(" (part ").append(index).append(" of ").append(count).append(')');
    }
    sb.append("\n\n");
    if (p.first) {
      lines(sb, summary);
    }
    for (Slice slice : p.slices) {
      Section section = sections.get(slice.section);
      if (section.heading() != null) {
        sb.append("#### ").append(section.heading());
        if (!slice.start) {
          sb.append(" (continued)");
        }
        sb.append("\n\n");
      }
      if (slice.start) {
        lines(sb, slice.lead != null ? slice.lead : section.lead());
      }
      if (slice.entries.isEmpty()) {
        continue;
      }
      section.tableHeader().forEach(l -> sb.append(l).append('\n'));
      slice.entries.forEach(e -> sb.append(e.row()).append('\n'));
      sb.append('\n');
      List<String> diff = new ArrayList<>();
      slice.entries.forEach(e -> diff.addAll(e.diff()));
      if (!diff.isEmpty()) {
        String text = String.join("\n", diff);
        String fence = Markdown.fence(text);
        sb.append("<details><summary>Show diff (")
            .append(diff.size())
            .append(diff.size() == 1 ? " line" : " lines")
            .append(")</summary>\n\n");
        sb.append(fence).append("diff\n").append(text).append('\n').append(fence).append("\n\n");
        sb.append("</details>\n\n");
      }
    }
    lines(sb, footer);
    return sb.toString().stripTrailing() + "\n";
  }

  private static void lines(StringBuilder sb, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    lines.forEach(l -> sb.append(l).append('\n'));
    sb.append('\n');
  }

  /** A part: slices of sections, in order. */
  private static final class Part {
    final boolean first;
    final List<Slice> slices = new ArrayList<>();

    Part(boolean first) {
      this.first = first;
    }

    boolean isEmpty() {
      return slices.stream().allMatch(s -> s.entries.isEmpty() && !s.start);
    }
  }

  /** Some entries of one section; {@code start} when the section begins in this part. */
  private static final class Slice {
    final int section;
    final boolean start;
    final List<Entry> entries;
    List<String> lead;

    Slice(int section, boolean start, List<Entry> entries) {
      this.section = section;
      this.start = start;
      this.entries = entries;
    }
  }
}
