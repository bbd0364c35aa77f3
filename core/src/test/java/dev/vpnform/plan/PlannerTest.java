package dev.vpnform.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpnform.Reconciler;
import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Dpd;
import dev.vpnform.model.Note;
import dev.vpnform.model.Profile;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.SourceLocation;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner's behaviour that golden files cannot show without DNS: hostname resolution. */
class PlannerTest {
  static final String ID = "0b9d3d5e-1f4b-4f6c-9a55-2a0c5d1e7a11";
  static final SourceLocation AT = new SourceLocation("conn.yaml", 2, 5);

  static final AddressResolver DNS =
      host -> {
        return switch (host) {
          case "vpn.example.org" -> List.of("203.0.113.7", "2001:db8::7");
          case "moved.example.org" -> List.of("203.0.113.99");
          default -> throw new UnknownHostException(host);
        };
      };

  static ActualConnection actual(String peerAddress, Secret psk) {
    return ActualConnection.builder(ID)
        .set("name", "dc1")
        .set("description", "")
        .set("psk", psk)
        .set("initiator", "bi-directional")
        .set("admin_state_up", true)
        .set("peer_address", peerAddress)
        .set("peer_id", peerAddress)
        .set("local_id", "")
        .set("peer_cidrs", List.of("10.2.0.0/24"))
        .set("mtu", 1400)
        .set("dpd", Dpd.DEFAULTS.toMap())
        .set("status", "ACTIVE")
        .set("vpnservice_id", "svc")
        .set("ikepolicy_id", "ike")
        .set("ipsecpolicy_id", "ipsec")
        .set("project_id", "p")
        .set("route_mode", "static")
        .set("auth_mode", "psk")
        .build();
  }

  static DesiredConnection desired(String peerAddress, Secret psk) {
    return DesiredConnection.builder(AT)
        .set("name", "dc1")
        .psk(psk == null ? null : new SecretRef.Env("PSK"), psk)
        .set("peer_address", peerAddress)
        .location("peer_address", AT)
        .build();
  }

  static Plan plan(DesiredConnection d, ActualConnection a, Profile profile, boolean rotate) {
    DesiredState state =
        new DesiredState(
            Optional.empty(), Optional.empty(), List.of(d), List.of("conn.yaml"), List.of());
    return Reconciler.builder()
        .profile(profile)
        .resolver(DNS)
        .rotatePsk(rotate)
        .build()
        .plan(state, List.of(a), "actual.json");
  }

  @Test
  void aHostnameThatResolvesToTheStoredAddressIsNoChangeAndThePlanSaysSo() {
    Plan p =
        plan(
            desired("vpn.example.org", null),
            actual("203.0.113.7", null),
            Profile.OPENSTACK,
            false);
    assertThat(p.updateCount()).isZero();
    assertThat(p.changes().get(0).notes().stream().map(Note::message).toList())
        .containsExactly(
            "peer_address: 'vpn.example.org' resolves to 2001:db8::7, 203.0.113.7; the stored"
                + " value 203.0.113.7 is one of them, so no change");
  }

  @Test
  void aHostnameThatResolvesElsewhereIsAChangeThatSendsTheName() {
    Plan p =
        plan(
            desired("moved.example.org", null),
            actual("203.0.113.7", null),
            Profile.OPENSTACK,
            false);
    ConnectionChange c = p.changes().get(0);
    assertThat(c.fields())
        .containsExactly(
            new FieldChange("peer_address", "203.0.113.7", "moved.example.org", false));
    assertThat(c.request().orElseThrow().fields())
        .containsExactly(Map.entry("peer_address", "moved.example.org"));
  }

  @Test
  void anUnresolvableHostnameIsRuleO16() {
    Plan p =
        plan(
            desired("nowhere.invalid", null),
            actual("203.0.113.7", null),
            Profile.OPENSTACK,
            false);
    assertThat(p.diagnostics())
        .extracting(Diagnostic::rule, Diagnostic::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "O16", "Peer address nowhere.invalid cannot be resolved"));
    assertThat(p.applicable()).isFalse();
  }

  @Test
  void anIpWrittenDifferentlyIsTheSameAddress() {
    Plan p =
        plan(desired("2001:DB8:0::7", null), actual("2001:db8::7", null), Profile.OPENSTACK, false);
    assertThat(p.updateCount()).isZero();
  }

  @Test
  void aPskTheServerDidNotReturnIsNotComparedUnlessRotated() {
    Secret psk = Secret.of("CANARY-psk-planner");
    Plan quiet = plan(desired(null, psk), actual("203.0.113.7", null), Profile.OPENSTACK, false);
    assertThat(quiet.updateCount()).isZero();
    assertThat(quiet.changes().get(0).notes().stream().map(Note::message).toList())
        .singleElement()
        .asString()
        .contains("request psk rotation");

    Plan rotated = plan(desired(null, psk), actual("203.0.113.7", null), Profile.OPENSTACK, true);
    ConnectionChange c = rotated.changes().get(0);
    assertThat(c.fields()).containsExactly(FieldChange.sensitive("psk"));
    assertThat(c.request().orElseThrow().fields().get("psk")).isSameAs(psk);
    assertThat(rotated.toString()).doesNotContain("CANARY-psk-planner");
  }
}
