package dev.vpnform.cloud;

import dev.vpnform.model.ActualConnection;
import dev.vpnform.model.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What planning and applying need from a cloud's Networking API. The HTTP client implements it;
 * tests of the apply logic implement it in memory.
 */
public interface Cloud extends AutoCloseable {
  /** Where the actual state comes from, for messages and saved plans: the Networking endpoint. */
  String endpoint();

  /** Every IPsec site connection the credentials can see. */
  List<ActualConnection> listConnections() throws CloudException;

  /** The connections with any of {@code ids} or {@code names}, in as few requests as possible. */
  List<ActualConnection> findConnections(Collection<String> ids, Collection<String> names)
      throws CloudException;

  /** One connection; a 404 is a {@link CloudException} with that status. */
  ActualConnection getConnection(String id) throws CloudException;

  /**
   * Changes {@code fields} of a connection and returns it as the server answered.
   *
   * @param label how the connection is named in messages, or null
   * @param fields attribute name to JDK value; a {@link dev.vpnform.model.Secret} is sent in clear
   */
  ActualConnection updateConnection(String id, String label, Map<String, Object> fields)
      throws CloudException;

  /**
   * POSTs a connection with {@code fields} and returns it as the server answered. Never repeated by
   * the HTTP layer once the request may have reached the server: whether a lost answer means a
   * created connection is for the caller to find out (by name) before it tries again.
   *
   * @param label how the connection is named in messages
   */
  ActualConnection createConnection(String label, Map<String, Object> fields) throws CloudException;

  /** DELETEs a connection; a 404 is a {@link CloudException} with that status. */
  void deleteConnection(String id, String label) throws CloudException;

  /**
   * The resources of a collection of the Networking API, following the pages.
   *
   * @param collection the path under {@code /v2.0}, e.g. {@code /vpn/vpnservices} or {@code /ports}
   * @param listKey the key of the list in the body, e.g. {@code vpnservices}
   * @param filters exact-match filters; several values of one key match any of them
   */
  List<Map<String, Object>> list(
      String collection, String listKey, Map<String, List<String>> filters) throws CloudException;

  /**
   * One resource of a collection, empty when the server says 404.
   *
   * @param key the key of the resource in the body, e.g. {@code vpnservice}
   */
  Optional<Map<String, Object>> show(String collection, String key, String id)
      throws CloudException;

  /**
   * POSTs an IKE policy, IPsec policy, endpoint group or VPN service with {@code fields} and
   * returns it as the server answered. As with connections, never repeated once the request may
   * have reached the server.
   */
  Map<String, Object> create(Kind kind, String label, Map<String, Object> fields)
      throws CloudException;

  /** PUTs {@code fields} of a resource of {@code kind} and returns it as the server answered. */
  Map<String, Object> update(Kind kind, String id, String label, Map<String, Object> fields)
      throws CloudException;

  /** DELETEs a resource of {@code kind}; a 404 is a {@link CloudException} with that status. */
  void delete(Kind kind, String id, String label) throws CloudException;

  /** Forgets credentials; the cloud cannot be used afterwards. */
  @Override
  void close();
}
