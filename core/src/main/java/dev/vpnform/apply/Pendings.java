package dev.vpnform.apply;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.Pending;
import dev.vpnform.plan.ApiRequest;
import dev.vpnform.plan.ConnectionChange;
import dev.vpnform.plan.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills in the ids a plan shows as "(known after apply)" once apply has made the resources. */
final class Pendings {
  private Pendings() {}

  /** The placeholder of the resource {@code r} creates. */
  static String id(ResourceChange r) {
    return Pending.id(r.kind(), r.desired().name());
  }

  /**
   * {@code c} with every {@link Pending} id replaced by the new resource's id, in its request and
   * in its desired values (which apply checks the answer against); null when one is not known,
   * because the resource's create failed or was not attempted.
   */
  static ConnectionChange fill(ConnectionChange c, Map<String, String> created) {
    if (c.request().isEmpty()) {
      return c;
    }
    ApiRequest request = c.request().get();
    Map<String, Object> fields = new LinkedHashMap<>(request.fields());
    boolean any = false;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (Pending.is(e.getValue())) {
        String id = created.get((String) e.getValue());
        if (id == null) {
          return null;
        }
        e.setValue(id);
        any = true;
      }
    }
    if (!any) {
      return c;
    }
    DesiredConnection.Builder d = c.desired().toBuilder();
    c.desired()
        .values()
        .forEach(
            (k, v) -> {
              if (Pending.is(v) && created.containsKey((String) v)) {
                d.set(k, created.get((String) v));
              }
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(request.body().keySet().iterator().next(), fields);
    return new ConnectionChange(
        c.id(),
        c.name(),
        c.source(),
        c.action(),
        c.fields(),
        java.util.Optional.of(new ApiRequest(request.method(), request.path(), body)),
        c.notes(),
        d.build(),
        c.actual());
  }

  /** Which resources {@code c} waits for that were not made. */
  static String missing(ConnectionChange c, Map<String, String> created) {
    List<String> out = new ArrayList<>();
    c.request()
        .ifPresent(
            r ->
                r.fields()
                    .values()
                    .forEach(
                        v -> {
                          if (Pending.is(v) && !created.containsKey((String) v)) {
                            String s = (String) v;
                            out.add(s.substring("(known after apply: ".length(), s.length() - 1));
                          }
                        }));
    return "it needs " + String.join(" and ", out) + ", which was not created";
  }

  /** Whether the live connection refers to {@code r}'s live resource. */
  static boolean uses(ActualConnection a, ResourceChange r) {
    for (String field :
        List.of(
            "vpnservice_id",
            "ikepolicy_id",
            "ipsecpolicy_id",
            "local_ep_group_id",
            "peer_ep_group_id")) {
      if (r.id().equalsIgnoreCase(String.valueOf(a.values().get(field)))
          && dev.vpnform.model.Kind.ofIdAttribute(field).orElse(null) == r.kind()) {
        return true;
      }
    }
    return false;
  }
}
