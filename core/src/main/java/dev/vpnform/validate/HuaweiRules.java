package dev.vpnform.validate;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Setting;
import java.util.List;
import java.util.Set;

/**
 * The huaweicloud dialect, rules H1-H12. Decisions on the source document's inconsistencies:
 *
 * <ul>
 *   <li>H5/H6: the request table marks peer_address and peer_id mandatory, but an update is
 *       partial; neither is required. peer_id follows its NOTE (not configurable).
 *   <li>H7: the example request sets mtu 1200; the NOTE allows only 1500, and the NOTE wins.
 *   <li>H4: description is not configurable, whatever the request table's wording.
 * </ul>
 */
final class HuaweiRules {
  private HuaweiRules() {}

  private static final int MAX_NAME = 64;
  private static final int MAX_PEER = 250;
  private static final int MIN_PSK = 6;
  private static final int MAX_PSK = 128;

  /** Fields H2, H4 and H6 say an update cannot carry. */
  private static final List<String> UNCHANGEABLE =
      List.of("peer_id", "dpd", "local_id", "description");

  static void desired(DesiredConnection c, Sink sink) {
    if (c.name() != null && (c.name().isEmpty() || c.name().length() > MAX_NAME)) {
      sink.error(
          "H3",
          c,
          "name",
          "name must be 1 to " + MAX_NAME + " characters, not " + c.name().length());
    }
    if (c.description() != null) {
      if (c.description().length() > UpstreamRules.MAX_LENGTH) {
        sink.error("H4", c, "description", "description is at most 255 characters");
      }
      sink.warning(
          "H4",
          c,
          "description",
          "description is used by internal components and cannot be configured; a change is"
              + " refused");
    }
    if (c.peerAddress() != null && c.peerAddress().length() > MAX_PEER) {
      sink.error("H5", c, "peer_address", "peer_address is at most " + MAX_PEER + " characters");
    }
    if (c.peerId() != null) {
      if (c.peerId().length() > MAX_PEER) {
        sink.error("H6", c, "peer_id", "peer_id is at most " + MAX_PEER + " characters");
      }
      sink.warning("H6", c, "peer_id", "peer_id cannot be configured; a change is refused");
    }
    if (c.dpd() != null) {
      sink.warning("H2", c, "dpd", "dpd is not supported in an update; a change is refused");
    }
    if (c.localId() != null) {
      sink.warning(
          "H2", c, "local_id", "local_id is not supported in an update; a change is refused");
    }
    if (c.mtu() != null && c.mtu() != 1500) {
      sink.error("H7", c, "mtu", "mtu can only be 1500 on huaweicloud, not " + c.mtu());
    }
    if (c.initiator() != null && !c.initiator().equals("bi-directional")) {
      sink.error(
          "H8",
          c,
          "initiator",
          "initiator can only be bi-directional on huaweicloud, not '" + c.initiator() + "'");
    }
    if (c.adminStateUp() != null && !c.adminStateUp()) {
      sink.error("H9", c, "admin_state_up", "admin_state_up can only be true on huaweicloud");
    }
    if (c.psk() != null) {
      psk(c, c.psk().reveal(), sink);
      sink.warning(
          "H12",
          c,
          "psk",
          "huaweicloud does not return the psk it stores, so drift cannot be detected: the psk is"
              + " not compared and is sent only when psk rotation is requested",
          Setting.ROTATE_PSK);
    }
  }

  /** H10. The messages never quote the psk. */
  private static void psk(DesiredConnection c, String psk, Sink sink) {
    if (psk.length() < MIN_PSK || psk.length() > MAX_PSK) {
      sink.error(
          "H10",
          c,
          "psk",
          "psk must be " + MIN_PSK + " to " + MAX_PSK + " characters, not " + psk.length());
    }
    if (psk.chars().anyMatch(Character::isWhitespace)) {
      sink.error("H10", c, "psk", "psk must not contain spaces");
    }
    if (psk.indexOf('?') >= 0) {
      sink.error("H10", c, "psk", "psk must not contain '?'");
    }
    if (!psk.isEmpty() && psk.chars().allMatch(ch -> ch == '*')) {
      sink.error("H10", c, "psk", "psk must not be made only of '*'");
    }
    if (psk.chars().anyMatch(ch -> "<>&'\"*".indexOf(ch) >= 0)) {
      sink.warning(
          "H10", c, "psk", "some clouds of this family also refuse < > & ' \" and * in a psk");
    }
  }

  static void change(DesiredConnection c, ActualConnection a, Set<String> changed, Sink sink) {
    // An update names its connection by id; a create (an entry that matches nothing) cannot.
    if (c.id() == null) {
      sink.error(
          "H1",
          c,
          "id",
          "huaweicloud needs the connection's id (connection_id must be specified); add 'id:'");
    }
    for (String field : UNCHANGEABLE) {
      if (Validator.changedAny(changed, field)) {
        String rule = field.equals("description") ? "H4" : field.equals("peer_id") ? "H6" : "H2";
        sink.error(rule, c, field, field + " cannot be changed on huaweicloud");
      }
    }
  }
}
