package dev.vpnform.sandbox;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The VPNaaS service plugin: what neutron-vpnaas's VPNDriverPlugin, VPNPluginDb and
 * VpnReferenceValidator do with a request once the API layer has parsed and converted it. Checks
 * run in the real server's order, and each raises the real exception type and message.
 *
 * <p>All access to the state goes through {@link #read} or {@link #write}, which serialise it.
 */
final class VpnPlugin {
  /** Who is asking: noauth requests are admin with no project. */
  record Ctx(String projectId, boolean admin) {
    static final Ctx NOAUTH = new Ctx(null, true);
  }

  static final Map<Integer, Integer> MIN_MTU = Map.of(4, 68, 6, 1280);
  private static final long INT_MIN = Integer.MIN_VALUE;
  private static final long INT_MAX = Integer.MAX_VALUE;
  private static final Pattern MYSQL_INT = Pattern.compile("^[ \\t]*[+-]?[0-9]+[ \\t]*$");

  private final State state;
  private final Path stateFile;
  private final Duration pendingToActive;
  private final Supplier<Instant> clock;
  private volatile Set<String> stuckPending = Set.of();

  /** When this sandbox started: the timestamps of the routers, subnets and ports it shows. */
  private final Instant started;

  VpnPlugin(State state, Path stateFile, Duration pendingToActive, Supplier<Instant> clock) {
    this.state = state;
    this.stateFile = stateFile;
    this.pendingToActive = pendingToActive;
    this.clock = clock;
    Instant now = clock.get();
    this.started = now;
    for (Specs.Spec s : List.of(Specs.CONNECTIONS, Specs.VPNSERVICES)) {
      state.table(s).forEach((id, row) -> markIfPending(id, row, now));
    }
  }

  void stuckPending(Set<String> ids) {
    this.stuckPending = Set.copyOf(ids);
  }

  // ---- transactions ----

  synchronized <T> T read(Function<State, T> op) {
    if (settle()) {
      persistOrFail(null);
    }
    return op.apply(state);
  }

  synchronized <T> T write(Function<State, T> op) {
    settle();
    State snapshot = stateFile == null ? null : state.deepCopy();
    T result = op.apply(state);
    persistOrFail(snapshot);
    return result;
  }

  synchronized void persistNow() throws IOException {
    if (stateFile != null) {
      settle();
      state.save(stateFile);
    }
  }

  private void persistOrFail(State snapshot) {
    if (stateFile == null) {
      return;
    }
    try {
      state.save(stateFile);
    } catch (IOException e) {
      // like a failed DB commit: nothing changed, and the client gets a 500
      if (snapshot != null) {
        state.restoreFrom(snapshot);
      }
      throw NeutronError.internal();
    }
  }

  /** Moves pending rows to ACTIVE once they have been pending long enough; true if any moved. */
  private boolean settle() {
    if (pendingToActive == null || state.pendingSince.isEmpty()) {
      return false;
    }
    Instant now = clock.get();
    boolean changed = false;
    for (Iterator<Map.Entry<String, Instant>> it = state.pendingSince.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Instant> e = it.next();
      Map<String, Object> row = state.table(Specs.CONNECTIONS).get(e.getKey());
      if (row == null) {
        row = state.table(Specs.VPNSERVICES).get(e.getKey());
      }
      if (row == null || !isPending(row.get("status"))) {
        it.remove();
        continue;
      }
      if (!now.isBefore(e.getValue().plus(pendingToActive))) {
        row.put("status", "ACTIVE");
        it.remove();
        changed = true;
      }
    }
    return changed;
  }

  private void markIfPending(String id, Map<String, Object> row, Instant now) {
    if (isPending(row.get("status"))) {
      state.pendingSince.put(id, now);
    } else {
      state.pendingSince.remove(id);
    }
  }

  static boolean isPending(Object status) {
    return status instanceof String s && s.startsWith("PENDING_");
  }

  // ---- views ----

  /** The API's view of a stored row: a copy, with project_id and any injected status. */
  Map<String, Object> view(Specs.Spec spec, Map<String, Object> row) {
    Map<String, Object> out = Json.copy(row);
    if (spec == Specs.CONNECTIONS && stuckPending.contains(String.valueOf(row.get("id")))) {
      out.put("status", "PENDING_UPDATE");
    }
    if (out.containsKey("tenant_id")) {
      out.put("project_id", out.get("tenant_id"));
    }
    return out;
  }

  private String effectiveStatus(Map<String, Object> row) {
    return stuckPending.contains(String.valueOf(row.get("id")))
        ? "PENDING_UPDATE"
        : Py.str(row.get("status"));
  }

  static List<Map<String, Object>> sortedById(Collection<Map<String, Object>> rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows);
    // MySQL returns rows in primary key order under a case-insensitive collation
    out.sort(
        Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.get("id")).toLowerCase()));
    return out;
  }

  private boolean visible(Map<String, Object> row, Ctx ctx) {
    return ctx.admin() || (ctx.projectId() != null && ctx.projectId().equals(row.get("tenant_id")));
  }

  // ---- reads ----

  Map<String, Object> get(Specs.Spec spec, Object id, Ctx ctx) {
    Map<String, Object> row = state.find(spec, id);
    if (row == null || !visible(row, ctx)) {
      throw spec.notFound(id);
    }
    return row;
  }

  List<Map<String, Object>> list(Specs.Spec spec, Map<String, List<Object>> filters, Ctx ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : sortedById(state.table(spec).values())) {
      if (visible(row, ctx) && matches(spec, row, filters)) {
        out.add(view(spec, row));
      }
    }
    return out;
  }

  /** A list of routers, subnets or ports ({@link Topology}), filtered like neutron's core API. */
  List<Map<String, Object>> listCore(Specs.Spec spec, Map<String, List<Object>> filters, Ctx ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> view : Topology.views(state, spec, ctx, started)) {
      if (matches(spec, view, filters)
          && (spec != Specs.PORTS || Topology.matchesFixedIps(view, filters.get("fixed_ips")))) {
        out.add(view);
      }
    }
    return out;
  }

  /** One router, subnet or port that {@code ctx} may see; else the resource's 404. */
  Map<String, Object> getCore(Specs.Spec spec, String id, Ctx ctx) {
    for (Map<String, Object> view : Topology.views(state, spec, ctx, started)) {
      if (State.sqlEquals((String) view.get("id"), id)) {
        return view;
      }
    }
    throw spec.notFound(id);
  }

  private boolean matches(Specs.Spec spec, Map<String, Object> row, Map<String, List<Object>> f) {
    for (Map.Entry<String, List<Object>> e : f.entrySet()) {
      String path = spec.columns().get(e.getKey());
      if (path == null) {
        continue; // not a DB column: neutron ignores the filter
      }
      Object value =
          spec == Specs.CONNECTIONS && path.equals("status") ? effectiveStatus(row) : at(row, path);
      boolean any = false;
      for (Object wanted : e.getValue()) {
        if (columnEquals(value, wanted, spec.intColumns().contains(e.getKey()))) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static Object at(Map<String, Object> row, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      return row.get(path);
    }
    return row.get(path.substring(0, dot)) instanceof Map<?, ?> m
        ? m.get(path.substring(dot + 1))
        : null;
  }

  /** SQL {@code column IN (...)} semantics for one value under MySQL's casting rules. */
  private static boolean columnEquals(Object column, Object wanted, boolean intColumn) {
    if (column == null || wanted == null) {
      return false;
    }
    if (intColumn || column instanceof Boolean) {
      double c = mysqlNumber(column);
      double w = mysqlNumber(wanted);
      return c == w;
    }
    return State.sqlEquals(
        Py.str(column), wanted instanceof Boolean b ? (b ? "1" : "0") : Py.str(wanted));
  }

  /** MySQL's string-to-number cast: the longest numeric prefix, else 0. */
  private static double mysqlNumber(Object v) {
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    String s = Py.str(v).stripLeading();
    var m = Pattern.compile("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?").matcher(s);
    if (!m.find()) {
      return 0;
    }
    return Double.parseDouble(m.group());
  }

  // ---- creates ----

  Map<String, Object> create(Specs.Spec spec, Map<String, Object> res, Ctx ctx) {
    if (spec == Specs.CONNECTIONS) {
      return createConnection(res, ctx);
    }
    if (spec == Specs.VPNSERVICES) {
      return createVpnservice(res, ctx);
    }
    if (spec == Specs.ENDPOINT_GROUPS) {
      return createEndpointGroup(res, ctx);
    }
    return createPolicy(spec, res);
  }

  private Map<String, Object> createConnection(Map<String, Object> res, Ctx ctx) {
    // VPNDriverPlugin looks the driver up by the service id first; for an unknown service the
    // provider is None and drivers[None] raises KeyError: the real server answers 500
    if (state.find(Specs.VPNSERVICES, res.get("vpnservice_id")) == null) {
      throw NeutronError.internal();
    }
    // the driver's validator fetches the IPsec policy next; measured: an unknown one is a 500
    Map<String, Object> ipsecPolicy = state.find(Specs.IPSECPOLICIES, res.get("ipsecpolicy_id"));
    if (ipsecPolicy == null || !visible(ipsecPolicy, ctx)) {
      throw NeutronError.internal();
    }
    // it refuses an ah-esp policy (IpsecValidationFailure), but that read left the session in a
    // transaction, so cancelling the quota reservation raises RuntimeError: measured, a 500
    if ("ah-esp".equals(ipsecPolicy.get("transform_protocol"))) {
      throw NeutronError.internal();
    }
    assignDpd(res, null);
    Map<String, Object> vs = get(Specs.VPNSERVICES, res.get("vpnservice_id"), ctx);
    get(Specs.IKEPOLICIES, res.get("ikepolicy_id"), ctx);
    get(Specs.IPSECPOLICIES, res.get("ipsecpolicy_id"), ctx);
    State.Subnet subnet = serviceSubnet(vs);
    validateOptionalArgs(res, subnet);
    validateConnectionInfo(res, vs, subnet, ctx);
    resolvePeerAddress(res, router(vs));

    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", UUID.randomUUID().toString());
    row.put("tenant_id", res.get("tenant_id"));
    row.put("name", res.get("name"));
    row.put("description", res.get("description"));
    row.put("peer_address", res.get("peer_address"));
    row.put("peer_id", res.get("peer_id"));
    row.put("local_id", res.get("local_id"));
    row.put("route_mode", "static");
    row.put("mtu", dbInt(res.get("mtu")));
    row.put("auth_mode", "psk");
    row.put("psk", res.get("psk"));
    row.put("initiator", res.get("initiator"));
    row.put("dpd", storedDpd(res));
    row.put("admin_state_up", res.get("admin_state_up"));
    row.put("status", "PENDING_CREATE");
    row.put("vpnservice_id", res.get("vpnservice_id"));
    row.put("ikepolicy_id", res.get("ikepolicy_id"));
    row.put("ipsecpolicy_id", res.get("ipsecpolicy_id"));
    row.put("peer_cidrs", storedCidrs(res.get("peer_cidrs")));
    row.put("local_ep_group_id", res.get("local_ep_group_id"));
    row.put("peer_ep_group_id", res.get("peer_ep_group_id"));
    checkConnectionColumns(row);
    insert(Specs.CONNECTIONS, row);
    return view(Specs.CONNECTIONS, row);
  }

  private Map<String, Object> createVpnservice(Map<String, Object> res, Ctx ctx) {
    if (Py.truthy(res.get("flavor_id"))) {
      // neutron always loads its flavors plugin, and the sandbox has no flavors
      throw NeutronError.notFound(
          "FlavorNotFound", "Flavor " + Py.str(res.get("flavor_id")) + " could not be found.");
    }
    Object routerId = res.get("router_id");
    State.Router router = state.router(routerId);
    if (router == null
        || !(ctx.admin()
            || router.tenantId() == null
            || router.tenantId().equals(ctx.projectId()))) {
      throw NeutronError.notFound(
          "RouterNotFound", "Router " + Py.str(routerId) + " could not be found");
    }
    if (router.gatewayIps().isEmpty()) {
      throw NeutronError.bad(
          "RouterIsNotExternal",
          "Router " + Py.str(routerId) + " has no external network gateway set");
    }
    Object subnetId = res.get("subnet_id");
    if (subnetId != null && !attached(router, subnetId)) {
      throw subnetNotConnected(subnetId, routerId);
    }
    String v4 = null;
    String v6 = null;
    for (String ip : router.gatewayIps()) {
      if (Net.version(ip) == 4 && v4 == null) {
        v4 = ip;
      } else if (Net.version(ip) == 6 && v6 == null) {
        v6 = ip;
      }
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", UUID.randomUUID().toString());
    row.put("name", res.get("name"));
    row.put("description", res.get("description"));
    row.put("tenant_id", res.get("tenant_id"));
    row.put("subnet_id", subnetId);
    row.put("router_id", routerId);
    row.put("flavor_id", null);
    row.put("admin_state_up", res.get("admin_state_up"));
    row.put("external_v4_ip", v4);
    row.put("external_v6_ip", v6);
    row.put("status", "PENDING_CREATE");
    checkText(row);
    insert(Specs.VPNSERVICES, row);
    return view(Specs.VPNSERVICES, row);
  }

  private Map<String, Object> createEndpointGroup(Map<String, Object> res, Ctx ctx) {
    Object endpoints = res.get("endpoints");
    if (!Py.truthy(endpoints)) {
      throw NeutronError.bad(
          "MissingEndpointForEndpointGroup",
          "No endpoints specified for endpoint group '" + Py.str(res) + "'");
    }
    List<?> eps = (List<?>) endpoints;
    Object type = res.get("type");
    if ("cidr".equals(type)) {
      for (Object ep : eps) {
        if (Net.validateSubnet(ep) != null) {
          throw invalidEndpoint(ep, "cidr", "Invalid CIDR");
        }
      }
    } else if ("subnet".equals(type)) {
      for (Object ep : eps) {
        if (!Specs.isUuidLike(ep)) {
          throw invalidEndpoint(ep, "subnet", "Invalid UUID");
        }
        if (state.subnet(ep) == null) {
          throw NeutronError.bad(
              "NonExistingSubnetInEndpointGroup",
              "Subnet " + Py.str(ep) + " in endpoint group does not exist");
        }
      }
    }
    List<Object> stored = new ArrayList<>();
    for (Object ep : eps) {
      if (ep == null || ep instanceof List<?> || ep instanceof Map<?, ?>) {
        // network/router/vlan endpoints are not validated: the DB driver cannot bind these
        throw NeutronError.internal();
      }
      String text = ep instanceof Boolean b ? (b ? "1" : "0") : Py.str(ep);
      for (Object prior : stored) {
        if (State.sqlEquals((String) prior, text)) {
          throw NeutronError.internal(); // duplicate primary key in vpn_endpoints
        }
      }
      if (tooLong(text, 255)) {
        throw NeutronError.internal();
      }
      stored.add(text);
    }
    // vpn_endpoints' primary key is (endpoint, endpoint_group_id): the group's endpoints come back
    // in that index's order, the POST answer included
    stored.sort(ENDPOINT_ORDER);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", UUID.randomUUID().toString());
    row.put("tenant_id", res.get("tenant_id"));
    row.put("name", res.get("name"));
    row.put("description", res.get("description"));
    row.put("type", type);
    row.put("endpoints", stored);
    checkText(row);
    insert(Specs.ENDPOINT_GROUPS, row);
    return view(Specs.ENDPOINT_GROUPS, row);
  }

  /** MySQL's order of the endpoint column (a case-insensitive collation). */
  static final Comparator<Object> ENDPOINT_ORDER =
      Comparator.comparing((Object e) -> String.valueOf(e).toLowerCase(java.util.Locale.ROOT));

  private static NeutronError invalidEndpoint(Object ep, String type, String why) {
    return NeutronError.bad(
        "InvalidEndpointInEndpointGroup",
        "Endpoint '" + Py.str(ep) + "' is invalid for group type '" + type + "': " + why);
  }

  private Map<String, Object> createPolicy(Specs.Spec spec, Map<String, Object> res) {
    Map<?, ?> lifetime = res.get("lifetime") instanceof Map<?, ?> m ? m : Map.of();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", UUID.randomUUID().toString());
    row.put("tenant_id", res.get("tenant_id"));
    row.put("name", res.get("name"));
    row.put("description", res.get("description"));
    List<String> keys =
        spec == Specs.IKEPOLICIES
            ? List.of("auth_algorithm", "encryption_algorithm", "phase1_negotiation_mode")
            : List.of(
                "transform_protocol",
                "auth_algorithm",
                "encryption_algorithm",
                "encapsulation_mode");
    keys.forEach(k -> row.put(k, res.get(k)));
    Map<String, Object> lt = new LinkedHashMap<>();
    lt.put("units", lifetime.containsKey("units") ? lifetime.get("units") : "seconds");
    lt.put("value", dbInt(lifetime.containsKey("value") ? lifetime.get("value") : 3600));
    row.put("lifetime", lt);
    if (spec == Specs.IKEPOLICIES) {
      row.put("ike_version", res.get("ike_version"));
    }
    row.put("pfs", res.get("pfs"));
    checkText(row);
    insert(spec, row);
    return echoLifetime(view(spec, row), lifetime);
  }

  /**
   * The POST/PUT answer is made from the ORM object before it is read back, so the lifetime keys
   * sent show as sent ({@code "600"}, {@code 600.7}); GET shows the stored integer.
   */
  private static Map<String, Object> echoLifetime(Map<String, Object> view, Map<?, ?> sent) {
    Map<String, Object> lt = castMap(view.get("lifetime"));
    if (lt != null && sent.containsKey("value") && sent.get("value") != null) {
      lt.put("value", sent.get("value"));
    }
    return view;
  }

  private void insert(Specs.Spec spec, Map<String, Object> row) {
    String id = (String) row.get("id");
    state.table(spec).put(id, row);
    markIfPending(id, row, clock.get());
  }

  // ---- updates ----

  Map<String, Object> update(Specs.Spec spec, Object id, Map<String, Object> res, Ctx ctx) {
    Map<String, Object> row = get(spec, id, ctx);
    if (spec == Specs.CONNECTIONS) {
      return updateConnection(row, res, ctx);
    }
    if (spec == Specs.VPNSERVICES) {
      assertUpdateAllowed(row, Py.str(row.get("status")));
      for (String k : List.of("name", "description", "admin_state_up")) {
        if (res.containsKey(k)) {
          row.put(k, res.get(k));
        }
      }
      checkText(row);
      return view(spec, row);
    }
    if (spec == Specs.ENDPOINT_GROUPS) {
      for (String k : List.of("name", "description")) {
        if (res.containsKey(k)) {
          row.put(k, res.get(k));
        }
      }
      checkText(row);
      return view(spec, row);
    }
    // IKE / IPsec policy: refused while a connection uses it
    String refKey = spec == Specs.IKEPOLICIES ? "ikepolicy_id" : "ipsecpolicy_id";
    if (inUse(refKey, row.get("id"))) {
      throw policyInUse(spec, id);
    }
    Map<?, ?> sentLifetime = Map.of();
    if (res.get("lifetime") instanceof Map<?, ?> lt && !lt.isEmpty()) {
      Map<String, Object> stored = castMap(row.get("lifetime"));
      if (Py.truthy(lt.get("units"))) {
        stored.put("units", lt.get("units"));
      }
      if (Py.truthy(lt.get("value"))) {
        stored.put("value", dbInt(lt.get("value")));
        sentLifetime = lt;
      }
    }
    for (Map.Entry<String, Object> e : res.entrySet()) {
      if (!e.getKey().equals("lifetime") && row.containsKey(e.getKey())) {
        row.put(e.getKey(), e.getValue());
      }
    }
    checkText(row);
    return echoLifetime(view(spec, row), sentLifetime);
  }

  private static NeutronError policyInUse(Specs.Spec spec, Object id) {
    String what = spec == Specs.IKEPOLICIES ? "IKEPolicy" : "IPsecPolicy";
    return NeutronError.conflict(
        what + "InUse",
        what
            + " "
            + Py.str(id)
            + " is in use by existing IPsecSiteConnection and can't be updated or deleted");
  }

  private Map<String, Object> updateConnection(
      Map<String, Object> conn, Map<String, Object> res, Ctx ctx) {
    Map<String, Object> vs = state.find(Specs.VPNSERVICES, conn.get("vpnservice_id"));
    State.Subnet subnet = serviceSubnet(vs);
    // previous values fill what the PUT leaves out, so mixing modes can be detected
    // Python's setdefault: a key sent as null stays null (Java's putIfAbsent would replace it)
    setDefault(res, "peer_cidrs", new ArrayList<>(castList(conn.get("peer_cidrs"))));
    setDefault(res, "local_ep_group_id", conn.get("local_ep_group_id"));
    setDefault(res, "peer_ep_group_id", conn.get("peer_ep_group_id"));
    assignDpd(res, castMap(conn.get("dpd")));
    validateOptionalArgs(res, subnet);
    validateConnectionInfo(res, vs, subnet, ctx);
    if (res.containsKey("peer_address")) {
      resolvePeerAddress(res, router(vs));
    }
    assertUpdateAllowed(conn, effectiveStatus(conn));

    Map<String, Object> updated = Json.copy(conn);
    for (String k :
        List.of(
            "name",
            "description",
            "peer_address",
            "peer_id",
            "local_id",
            "psk",
            "initiator",
            "admin_state_up",
            "local_ep_group_id",
            "peer_ep_group_id")) {
      if (res.containsKey(k)) {
        updated.put(k, res.get(k));
      }
    }
    if (res.containsKey("mtu")) {
      updated.put("mtu", dbInt(res.get("mtu")));
    }
    updated.put("dpd", storedDpd(res));
    updated.put("peer_cidrs", storedCidrs(res.get("peer_cidrs")));
    checkConnectionColumns(updated);
    conn.clear();
    conn.putAll(updated);
    return view(Specs.CONNECTIONS, conn);
  }

  private static void setDefault(Map<String, Object> m, String key, Object value) {
    if (!m.containsKey(key)) {
      m.put(key, value);
    }
  }

  private void assertUpdateAllowed(Map<String, Object> row, String status) {
    if (isPending(status)) {
      throw NeutronError.bad(
          "VPNStateInvalidToUpdate",
          "Invalid state " + status + " of vpnaas resource " + row.get("id") + " for updating");
    }
  }

  // ---- deletes ----

  void delete(Specs.Spec spec, Object id, Ctx ctx) {
    Map<String, Object> row = get(spec, id, ctx);
    Object realId = row.get("id");
    if (spec == Specs.VPNSERVICES && inUse("vpnservice_id", realId)) {
      throw NeutronError.conflict(
          "VPNServiceInUse", "VPNService " + Py.str(id) + " is still in use");
    }
    if (spec == Specs.ENDPOINT_GROUPS
        && (inUse("local_ep_group_id", realId) || inUse("peer_ep_group_id", realId))) {
      throw NeutronError.bad(
          "EndpointGroupInUse",
          "Endpoint group " + Py.str(id) + " is in use and cannot be deleted");
    }
    if (spec == Specs.IKEPOLICIES && inUse("ikepolicy_id", realId)
        || spec == Specs.IPSECPOLICIES && inUse("ipsecpolicy_id", realId)) {
      throw policyInUse(spec, id);
    }
    state.table(spec).remove(realId);
    state.pendingSince.remove(realId);
  }

  private boolean inUse(String key, Object id) {
    for (Map<String, Object> c : state.table(Specs.CONNECTIONS).values()) {
      if (c.get(key) instanceof String s && id instanceof String i && State.sqlEquals(s, i)) {
        return true;
      }
    }
    return false;
  }

  // ---- status (for tests and the demo) ----

  void setStatus(String id, String status) {
    Map<String, Object> row = state.table(Specs.CONNECTIONS).get(id);
    if (row == null) {
      throw new IllegalArgumentException("no ipsec site connection with id " + id);
    }
    row.put("status", status);
    markIfPending(id, row, clock.get());
  }

  // ---- validation (vpn_validator.py) ----

  /** assign_sensible_ipsec_sitecon_defaults: dpd merged per key with the previous values. */
  private static void assignDpd(Map<String, Object> res, Map<String, Object> prev) {
    Map<?, ?> dpd = res.get("dpd") instanceof Map<?, ?> m ? m : Map.of();
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("action", prev == null ? "hold" : prev.get("action"));
    base.put("interval", prev == null ? 30 : prev.get("interval"));
    base.put("timeout", prev == null ? 120 : prev.get("timeout"));
    for (String k : List.of("action", "interval", "timeout")) {
      res.put("dpd_" + k, dpd.containsKey(k) ? dpd.get(k) : base.get(k));
    }
  }

  private static Map<String, Object> storedDpd(Map<String, Object> res) {
    Map<String, Object> dpd = new LinkedHashMap<>();
    dpd.put("action", res.get("dpd_action"));
    dpd.put("interval", dbInt(res.get("dpd_interval")));
    dpd.put("timeout", dbInt(res.get("dpd_timeout")));
    return dpd;
  }

  private static void validateOptionalArgs(Map<String, Object> res, State.Subnet subnet) {
    boolean local = Py.truthy(res.get("local_ep_group_id"));
    boolean peer = Py.truthy(res.get("peer_ep_group_id"));
    boolean cidrs = Py.truthy(res.get("peer_cidrs"));
    List<String> epgs = new ArrayList<>();
    if (subnet != null) {
      if (!cidrs) {
        throw NeutronError.bad(
            "MissingPeerCidrs", "Missing peer CIDRs for IPsec site-to-site connection");
      }
      if (local) {
        epgs.add("local");
      }
      if (peer) {
        epgs.add("peer");
      }
      if (!epgs.isEmpty()) {
        throw NeutronError.bad(
            "InvalidEndpointGroup",
            "Endpoint group"
                + (epgs.size() > 1 ? "s" : "")
                + " "
                + String.join(" and ", epgs)
                + " cannot be specified, when VPN Service has subnet specified");
      }
    } else {
      if (cidrs) {
        throw NeutronError.bad(
            "PeerCidrsInvalid", "Peer CIDRs cannot be specified, when using endpoint groups");
      }
      if (!local) {
        epgs.add("local");
      }
      if (!peer) {
        epgs.add("peer");
      }
      if (!epgs.isEmpty()) {
        throw NeutronError.bad(
            "MissingRequiredEndpointGroup",
            "Missing endpoint group"
                + (epgs.size() > 1 ? "s" : "")
                + " "
                + String.join(" and ", epgs)
                + " for IPSec site-to-site connection");
      }
    }
  }

  private void validateConnectionInfo(
      Map<String, Object> res, Map<String, Object> vs, State.Subnet subnet, Ctx ctx) {
    int localVersion;
    int peerVersion;
    if (Py.truthy(res.get("local_ep_group_id"))) {
      Map<String, Object> localGroup =
          get(Specs.ENDPOINT_GROUPS, res.get("local_ep_group_id"), ctx);
      Map<String, Object> peerGroup = get(Specs.ENDPOINT_GROUPS, res.get("peer_ep_group_id"), ctx);
      checkGroupType(localGroup, "subnet");
      List<State.Subnet> subnets = new ArrayList<>();
      for (Object ep : castList(localGroup.get("endpoints"))) {
        State.Subnet s = state.subnet(ep);
        if (s != null && !subnets.contains(s)) {
          subnets.add(s);
        }
      }
      State.Router router = router(vs);
      for (State.Subnet s : subnets) {
        if (!attached(router, s.id())) {
          throw subnetNotConnected(s.id(), vs.get("router_id"));
        }
      }
      Set<Integer> versions = new LinkedHashSet<>();
      subnets.forEach(s -> versions.add(s.ipVersion()));
      if (versions.isEmpty()) {
        throw NeutronError.internal(); // set().pop() on no subnets: KeyError in the real server
      }
      if (versions.size() > 1) {
        throw mixedEndpoints(res.get("local_ep_group_id"));
      }
      localVersion = versions.iterator().next();
      checkGroupType(peerGroup, "cidr");
      Set<Integer> peerVersions = new LinkedHashSet<>();
      for (Object ep : castList(peerGroup.get("endpoints"))) {
        peerVersions.add(Net.version(Py.str(ep)));
      }
      if (peerVersions.size() > 1) {
        throw mixedEndpoints(res.get("peer_ep_group_id"));
      }
      peerVersion = peerVersions.isEmpty() ? 0 : peerVersions.iterator().next();
    } else {
      localVersion = subnet == null ? 4 : subnet.ipVersion();
      Set<Integer> versions = new LinkedHashSet<>();
      for (Object c : castList(res.get("peer_cidrs"))) {
        versions.add(Net.version(Py.str(c)));
      }
      if (versions.size() > 1) {
        throw NeutronError.bad(
            "MixedIPVersionsForPeerCidrs",
            "Peer CIDRs do not have the same IP version, as required for IPSec site-to-site"
                + " connection");
      }
      peerVersion = versions.isEmpty() ? 0 : versions.iterator().next();
    }
    if (localVersion != peerVersion) {
      throw NeutronError.bad(
          "MixedIPVersionsForIPSecConnection",
          "IP versions are not compatible between peer and local endpoints");
    }
    // _check_dpd compares with Python's <=: int against str raises TypeError, a 500
    if (Py.compare(res.get("dpd_timeout"), res.get("dpd_interval")) <= 0) {
      throw NeutronError.bad(
          "IPsecSiteConnectionDpdIntervalValueError",
          "ipsec_site_connection dpd_timeout is equal to or less than dpd_interval");
    }
    Object mtu = res.get("mtu");
    if (Py.truthy(mtu) && Py.compare(mtu, MIN_MTU.get(localVersion)) < 0) {
      throw NeutronError.bad(
          "IPsecSiteConnectionMtuError",
          "ipsec_site_connection MTU " + Py.str(mtu) + " is too small for ipv" + localVersion);
    }
  }

  private static void checkGroupType(Map<String, Object> group, String expected) {
    if (!expected.equals(group.get("type"))) {
      throw NeutronError.bad(
          "WrongEndpointGroupType",
          "Endpoint group "
              + group.get("id")
              + " type is '"
              + Py.str(group.get("type"))
              + "' and should be '"
              + expected
              + "'");
    }
  }

  private static NeutronError mixedEndpoints(Object groupId) {
    return NeutronError.bad(
        "MixedIPVersionsForIPSecEndpoints",
        "Endpoints in group "
            + Py.str(groupId)
            + " do not have the same IP version, as required for IPSec site-to-site connection");
  }

  private static NeutronError subnetNotConnected(Object subnetId, Object routerId) {
    return NeutronError.bad(
        "SubnetIsNotConnectedToRouter",
        "Subnet " + Py.str(subnetId) + " is not connected to Router " + Py.str(routerId));
  }

  /**
   * resolve_peer_address: an IP stays as sent; anything else goes through getaddrinfo, which the
   * sandbox answers as {@link Net#resolve} says (IP literals and "localhost"), never with DNS.
   */
  private static void resolvePeerAddress(Map<String, Object> res, State.Router router) {
    String address = Py.str(res.get("peer_address"));
    if (!Net.isValidIpAddress(address)) {
      // Python's socket.getaddrinfo encodes the name with the idna codec first, whose
      // UnicodeError nobody catches: measured, a 500
      if (Net.idnaRefuses(address)) {
        throw NeutronError.internal();
      }
      String resolved = Net.resolve(address);
      if (resolved == null) {
        throw NeutronError.bad(
            "VPNPeerAddressNotResolved", "Peer address " + address + " cannot be resolved");
      }
      res.put("peer_address", resolved);
    }
    int version = Net.version(Py.str(res.get("peer_address")));
    for (String gw : router.gatewayIps()) {
      if (Net.version(gw) == version) {
        return;
      }
    }
    throw NeutronError.bad(
        "ExternalNetworkHasNoSubnet",
        "Router's "
            + router.id()
            + " external network has no "
            + (version == 6 ? "IPv6" : "IPv4")
            + " subnet");
  }

  private State.Subnet serviceSubnet(Map<String, Object> vs) {
    Object id = vs.get("subnet_id");
    return id == null ? null : state.subnet(id);
  }

  private State.Router router(Map<String, Object> vs) {
    State.Router r = state.router(vs.get("router_id"));
    if (r == null) {
      throw NeutronError.internal();
    }
    return r;
  }

  private static boolean attached(State.Router router, Object subnetId) {
    for (String s : router.subnetIds()) {
      if (subnetId instanceof String id && State.sqlEquals(s, id)) {
        return true;
      }
    }
    return false;
  }

  // ---- DB column constraints (MariaDB in strict mode, utf8mb3) ----

  /** The value an INT column ends up holding; out of range or unparseable is a DB error (500). */
  static Object dbInt(Object v) {
    BigInteger i;
    if (v instanceof Boolean b) {
      i = b ? BigInteger.ONE : BigInteger.ZERO;
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw NeutronError.internal();
      }
      i = new BigDecimal(d).setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
    } else if (v instanceof Number n) {
      i = n instanceof BigInteger bi ? bi : BigInteger.valueOf(n.longValue());
    } else if (v instanceof String s && MYSQL_INT.matcher(s).matches()) {
      i = new BigInteger(s.strip().replace("+", ""));
    } else {
      throw NeutronError.internal();
    }
    if (i.compareTo(BigInteger.valueOf(INT_MIN)) < 0
        || i.compareTo(BigInteger.valueOf(INT_MAX)) > 0) {
      throw NeutronError.internal();
    }
    return i.intValue();
  }

  private static List<Object> storedCidrs(Object cidrs) {
    List<Object> out = new ArrayList<>();
    for (Object c : castList(cidrs)) {
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    // the real server returns a set's order; the sandbox keeps them sorted
    out.sort(Comparator.comparing(Py::str));
    return out;
  }

  private static void checkConnectionColumns(Map<String, Object> row) {
    for (String k : List.of("peer_address", "peer_id", "local_id", "psk")) {
      if (tooLong(row.get(k), 255)) {
        throw NeutronError.internal();
      }
    }
    for (Object c : castList(row.get("peer_cidrs"))) {
      if (tooLong(c, 32)) {
        throw NeutronError.internal();
      }
    }
    checkText(row);
  }

  /** utf8mb3 cannot store characters outside the BMP. */
  private static void checkText(Object value) {
    if (value instanceof String s && s.codePoints().anyMatch(cp -> cp > 0xffff)) {
      throw NeutronError.internal();
    }
    if (value instanceof Map<?, ?> m) {
      m.values().forEach(VpnPlugin::checkText);
    }
    if (value instanceof List<?> l) {
      l.forEach(VpnPlugin::checkText);
    }
  }

  private static boolean tooLong(Object v, int max) {
    return v instanceof String s && s.codePointCount(0, s.length()) > max;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> castMap(Object o) {
    return o instanceof Map<?, ?> ? (Map<String, Object>) o : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  static List<Object> castList(Object o) {
    return o instanceof List<?> ? (List<Object>) o : List.of();
  }

  // ---- stored form ----

  private static final Map<String, List<String>> KEY_ORDER =
      Map.of(
          "ipsec_site_connections",
          List.of(
              "id",
              "tenant_id",
              "name",
              "description",
              "peer_address",
              "peer_id",
              "local_id",
              "route_mode",
              "mtu",
              "auth_mode",
              "psk",
              "initiator",
              "dpd",
              "admin_state_up",
              "status",
              "vpnservice_id",
              "ikepolicy_id",
              "ipsecpolicy_id",
              "peer_cidrs",
              "local_ep_group_id",
              "peer_ep_group_id"),
          "vpnservices",
          List.of(
              "id",
              "name",
              "description",
              "tenant_id",
              "subnet_id",
              "router_id",
              "flavor_id",
              "admin_state_up",
              "external_v4_ip",
              "external_v6_ip",
              "status"),
          "endpoint_groups",
          List.of("id", "tenant_id", "name", "description", "type", "endpoints"),
          "ikepolicies",
          List.of(
              "id",
              "tenant_id",
              "name",
              "description",
              "auth_algorithm",
              "encryption_algorithm",
              "phase1_negotiation_mode",
              "lifetime",
              "ike_version",
              "pfs"),
          "ipsecpolicies",
          List.of(
              "id",
              "tenant_id",
              "name",
              "description",
              "transform_protocol",
              "auth_algorithm",
              "encryption_algorithm",
              "encapsulation_mode",
              "lifetime",
              "pfs"));

  private static final Map<String, Object> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("name", "");
    DEFAULTS.put("description", "");
    DEFAULTS.put("local_id", "");
    DEFAULTS.put("route_mode", "static");
    DEFAULTS.put("mtu", 1500);
    DEFAULTS.put("auth_mode", "psk");
    DEFAULTS.put("initiator", "bi-directional");
    DEFAULTS.put("admin_state_up", true);
    DEFAULTS.put("status", "ACTIVE");
    DEFAULTS.put("transform_protocol", "esp");
    DEFAULTS.put("auth_algorithm", "sha1");
    DEFAULTS.put("encryption_algorithm", "aes-128");
    DEFAULTS.put("encapsulation_mode", "tunnel");
    DEFAULTS.put("phase1_negotiation_mode", "main");
    DEFAULTS.put("ike_version", "v1");
    DEFAULTS.put("pfs", "group5");
  }

  /**
   * A row from a state file or seed in stored form: keys in the API's order, defaults filled in (a
   * seeded connection without a status is ACTIVE).
   */
  static Map<String, Object> normalizeStored(Specs.Spec spec, Map<String, Object> in) {
    List<String> required =
        switch (spec.collection()) {
          case "ipsec_site_connections" ->
              List.of(
                  "peer_address",
                  "peer_id",
                  "psk",
                  "vpnservice_id",
                  "ikepolicy_id",
                  "ipsecpolicy_id");
          case "vpnservices" -> List.of("router_id");
          case "endpoint_groups" -> List.of("type");
          default -> List.of();
        };
    for (String k : required) {
      if (in.get(k) == null) {
        throw new IllegalArgumentException("an entry of " + spec.collection() + " has no " + k);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : KEY_ORDER.get(spec.collection())) {
      Object v = in.containsKey(k) ? in.get(k) : DEFAULTS.get(k);
      switch (k) {
        case "dpd" -> {
          Map<String, Object> d = new LinkedHashMap<>();
          Map<?, ?> given = v instanceof Map<?, ?> m ? m : Map.of();
          d.put("action", given.get("action") != null ? given.get("action") : "hold");
          d.put("interval", given.get("interval") != null ? given.get("interval") : 30);
          d.put("timeout", given.get("timeout") != null ? given.get("timeout") : 120);
          v = d;
        }
        case "lifetime" -> {
          Map<String, Object> d = new LinkedHashMap<>();
          Map<?, ?> given = v instanceof Map<?, ?> m ? m : Map.of();
          d.put("units", given.get("units") != null ? given.get("units") : "seconds");
          d.put("value", given.get("value") != null ? given.get("value") : 3600);
          v = d;
        }
        case "peer_cidrs" -> v = storedCidrs(v);
        case "endpoints" -> {
          List<Object> eps = v instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
          eps.sort(ENDPOINT_ORDER); // as the real server lists them
          v = eps;
        }
        default -> {}
      }
      out.put(k, v);
    }
    if (spec == Specs.VPNSERVICES && !in.containsKey("status")) {
      out.put("status", "ACTIVE");
    }
    return out;
  }
}
