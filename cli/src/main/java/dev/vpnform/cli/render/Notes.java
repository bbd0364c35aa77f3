package dev.vpnform.cli.render;

import dev.vpnform.model.Note;
import java.util.List;

/** A plan note as the command line says it: the library names settings, the CLI its flags. */
final class Notes {
  private Notes() {}

  static String text(Note n) {
    return n.field()
        + ": "
        + switch (n.kind()) {
          case PSK_ROTATED -> "sent because of --rotate-psk; " + n.detail();
          case PSK_NOT_COMPARED ->
              "not compared, because " + n.detail() + "; use --rotate-psk to send it";
          case ADDRESS_RESOLVED -> n.detail();
        };
  }

  static List<String> texts(List<Note> notes) {
    return notes.stream().map(Notes::text).toList();
  }
}
