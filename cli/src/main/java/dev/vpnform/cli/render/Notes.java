package dev.vpnform.cli.render;

import dev.vpnform.model.Note;
import dev.vpnform.model.Setting;
import java.util.List;

/** A plan note as the command line says it: the library names settings, the CLI its flags. */
final class Notes {
  private Notes() {}

  static String text(Note n) {
    return n.field()
        + ": "
        + switch (n.kind()) {
          case PSK_ROTATED ->
              "sent because of " + DiagnosticRenderer.flag(Setting.ROTATE_PSK) + "; " + n.detail();
          case PSK_NOT_COMPARED ->
              "not compared, because "
                  + n.detail()
                  + "; use "
                  + DiagnosticRenderer.flag(Setting.ROTATE_PSK)
                  + " to send it";
          case ADDRESS_RESOLVED, GRAPH -> n.detail();
        };
  }

  static List<String> texts(List<Note> notes) {
    return notes.stream().map(Notes::text).toList();
  }
}
