package dev.vpnform.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated fleet of {@code n} IPsec site connections: the desired state as one YAML file (name,
 * mtu, peer_cidrs and part of dpd per connection, as a config-as-code repository writes them) and
 * the actual state as a Networking API list body. Every tenth connection's mtu differs, so a plan
 * has n/10 updates, each of one field.
 */
final class Fleet {
  final Path desired;
  final Path actual;

  private Fleet(Path desired, Path actual) {
    this.desired = desired;
    this.actual = actual;
  }

  static Fleet write(Path dir, int n) throws IOException {
    StringBuilder yaml = new StringBuilder(n * 110).append("connections:\n");
    StringBuilder json = new StringBuilder(n * 700).append("{\"ipsec_site_connections\": [");
    for (int i = 0; i < n; i++) {
      String name = String.format("bench-%05d", i);
      String cidr = "10." + (i / 250) % 250 + "." + i % 250 + ".0/24";
      String peer = "198.51." + (i / 250) % 250 + "." + (i % 250 + 1);
      yaml.append("  - name: ")
          .append(name)
          .append("\n    mtu: ")
          .append(i % 10 == 0 ? 1450 : 1400)
          .append("\n    peer_cidrs: [")
          .append(cidr)
          .append("]\n    dpd: {action: hold, interval: 30}\n");
      json.append(i == 0 ? "\n" : ",\n")
          .append(String.format("{\"id\": \"70000000-0000-4000-8000-%012d\",", i))
          .append(" \"tenant_id\": \"p\", \"project_id\": \"p\", \"name\": \"")
          .append(name)
          .append("\", \"description\": \"\", \"peer_address\": \"")
          .append(peer)
          .append("\", \"peer_id\": \"")
          .append(peer)
          .append("\", \"local_id\": \"\", \"route_mode\": \"static\", \"mtu\": 1400,")
          .append(
              " \"auth_mode\": \"psk\", \"psk\": \"bench-psk\", \"initiator\": \"bi-directional\",")
          .append(" \"dpd\": {\"action\": \"hold\", \"interval\": 30, \"timeout\": 120},")
          .append(" \"admin_state_up\": true, \"status\": \"ACTIVE\",")
          .append(" \"vpnservice_id\": \"7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",")
          .append(" \"ikepolicy_id\": \"53e5303b-8c7d-4f2a-9b1e-0a1b2c3d4e5f\",")
          .append(" \"ipsecpolicy_id\": \"5eb1cdb3-9d8e-4a3b-8c2d-1b2c3d4e5f60\",")
          .append(" \"peer_cidrs\": [\"")
          .append(cidr)
          .append("\"], \"local_ep_group_id\": null, \"peer_ep_group_id\": null}");
    }
    json.append("\n]}\n");
    Path desired =
        Files.writeString(dir.resolve("desired-" + n + ".yaml"), yaml, StandardCharsets.UTF_8);
    Path actual =
        Files.writeString(dir.resolve("actual-" + n + ".json"), json, StandardCharsets.UTF_8);
    return new Fleet(desired, actual);
  }
}
