package dev.vpnform.sandbox;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The VPNaaS resources' attribute maps, converters and validators, transcribed from neutron_lib's
 * API definitions (vpn.py, vpn_endpoint_groups.py, vpn_flavors.py) and validators. The order of the
 * attributes matters: neutron checks them in this order and reports only the first error.
 */
final class Specs {
  private Specs() {}

  /** A converter; raises {@link NeutronError} (InvalidInput) or {@link Py.PyError}. */
  interface Converter {
    Object convert(Object value);
  }

  /** A validator; returns null when valid, else the reason. */
  interface Validator {
    String validate(Object value);
  }

  record Attr(
      String name,
      boolean allowPost,
      boolean allowPut,
      Supplier<Object> defaultValue,
      Converter converter,
      Validator validator,
      boolean sortKey) {
    boolean hasDefault() {
      return defaultValue != null;
    }

    Attr renamed(String newName) {
      return new Attr(newName, allowPost, allowPut, defaultValue, converter, validator, sortKey);
    }
  }

  /**
   * One API resource.
   *
   * @param columns the filterable model columns, mapped to the dotted path of their value in the
   *     resource dict (neutron filters on DB columns, not on API attributes)
   * @param intColumns the columns that are integers in the DB
   */
  record Spec(
      String resource,
      String collection,
      String urlName,
      List<Attr> attrs,
      Map<String, String> columns,
      Set<String> intColumns,
      String notFoundType,
      String notFoundFormat) {
    /**
     * The body key neutron's controller takes for a bulk create: its collection name, except for
     * the policies, whose controller is named by the resource plus "s" (measured on neutron-server
     * 21: {@code {"ikepolicys": []}} is "Bulk operation not supported", while {@code
     * {"ikepolicies": []}} is "Unable to find 'ikepolicy' in request body").
     */
    String bulkKey() {
      return switch (collection) {
        case "ikepolicies", "ipsecpolicies" -> resource + "s";
        default -> collection;
      };
    }

    Attr attr(String name) {
      for (Attr a : attrs) {
        if (a.name().equals(name)) {
          return a;
        }
      }
      return null;
    }

    NeutronError notFound(Object id) {
      return NeutronError.notFound(notFoundType, notFoundFormat.formatted(Py.str(id)));
    }
  }

  static final List<String> DPD_ACTIONS =
      List.of("clear", "disabled", "hold", "restart", "restart-by-peer");
  static final List<String> INITIATORS = List.of("bi-directional", "response-only");
  static final List<String> AUTH_ALGORITHMS = List.of("sha1", "sha256", "sha384", "sha512");
  static final List<String> ENCRYPTION_ALGORITHMS =
      List.of("3des", "aes-128", "aes-192", "aes-256");
  static final List<String> PFS = List.of("group2", "group5", "group14");
  static final List<String> ENDPOINT_TYPES = List.of("cidr", "network", "router", "subnet", "vlan");

  // ---- converters (neutron_lib.api.converters) ----

  static Object toInt(Object data) {
    try {
      return narrow(Py.toInt(data));
    } catch (Py.PyError e) {
      if (e.kind.equals("OverflowError")) {
        throw e;
      }
      throw NeutronError.invalidInput("'" + Py.str(data) + "' is not an integer");
    }
  }

  static Object toBoolean(Object data) {
    if (data instanceof Boolean) {
      return data;
    }
    String lowered = Py.strip(Py.str(data)).toLowerCase(Locale.ROOT);
    if (Set.of("1", "t", "true", "on", "y", "yes").contains(lowered)) {
      return true;
    }
    if (Set.of("0", "f", "false", "off", "n", "no").contains(lowered)) {
      return false;
    }
    throw NeutronError.invalidInput("'" + Py.str(data) + "' cannot be converted to boolean");
  }

  static Object toList(Object data) {
    if (data == null) {
      return new ArrayList<>();
    }
    if (data instanceof List<?> l) {
      return new ArrayList<Object>(l);
    }
    if (data instanceof Map<?, ?> m) {
      return new ArrayList<Object>(m.keySet());
    }
    List<Object> one = new ArrayList<>();
    one.add(data);
    return one;
  }

  static Object noneToEmptyDict(Object data) {
    return data == null ? new LinkedHashMap<String, Object>() : data;
  }

  /** Integers small enough become Integer/Long, as Jackson would have read them. */
  static Object narrow(BigInteger v) {
    if (v.bitLength() < 32) {
      return v.intValue();
    }
    if (v.bitLength() < 64) {
      return v.longValue();
    }
    return v;
  }

  // ---- validators (neutron_lib.api.validators) ----

  static Validator string(Integer maxLen) {
    return data -> {
      if (!(data instanceof String s)) {
        return "'" + Py.str(data) + "' is not a valid string";
      }
      if (maxLen != null && s.codePointCount(0, s.length()) > maxLen) {
        return "'" + s + "' exceeds maximum length of " + maxLen;
      }
      return null;
    };
  }

  static Validator values(List<String> valid) {
    return data -> {
      for (String v : valid) {
        if (Py.eq(data, v)) {
          return null;
        }
      }
      return Py.str(data) + " is not in valid_values";
    };
  }

  static String nonNegative(Object data) {
    BigInteger v;
    try {
      v = Py.toInt(data);
    } catch (Py.PyError e) {
      if (e.kind.equals("OverflowError")) {
        throw e;
      }
      return "'" + Py.str(data) + "' is not an integer";
    }
    return v.signum() < 0 ? "'" + v + "' should be non-negative" : null;
  }

  static Validator range(int min) {
    return data -> {
      BigInteger v;
      try {
        v = Py.toInt(data);
      } catch (Py.PyError e) {
        if (e.kind.equals("OverflowError")) {
          throw e;
        }
        return "'" + Py.str(data) + "' is not an integer";
      }
      if (v.compareTo(BigInteger.valueOf(min)) < 0) {
        return "'" + v + "' is too small - must be at least '" + min + "'";
      }
      return null;
    };
  }

  /** oslo_utils.uuidutils.is_uuid_like. */
  static boolean isUuidLike(Object data) {
    if (!(data instanceof String s)) {
      return false;
    }
    String hex = s.replace("urn:", "").replace("uuid:", "");
    int start = 0;
    int end = hex.length();
    while (start < end && (hex.charAt(start) == '{' || hex.charAt(start) == '}')) {
      start++;
    }
    while (end > start && (hex.charAt(end - 1) == '{' || hex.charAt(end - 1) == '}')) {
      end--;
    }
    hex = hex.substring(start, end).replace("-", "");
    return hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
  }

  static String uuid(Object data) {
    return isUuidLike(data) ? null : "'" + Py.str(data) + "' is not a valid UUID";
  }

  static String uuidOrNone(Object data) {
    return data == null ? null : uuid(data);
  }

  static String subnetListOrNone(Object data) {
    if (data == null) {
      return null;
    }
    if (!(data instanceof List<?> list)) {
      return "'" + Py.str(data) + "' is not a list";
    }
    List<Object> seen = new ArrayList<>();
    List<Object> dups = new ArrayList<>();
    for (Object item : list) {
      if (Py.in(item, seen)) {
        if (!Py.in(item, dups)) {
          dups.add(item);
        }
        continue;
      }
      seen.add(item);
    }
    if (!dups.isEmpty()) {
      List<String> texts = new ArrayList<>();
      dups.forEach(d -> texts.add(Py.str(d)));
      return "Duplicate items in the list: '" + String.join(", ", texts) + "'";
    }
    for (Object item : list) {
      String msg = Net.validateSubnet(item);
      if (msg != null) {
        return msg;
      }
    }
    return null;
  }

  /** validate_dict_or_empty with a key spec (keys validated in spec order). */
  static Validator dictOrEmpty(Map<String, Validator> keySpecs) {
    return data -> {
      if (data instanceof Map<?, ?> m && m.isEmpty()) {
        return null;
      }
      if (!(data instanceof Map<?, ?> map)) {
        return "'" + Py.str(data) + "' is not a dictionary";
      }
      List<String> unexpected = new ArrayList<>();
      for (Object k : map.keySet()) {
        if (!keySpecs.containsKey(k)) {
          unexpected.add(Py.str(k));
        }
      }
      if (!unexpected.isEmpty()) {
        return "Unexpected keys supplied: " + String.join(", ", unexpected);
      }
      for (Map.Entry<String, Validator> e : keySpecs.entrySet()) {
        if (map.containsKey(e.getKey())) {
          String msg = e.getValue().validate(map.get(e.getKey()));
          if (msg != null) {
            return msg;
          }
        }
      }
      return null;
    };
  }

  // ---- attribute map builders ----

  private static final Supplier<Object> NONE = () -> null;

  private static Supplier<Object> value(Object v) {
    return () -> v;
  }

  private static Attr attr(
      String name,
      boolean post,
      boolean put,
      Supplier<Object> dflt,
      Converter conv,
      Validator val,
      boolean sort) {
    return new Attr(name, post, put, dflt, conv, val, sort);
  }

  private static List<Attr> head(boolean nameSortKey, boolean tenantSortKey) {
    List<Attr> a = new ArrayList<>();
    a.add(attr("id", false, false, null, null, Specs::uuid, nameSortKey));
    a.add(attr("tenant_id", true, false, null, null, string(255), tenantSortKey));
    a.add(attr("name", true, true, value(""), null, string(255), nameSortKey));
    a.add(attr("description", true, true, value(""), null, string(255), false));
    return a;
  }

  /** neutron appends project_id as a copy of tenant_id's spec (populate_project_info). */
  private static List<Attr> withProjectId(List<Attr> attrs) {
    for (Attr a : List.copyOf(attrs)) {
      if (a.name().equals("tenant_id")) {
        attrs.add(a.renamed("project_id"));
      }
    }
    return List.copyOf(attrs);
  }

  private static Map<String, String> columns(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", "id");
    m.put("tenant_id", "tenant_id");
    m.put("project_id", "tenant_id");
    m.put("name", "name");
    m.put("description", "description");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static Map<String, Validator> lifetimeSpec() {
    Map<String, Validator> m = new LinkedHashMap<>();
    m.put("units", values(List.of("seconds")));
    m.put("value", range(60));
    return m;
  }

  static final Spec CONNECTIONS;
  static final Spec VPNSERVICES;
  static final Spec ENDPOINT_GROUPS;
  static final Spec IKEPOLICIES;
  static final Spec IPSECPOLICIES;

  static {
    List<Attr> c = head(true, true);
    c.add(attr("local_id", true, true, value(""), null, string(null), false));
    c.add(attr("peer_address", true, true, null, null, string(null), false));
    c.add(attr("peer_id", true, true, null, null, string(null), false));
    c.add(attr("peer_cidrs", true, true, NONE, Specs::toList, Specs::subnetListOrNone, false));
    c.add(attr("local_ep_group_id", true, true, NONE, null, Specs::uuidOrNone, false));
    c.add(attr("peer_ep_group_id", true, true, NONE, null, Specs::uuidOrNone, false));
    c.add(attr("route_mode", false, false, null, null, null, false));
    c.add(attr("mtu", true, true, value(1500), Specs::toInt, Specs::nonNegative, false));
    c.add(attr("initiator", true, true, value("bi-directional"), null, values(INITIATORS), false));
    c.add(attr("auth_mode", false, false, value("psk"), null, values(List.of("psk")), false));
    c.add(attr("psk", true, true, null, null, string(null), false));
    Map<String, Validator> dpd = new LinkedHashMap<>();
    dpd.put("action", values(DPD_ACTIONS));
    dpd.put("interval", Specs::nonNegative);
    dpd.put("timeout", Specs::nonNegative);
    c.add(
        attr(
            "dpd",
            true,
            true,
            LinkedHashMap::new,
            Specs::noneToEmptyDict,
            dictOrEmpty(dpd),
            false));
    c.add(attr("admin_state_up", true, true, value(true), Specs::toBoolean, null, false));
    c.add(attr("status", false, false, null, null, null, false));
    c.add(attr("vpnservice_id", true, false, null, null, Specs::uuid, false));
    c.add(attr("ikepolicy_id", true, false, null, null, Specs::uuid, false));
    c.add(attr("ipsecpolicy_id", true, false, null, null, Specs::uuid, false));
    CONNECTIONS =
        new Spec(
            "ipsec_site_connection",
            "ipsec_site_connections",
            "ipsec-site-connections",
            withProjectId(c),
            columns(
                "peer_address", "peer_address",
                "peer_id", "peer_id",
                "local_id", "local_id",
                "route_mode", "route_mode",
                "mtu", "mtu",
                "initiator", "initiator",
                "auth_mode", "auth_mode",
                "psk", "psk",
                "dpd_action", "dpd.action",
                "dpd_interval", "dpd.interval",
                "dpd_timeout", "dpd.timeout",
                "status", "status",
                "admin_state_up", "admin_state_up",
                "vpnservice_id", "vpnservice_id",
                "ipsecpolicy_id", "ipsecpolicy_id",
                "ikepolicy_id", "ikepolicy_id",
                "local_ep_group_id", "local_ep_group_id",
                "peer_ep_group_id", "peer_ep_group_id"),
            Set.of("mtu", "dpd_interval", "dpd_timeout"),
            "IPsecSiteConnectionNotFound",
            "ipsec_site_connection %s not found");

    List<Attr> v = head(true, true);
    v.add(attr("subnet_id", true, false, NONE, null, Specs::uuidOrNone, false));
    v.add(attr("router_id", true, false, null, null, Specs::uuid, true));
    v.add(attr("admin_state_up", true, true, value(true), Specs::toBoolean, null, false));
    v.add(attr("external_v4_ip", false, false, null, null, null, false));
    v.add(attr("external_v6_ip", false, false, null, null, null, false));
    v.add(attr("status", false, false, null, null, null, false));
    v.add(attr("flavor_id", true, false, NONE, null, Specs::uuidOrNone, false));
    VPNSERVICES =
        new Spec(
            "vpnservice",
            "vpnservices",
            "vpnservices",
            withProjectId(v),
            columns(
                "status", "status",
                "admin_state_up", "admin_state_up",
                "external_v4_ip", "external_v4_ip",
                "external_v6_ip", "external_v6_ip",
                "subnet_id", "subnet_id",
                "router_id", "router_id",
                "flavor_id", "flavor_id"),
            Set.of(),
            "VPNServiceNotFound",
            "VPNService %s could not be found");

    List<Attr> g = head(false, false);
    g.add(attr("type", true, false, null, null, values(ENDPOINT_TYPES), false));
    g.add(attr("endpoints", true, false, ArrayList::new, Specs::toList, null, false));
    ENDPOINT_GROUPS =
        new Spec(
            "endpoint_group",
            "endpoint_groups",
            "endpoint-groups",
            withProjectId(g),
            columns("endpoint_type", "type"),
            Set.of(),
            "VPNEndpointGroupNotFound",
            "Endpoint group %s could not be found");

    List<Attr> ike = head(true, true);
    ike.add(
        attr("auth_algorithm", true, true, value("sha1"), null, values(AUTH_ALGORITHMS), false));
    ike.add(
        attr(
            "encryption_algorithm",
            true,
            true,
            value("aes-128"),
            null,
            values(ENCRYPTION_ALGORITHMS),
            false));
    ike.add(
        attr(
            "phase1_negotiation_mode",
            true,
            true,
            value("main"),
            null,
            values(List.of("main", "aggressive")),
            false));
    ike.add(
        attr(
            "lifetime",
            true,
            true,
            LinkedHashMap::new,
            Specs::noneToEmptyDict,
            dictOrEmpty(lifetimeSpec()),
            false));
    ike.add(attr("ike_version", true, true, value("v1"), null, values(List.of("v1", "v2")), false));
    ike.add(attr("pfs", true, true, value("group5"), null, values(PFS), false));
    IKEPOLICIES =
        new Spec(
            "ikepolicy",
            "ikepolicies",
            "ikepolicies",
            withProjectId(ike),
            columns(
                "auth_algorithm", "auth_algorithm",
                "encryption_algorithm", "encryption_algorithm",
                "phase1_negotiation_mode", "phase1_negotiation_mode",
                "lifetime_units", "lifetime.units",
                "lifetime_value", "lifetime.value",
                "ike_version", "ike_version",
                "pfs", "pfs"),
            Set.of("lifetime_value"),
            "IKEPolicyNotFound",
            "IKEPolicy %s could not be found");

    List<Attr> ipsec = head(true, true);
    ipsec.add(
        attr(
            "transform_protocol",
            true,
            true,
            value("esp"),
            null,
            values(List.of("ah", "ah-esp", "esp")),
            false));
    ipsec.add(
        attr("auth_algorithm", true, true, value("sha1"), null, values(AUTH_ALGORITHMS), false));
    ipsec.add(
        attr(
            "encryption_algorithm",
            true,
            true,
            value("aes-128"),
            null,
            values(ENCRYPTION_ALGORITHMS),
            false));
    ipsec.add(
        attr(
            "encapsulation_mode",
            true,
            true,
            value("tunnel"),
            null,
            values(List.of("transport", "tunnel")),
            false));
    ipsec.add(
        attr(
            "lifetime",
            true,
            true,
            LinkedHashMap::new,
            Specs::noneToEmptyDict,
            dictOrEmpty(lifetimeSpec()),
            false));
    ipsec.add(attr("pfs", true, true, value("group5"), null, values(PFS), false));
    IPSECPOLICIES =
        new Spec(
            "ipsecpolicy",
            "ipsecpolicies",
            "ipsecpolicies",
            withProjectId(ipsec),
            columns(
                "transform_protocol", "transform_protocol",
                "auth_algorithm", "auth_algorithm",
                "encryption_algorithm", "encryption_algorithm",
                "encapsulation_mode", "encapsulation_mode",
                "lifetime_units", "lifetime.units",
                "lifetime_value", "lifetime.value",
                "pfs", "pfs"),
            Set.of("lifetime_value"),
            "IPsecPolicyNotFound",
            "IPsecPolicy %s could not be found");
  }

  static final List<Spec> ALL =
      List.of(CONNECTIONS, VPNSERVICES, ENDPOINT_GROUPS, IKEPOLICIES, IPSECPOLICIES);

  // ---- core resources, read-only: what VPNaaS planning reads of routers, subnets and ports ----

  /**
   * neutron's {@code convert_kvp_str_to_list}, applied to each {@code fixed_ips} filter value: "key
   * =value" with a non-empty key, both stripped. The value stays a string; the plugin splits it.
   */
  static Object keyValue(Object data) {
    String s = Py.str(data);
    int eq = s.indexOf('=');
    if (eq < 0 || Py.strip(s.substring(0, eq)).isEmpty()) {
      throw NeutronError.invalidInput("'" + s + "' is not of the form <key>=[value]");
    }
    return Py.strip(s.substring(0, eq)) + "=" + Py.strip(s.substring(eq + 1));
  }

  /** neutron_lib {@code convert_to_cidr}: the network address and its prefix. */
  static Object toCidr(Object data) {
    Net.Network n = data instanceof String s ? Net.parseNetwork(s) : null;
    if (n == null) {
      throw NeutronError.invalidInput(Py.str(data) + " is not in a CIDR format");
    }
    return n.cidrText();
  }

  /** An attribute that is only read (for filters and sort keys). */
  private static Attr read(String name, Converter converter, boolean sortKey) {
    return attr(name, false, false, null, converter, null, sortKey);
  }

  static final Spec ROUTERS =
      new Spec(
          "router",
          "routers",
          "routers",
          List.of(
              read("id", null, true),
              read("name", null, true),
              read("tenant_id", null, true),
              read("project_id", null, true),
              read("admin_state_up", Specs::toBoolean, true),
              read("status", null, true),
              read("flavor_id", null, true)),
          columns(
              "admin_state_up", "admin_state_up",
              "status", "status",
              "flavor_id", "flavor_id"),
          Set.of(),
          "RouterNotFound",
          "Router %s could not be found");

  static final Spec SUBNETS =
      new Spec(
          "subnet",
          "subnets",
          "subnets",
          List.of(
              read("id", null, true),
              read("name", null, true),
              read("tenant_id", null, true),
              read("project_id", null, true),
              read("network_id", null, true),
              read("ip_version", Specs::toInt, true),
              read("cidr", Specs::toCidr, true),
              read("gateway_ip", null, true),
              read("enable_dhcp", Specs::toBoolean, true),
              read("subnetpool_id", null, true),
              read("ipv6_ra_mode", null, true),
              read("ipv6_address_mode", null, true)),
          columns(
              "network_id", "network_id",
              "ip_version", "ip_version",
              "cidr", "cidr",
              "gateway_ip", "gateway_ip",
              "enable_dhcp", "enable_dhcp",
              "subnetpool_id", "subnetpool_id",
              "ipv6_ra_mode", "ipv6_ra_mode",
              "ipv6_address_mode", "ipv6_address_mode"),
          Set.of("ip_version"),
          "SubnetNotFound",
          "Subnet %s could not be found.");

  static final Spec PORTS =
      new Spec(
          "port",
          "ports",
          "ports",
          List.of(
              read("id", null, true),
              read("name", null, true),
              read("tenant_id", null, true),
              read("project_id", null, true),
              read("network_id", null, true),
              read("mac_address", null, true),
              read("admin_state_up", Specs::toBoolean, true),
              read("status", null, true),
              read("device_id", null, true),
              read("device_owner", null, true),
              read("fixed_ips", Specs::keyValue, false)),
          columns(
              "network_id", "network_id",
              "mac_address", "mac_address",
              "admin_state_up", "admin_state_up",
              "status", "status",
              "device_id", "device_id",
              "device_owner", "device_owner"),
          Set.of(),
          "PortNotFound",
          "Port %s could not be found.");

  /** The core resources the sandbox serves (GET only), from the topology it models. */
  static final List<Spec> CORE = List.of(ROUTERS, SUBNETS, PORTS);

  static boolean isCore(Spec spec) {
    return CORE.contains(spec);
  }

  static Spec byUrlName(String urlName) {
    for (Spec s : ALL) {
      if (s.urlName().equals(urlName)) {
        return s;
      }
    }
    for (Spec s : CORE) {
      if (s.urlName().equals(urlName)) {
        return s;
      }
    }
    return null;
  }
}
