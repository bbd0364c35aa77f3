package dev.vpnform.sandbox;

import dev.vpnform.sandbox.Http.Req;
import dev.vpnform.sandbox.Http.Res;
import dev.vpnform.sandbox.Specs.Attr;
import dev.vpnform.sandbox.Specs.Spec;
import dev.vpnform.sandbox.VpnPlugin.Ctx;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network API: routing plus what neutron's legacy extension controller ({@code
 * neutron.api.v2.base.Controller} behind the {@code extensions} paste filter) does around the
 * plugin: body parsing, attribute checks and conversion, fields, filters, sorting and pagination.
 */
final class NeutronApi {
  private static final Pattern ETAG = Pattern.compile("(?:^|\\s)(W/)?\"((?:\\\\\"|.)*?)\"");
  private static final List<String> POLICY_ATTRS = List.of("project_id", "tenant_id");

  private final VpnPlugin plugin;

  NeutronApi(VpnPlugin plugin) {
    this.plugin = plugin;
  }

  Res handle(Req req, Ctx ctx) {
    try {
      return route(req, ctx);
    } catch (NeutronError e) {
      return Http.neutronError(e);
    } catch (RuntimeException e) {
      // a Python exception the real server does not catch, or a sandbox bug: both are a 500
      return Http.neutronError(NeutronError.internal());
    }
  }

  /** True for the one network path that keystonemiddleware does not guard (the version list). */
  static boolean isPublic(String rawPath) {
    return rawPath.isEmpty() || rawPath.equals("/");
  }

  private Res route(Req req, Ctx ctx) {
    String path = req.rawPath();
    // pecan's generic controllers answer OPTIONS like GET, without reading the body
    boolean options = req.method().equals("OPTIONS");
    String method = options ? "GET" : req.method();
    if (isPublic(path)) {
      requireGet(method);
      return Res.json(200, versions(req));
    }
    if (!path.startsWith("/v2.0/")) {
      throw NeutronError.resourceNotFound(); // "/v2.0" without the slash is a 404 too
    }
    String rest = path.substring("/v2.0".length());
    if (rest.equals("/")) {
      requireGet(method);
      return Res.json(200, resources(req));
    }
    List<String> segs = new ArrayList<>(List.of(rest.substring(1).split("/", -1)));
    if (segs.size() > 1 && segs.get(segs.size() - 1).isEmpty()) {
      segs.remove(segs.size() - 1); // one trailing slash is accepted
    }
    if (segs.get(0).equals("extensions") || segs.get(0).equals("extensions.json")) {
      requireGet(method);
      return extensions(segs);
    }
    if (segs.get(0).equals("vpn")) {
      segs.remove(0);
    }
    if (segs.isEmpty() || segs.size() > 2) {
      throw NeutronError.resourceNotFound();
    }
    String collection = stripFormat(segs.get(0), true);
    Spec spec = Specs.byUrlName(collection);
    if (spec == null) {
      throw NeutronError.resourceNotFound();
    }
    if (Specs.isCore(spec) && !method.equals("GET")) {
      // the sandbox only shows its routers, subnets and ports; the real server would change them
      throw NeutronError.methodNotAllowed();
    }
    // a format other than json on the collection: routes' handler then does args['id'] += fmt,
    // and there is no id: a KeyError
    boolean foreignFormat = !collection.equals(segs.get(0)) && !segs.get(0).endsWith(".json");
    if (segs.size() == 1) {
      switch (method) {
        case "GET" -> {
          if (!options) {
            legacyBody(req);
          }
          if (foreignFormat && !options) {
            throw NeutronError.internal();
          }
          return Res.json(200, index(req, spec, ctx));
        }
        case "POST" -> {
          Object body = legacyBody(req);
          if (foreignFormat) {
            throw NeutronError.internal();
          }
          return Res.json(201, create(spec, body, ctx));
        }
        case "PUT" -> {
          // not a legacy route: pecan validates the body, then fetches item None
          pecanBody(req, spec, false, ctx);
          throw spec.notFound(null);
        }
        case "DELETE" -> throw spec.notFound(null); // pecan fetches item None first
        default -> throw NeutronError.methodNotAllowed();
      }
    }
    String id = Http.percentDecode(stripFormat(segs.get(1), false));
    switch (method) {
      case "GET" -> {
        if (!options) {
          legacyBody(req);
        }
        return Res.json(200, show(req, spec, id, ctx));
      }
      case "PUT" -> {
        Object body = legacyBody(req);
        return Res.json(200, update(req, spec, id, body, ctx));
      }
      case "DELETE" -> {
        legacyBody(req);
        return delete(req, spec, id, ctx);
      }
      case "POST" -> {
        // not a legacy route: pecan's body validation runs, then its item controller says 405
        pecanBody(req, spec, true, ctx);
        throw NeutronError.methodNotAllowed();
      }
      default -> throw NeutronError.methodNotAllowed();
    }
  }

  /** What the legacy resource wrapper does first: parse any body, then check If-Match. */
  private static Object legacyBody(Req req) {
    Object body = null;
    if (req.body().length > 0) {
      try {
        body = Json.parse(req.body());
      } catch (Json.Malformed e) {
        throw NeutronError.bad(
            "MalformedRequestBody", "Malformed request body: Cannot understand JSON.");
      }
    }
    checkIfMatch(req);
    return body;
  }

  /**
   * pecan's BodyValidationHook, for requests the legacy routes do not take: a body must be a JSON
   * object, and one that names the resource (or its collection, in bulk) is validated.
   */
  private static void pecanBody(Req req, Spec spec, boolean isCreate, Ctx ctx) {
    if (req.body().length == 0) {
      return;
    }
    Object json;
    try {
      json = Json.parse(req.body());
    } catch (Json.Malformed e) {
      json = null;
    }
    if (!(json instanceof Map<?, ?> map)) {
      throw NeutronError.httpBadRequest("Body contains invalid data");
    }
    if (!map.containsKey(spec.resource()) && !map.containsKey(spec.collection())) {
      return;
    }
    if (isCreate && map.containsKey(spec.collection())) {
      Object items = map.get(spec.collection());
      if (!Py.truthy(items)) {
        throw NeutronError.httpBadRequest("Resources required");
      }
      if (!(items instanceof List<?> list)) {
        throw NeutronError.internal();
      }
      for (Object item : list) {
        Object wrapped =
            item instanceof Map<?, ?> m && m.containsKey(spec.resource())
                ? item
                : Map.of(spec.resource(), item == null ? "" : item);
        prepareRequestBody(ctx, wrapped, true, spec);
      }
      return;
    }
    prepareRequestBody(ctx, map, isCreate, spec);
  }

  private static void requireGet(String method) {
    if (!method.equals("GET")) {
      throw NeutronError.methodNotAllowed();
    }
  }

  /** Routes' {format} suffix: ".json" is dropped; on a member any other suffix stays in the id. */
  private static String stripFormat(String segment, boolean collection) {
    int dot = segment.lastIndexOf('.');
    if (dot < 0) {
      return segment;
    }
    String fmt = segment.substring(dot + 1);
    return collection || fmt.equals("json") ? segment.substring(0, dot) : segment;
  }

  // ---- documents outside the VPN resources ----

  private static Map<String, Object> versions(Req req) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", "v2.0");
    v.put("status", "CURRENT");
    v.put("links", List.of(link("self", req.baseUrl() + "/v2.0/")));
    return Map.of("versions", List.of(v));
  }

  private static Map<String, Object> resources(Req req) {
    List<Object> layout = new ArrayList<>();
    String[][] core = {
      {"network", "networks"},
      {"subnet", "subnets"},
      {"subnetpool", "subnetpools"},
      {"port", "ports"}
    };
    for (String[] c : core) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", c[0]);
      r.put("collection", c[1]);
      r.put("links", List.of(link("self", req.baseUrl() + "/v2.0/" + c[1])));
      layout.add(r);
    }
    return Map.of("resources", layout);
  }

  private static Res extensions(List<String> segs) {
    String[][] known = {
      {"vpnaas", "VPN service", "Extension for VPN service", "2013-05-29T10:00:00-00:00"},
      {
        "vpn-endpoint-groups",
        "VPN Endpoint Groups",
        "VPN endpoint groups support",
        "2015-08-04T10:00:00-00:00"
      },
      {
        "vpn-flavors",
        "VPN Service Falvor Extension",
        "Flavor support for vpnservices.",
        "2017-04-19T00:00:00-00:00"
      },
      {
        "pagination",
        "Pagination support",
        "Extension that indicates that pagination is enabled.",
        "2016-06-12T00:00:00-00:00"
      },
      {
        "sorting",
        "Sorting support",
        "Extension that indicates that sorting is enabled.",
        "2016-06-12T00:00:00-00:00"
      },
    };
    List<Object> all = new ArrayList<>();
    for (String[] k : known) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", k[1]);
      e.put("alias", k[0]);
      e.put("description", k[2]);
      e.put("updated", k[3]);
      e.put("links", List.of());
      if (segs.size() == 2 && stripFormat(segs.get(1), false).equals(k[0])) {
        return Res.json(200, Map.of("extension", e));
      }
      all.add(e);
    }
    if (segs.size() > 1) {
      throw NeutronError.resourceNotFound();
    }
    return Res.json(200, Map.of("extensions", all));
  }

  private static Map<String, Object> link(String rel, String href) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("rel", rel);
    l.put("href", href);
    return l;
  }

  /**
   * neutron's If-Match handling: a revision_number etag must be an int, and only one is allowed;
   * the constraint itself is then ignored because these resources have no revision.
   */
  private static void checkIfMatch(Req req) {
    String value = req.header("If-Match");
    if (value == null || value.isEmpty() || value.equals("*")) {
      return;
    }
    List<String> etags = new ArrayList<>();
    Matcher m = ETAG.matcher(value);
    boolean any = false;
    while (m.find()) {
      any = true;
      if (m.group(1) == null) {
        etags.add(m.group(2));
      }
    }
    if (!any) {
      etags.add(value);
    }
    boolean seen = false;
    for (String e : etags) {
      if (e.startsWith("revision_number=")) {
        if (seen) {
          throw NeutronError.badRequest(
              "if-match", "Multiple revision_number etags are not supported.");
        }
        seen = true;
        try {
          Py.toInt(e.split("revision_number=", -1)[1]);
        } catch (Py.PyError ex) {
          throw NeutronError.badRequest(
              "if-match", "Revision number etag must be in the format of revision_number=<int>");
        }
      }
    }
  }

  // ---- actions ----

  private Map<String, Object> show(Req req, Spec spec, String id, Ctx ctx) {
    List<String> fields = req.all("fields");
    Map<String, Object> view =
        plugin.read(
            st ->
                Specs.isCore(spec)
                    ? plugin.getCore(spec, id, ctx)
                    : plugin.view(spec, plugin.get(spec, id, ctx)));
    return Map.of(spec.resource(), fields.isEmpty() ? view : onlyFields(view, fields));
  }

  private static Map<String, Object> onlyFields(Map<String, Object> view, List<String> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    view.forEach(
        (k, v) -> {
          if (fields.contains(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private Map<String, Object> index(Req req, Spec spec, Ctx ctx) {
    List<String> requested = req.all("fields");
    List<String> fields = new ArrayList<>(requested);
    List<String> added = new ArrayList<>();
    if (!fields.isEmpty()) {
      for (String a : POLICY_ATTRS) {
        if (!requested.contains(a)) {
          added.add(a);
        }
      }
      fields.addAll(POLICY_ATTRS);
    }
    Map<String, List<Object>> filters = filters(req, spec);
    List<Map.Entry<String, Boolean>> sorts = sorts(req, spec);
    Page page = page(req);
    if (!fields.isEmpty()) {
      for (Map.Entry<String, Boolean> s : sorts) {
        if (!fields.contains(s.getKey())) {
          fields.add(s.getKey());
          added.add(s.getKey());
        }
      }
      if (page.limit != null && !fields.contains("id")) {
        fields.add("id");
        added.add("id");
      }
    }
    List<Map<String, Object>> items =
        plugin.read(
            st -> {
              if (!Specs.isCore(spec)) {
                return plugin.list(spec, filters, ctx);
              }
              if (page.limit != null && page.marker != null && !page.marker.isEmpty()) {
                // the core plugin paginates in the database: it reads the marker's row first
                // (the sandbox then pages as for the VPN resources: a marker that the filters
                // leave out gives an empty page)
                plugin.getCore(spec, page.marker, ctx);
              }
              return plugin.listCore(spec, filters, ctx);
            });
    if (!fields.isEmpty()) {
      items.replaceAll(v -> onlyFields(v, fields));
    }
    items = sort(items, sorts);
    items = page.paginate(items);
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> item : items) {
      Map<String, Object> copy = new LinkedHashMap<>(item);
      added.forEach(copy::remove);
      out.add(copy);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(spec.collection(), out);
    List<Object> links = page.links(req, items);
    if (!links.isEmpty()) {
      body.put(spec.collection() + "_links", links);
    }
    return body;
  }

  private Map<String, Object> create(Spec spec, Object body, Ctx ctx) {
    Map<String, Object> res = prepareRequestBody(ctx, body, true, spec);
    Map<String, Object> created = plugin.write(st -> plugin.create(spec, res, ctx));
    return Map.of(spec.resource(), created);
  }

  private Map<String, Object> update(Req req, Spec spec, String id, Object body, Ctx ctx) {
    if (!(body instanceof Map) && !(body instanceof List)) {
      // base.Controller.update does body.copy(): only dicts and lists have one
      throw NeutronError.badRequest("body", "Invalid format: " + Py.bytesRepr(req.body()));
    }
    if (body instanceof List) {
      throw NeutronError.internal(); // then payload['id'] = id: TypeError on a list
    }
    Map<String, Object> res = prepareRequestBody(ctx, body, false, spec);
    Map<String, Object> updated =
        plugin.write(
            st -> {
              plugin.get(spec, id, ctx);
              return plugin.update(spec, id, res, ctx);
            });
    return Map.of(spec.resource(), updated);
  }

  private Res delete(Req req, Spec spec, String id, Ctx ctx) {
    if (req.body().length > 0) {
      throw NeutronError.httpBadRequest("Request body is not supported in DELETE.");
    }
    plugin.write(
        st -> {
          plugin.delete(spec, id, ctx);
          return null;
        });
    return Res.noContent();
  }

  /** A create through the API layer, for the embedding API. */
  Map<String, Object> createDirect(Spec spec, Map<String, Object> fields, Ctx ctx) {
    return create(spec, Map.of(spec.resource(), fields), ctx);
  }

  // ---- request body (base.Controller.prepare_request_body) ----

  static Map<String, Object> prepareRequestBody(Ctx ctx, Object body, boolean isCreate, Spec spec) {
    if (!Py.truthy(body)) {
      throw NeutronError.httpBadRequest("Resource body required");
    }
    Object resDict;
    try {
      if (Py.in(spec.bulkKey(), body)) {
        throw NeutronError.httpBadRequest("Bulk operation not supported");
      }
      if (!(body instanceof Map<?, ?> map)) {
        throw Py.typeError(); // body.get: AttributeError
      }
      resDict = map.get(spec.resource());
    } catch (Py.PyError e) {
      throw NeutronError.httpBadRequest("Body contains invalid data");
    }
    if (resDict == null) {
      throw NeutronError.httpBadRequest("Unable to find '" + spec.resource() + "' in request body");
    }
    if (!(resDict instanceof Map<?, ?>)) {
      throw NeutronError.httpBadRequest("Object '" + spec.resource() + "' contains invalid data");
    }
    Map<String, Object> res = Json.copy(VpnPlugin.castMap(resDict));

    // populate_project_id
    if (res.containsKey("tenant_id") && !res.containsKey("project_id")) {
      res.put("project_id", res.get("tenant_id"));
    } else if (res.containsKey("project_id") && !res.containsKey("tenant_id")) {
      res.put("tenant_id", res.get("project_id"));
    }
    if (!Py.eq(res.get("project_id"), res.get("tenant_id"))) {
      throw NeutronError.httpBadRequest("'project_id' and 'tenant_id' do not match");
    }
    if (res.containsKey("project_id")
        && !ctx.admin()
        && !Py.eq(res.get("project_id"), ctx.projectId())) {
      throw NeutronError.httpBadRequest(
          "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request"
              + " requires admin or advsvc privileges");
    }
    if (isCreate && !res.containsKey("project_id")) {
      if (ctx.projectId() != null) {
        res.put("project_id", ctx.projectId());
        res.put("tenant_id", ctx.projectId());
      } else {
        throw NeutronError.httpBadRequest(
            "Running without keystone AuthN requires that tenant_id is specified");
      }
    }

    // verify_attributes
    List<String> unknown = new ArrayList<>();
    for (String k : res.keySet()) {
      if (spec.attr(k) == null) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw NeutronError.httpBadRequest(
          "Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
    }

    if (isCreate) {
      for (Attr a : spec.attrs()) {
        if (a.allowPost()) {
          if (!a.hasDefault() && !res.containsKey(a.name())) {
            throw NeutronError.httpBadRequest(
                "Failed to parse request. Required attribute '" + a.name() + "' not specified");
          }
          if (!res.containsKey(a.name())) {
            res.put(a.name(), a.defaultValue().get());
          }
        } else if (res.containsKey(a.name())) {
          throw NeutronError.httpBadRequest("Attribute '" + a.name() + "' not allowed in POST");
        }
      }
    } else {
      for (Attr a : spec.attrs()) {
        if (res.containsKey(a.name()) && !a.allowPut()) {
          throw NeutronError.httpBadRequest("Cannot update read-only attribute " + a.name());
        }
      }
    }

    // convert_values
    for (Attr a : spec.attrs()) {
      if (!res.containsKey(a.name())) {
        continue;
      }
      if (a.converter() != null) {
        res.put(a.name(), a.converter().convert(res.get(a.name())));
      }
      if (a.validator() != null) {
        String reason = a.validator().validate(res.get(a.name()));
        if (reason != null) {
          throw NeutronError.httpBadRequest(
              "Invalid input for " + a.name() + ". Reason: " + reason + ".");
        }
      }
    }
    return res;
  }

  // ---- filters, sorting, pagination (neutron.api.api_common) ----

  private static Map<String, List<Object>> filters(Req req, Spec spec) {
    Map<String, List<Object>> out = new LinkedHashMap<>();
    List<String> skips =
        List.of("fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse");
    for (Map.Entry<String, String> e : req.query()) {
      if (skips.contains(e.getKey())) {
        continue;
      }
      Attr a = spec.attr(e.getKey());
      Object value = e.getValue();
      if (a != null && a.converter() != null) {
        value = a.converter().convert(value);
      }
      out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static List<Map.Entry<String, Boolean>> sorts(Req req, Spec spec) {
    List<String> keys = req.all("sort_key");
    List<String> dirs = req.all("sort_dir");
    if (keys.size() != dirs.size()) {
      throw NeutronError.httpBadRequest("The number of sort_keys and sort_dirs must be same");
    }
    List<Object> absent = new ArrayList<>();
    for (String k : keys) {
      Attr a = spec.attr(k);
      if (a == null || !a.sortKey()) {
        absent.add(k);
      }
    }
    if (!absent.isEmpty()) {
      throw NeutronError.httpBadRequest(Py.repr(absent) + " is invalid attribute for sort_keys");
    }
    List<Object> invalid = new ArrayList<>();
    for (String d : dirs) {
      if (!d.equals("asc") && !d.equals("desc")) {
        invalid.add(d);
      }
    }
    if (!invalid.isEmpty()) {
      throw NeutronError.httpBadRequest(
          Py.repr(invalid) + " is invalid value for sort_dirs, valid value is 'asc' and 'desc'");
    }
    List<Map.Entry<String, Boolean>> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      out.add(new AbstractMap.SimpleImmutableEntry<>(keys.get(i), dirs.get(i).equals("asc")));
    }
    return out;
  }

  /** SortingEmulatedHelper: a stable sort over the id-ordered list, None first. */
  private static List<Map<String, Object>> sort(
      List<Map<String, Object>> items, List<Map.Entry<String, Boolean>> sorts) {
    if (sorts.isEmpty()) {
      return items;
    }
    Comparator<Map<String, Object>> cmp =
        (a, b) -> {
          for (Map.Entry<String, Boolean> s : sorts) {
            Object o1 = a.get(s.getKey());
            Object o2 = b.get(s.getKey());
            int r;
            if (o1 == null && o2 == null) {
              r = 0;
            } else if (o1 == null) {
              r = -1;
            } else if (o2 == null) {
              r = 1;
            } else {
              r = Integer.signum(Py.compare(o1, o2));
            }
            if (r != 0) {
              return s.getValue() ? r : -r;
            }
          }
          return 0;
        };
    List<Map<String, Object>> sorted = new ArrayList<>(items);
    sorted.sort(cmp);
    return sorted;
  }

  private static Page page(Req req) {
    String raw = req.last("limit");
    int limit = 0;
    if (raw != null) {
      BigInteger v;
      try {
        v = Py.toInt(raw);
      } catch (Py.PyError e) {
        throw NeutronError.badRequest(
            "limit", "Limit must be an integer 0 or greater and not '" + raw + "'");
      }
      if (v.signum() < 0) {
        throw NeutronError.badRequest(
            "limit", "Limit must be an integer 0 or greater and not '" + v + "'");
      }
      limit = v.bitLength() < 31 ? v.intValue() : Integer.MAX_VALUE;
    }
    String reverse = req.last("page_reverse");
    boolean pageReverse = reverse != null && reverse.toLowerCase().equals("true");
    return limit == 0
        ? new Page(null, null, pageReverse)
        : new Page(limit, req.last("marker"), pageReverse);
  }

  /** PaginationEmulatedHelper. */
  private record Page(Integer limit, String marker, boolean pageReverse) {
    List<Map<String, Object>> paginate(List<Map<String, Object>> items) {
      if (limit == null) {
        return items;
      }
      if (items.isEmpty()) {
        return List.of();
      }
      int i;
      if (marker != null && !marker.isEmpty()) {
        i = -1;
        for (int k = 0; k < items.size(); k++) {
          if (marker.equals(items.get(k).get("id"))) {
            i = k;
            break;
          }
        }
        if (i < 0) {
          return List.of(); // an unknown marker gives an empty page
        }
      } else {
        i = pageReverse ? items.size() : 0;
      }
      if (pageReverse) {
        return items.subList(Math.max(i - limit, 0), i);
      }
      if (marker != null && !marker.isEmpty()) {
        i++;
      }
      return items.subList(
          Math.min(i, items.size()), (int) Math.min((long) i + limit, items.size()));
    }

    List<Object> links(Req req, List<Map<String, Object>> items) {
      List<Object> links = new ArrayList<>();
      if (limit == null) {
        return links;
      }
      if (!(items.size() < limit && !pageReverse)) {
        links.add(link("next", href(req, items, true)));
      }
      if (!(items.size() < limit && pageReverse)) {
        links.add(link("previous", href(req, items, false)));
      }
      return links;
    }

    /** get_next_link / get_previous_link: the request's own parameters, marker replaced. */
    private static String href(Req req, List<Map<String, Object>> items, boolean next) {
      List<Map.Entry<String, String>> params = new ArrayList<>(req.query());
      removeFirst(params, "marker");
      if (!items.isEmpty()) {
        Object marker = items.get(next ? items.size() - 1 : 0).get("id");
        params.removeIf(e -> e.getKey().equals("marker"));
        params.add(new AbstractMap.SimpleImmutableEntry<>("marker", Py.str(marker)));
      }
      if (next) {
        removeFirst(params, "page_reverse");
      } else {
        params.removeIf(e -> e.getKey().equals("page_reverse"));
        params.add(new AbstractMap.SimpleImmutableEntry<>("page_reverse", "True"));
      }
      String scheme = req.header("X-Forwarded-Proto");
      String base = req.baseUrl();
      if (scheme != null && !base.startsWith(scheme + "://")) {
        base = scheme + base.substring(base.indexOf("://"));
      }
      return base + req.rawPath() + "?" + Py.urlencode(params);
    }

    private static void removeFirst(List<Map.Entry<String, String>> params, String key) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i).getKey().equals(key)) {
          params.remove(i);
          return;
        }
      }
    }
  }
}
