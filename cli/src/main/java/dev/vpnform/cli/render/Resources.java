package dev.vpnform.cli.render;

import dev.vpnform.apply.ResourceResult;
import dev.vpnform.model.ActualResource;
import dev.vpnform.model.Attribute;
import dev.vpnform.model.Kind;
import dev.vpnform.model.Pending;
import dev.vpnform.model.Secret;
import dev.vpnform.plan.Action;
import dev.vpnform.plan.ResourceChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every format says about the IKE policies, IPsec policies, endpoint groups and VPN services a
 * plan changes, worded once: their address ({@code ikepolicy "ike-aes256"}), the sentence of each
 * action, and what a delete removes.
 */
final class Resources {
  private Resources() {}

  /** {@code ikepolicy "ike-aes256"}: the kind as the API names it, then the name (or id). */
  static String address(Kind kind, String label) {
    return kind.bodyKey() + " \"" + (label == null ? "" : label) + "\"";
  }

  static String address(ResourceChange c) {
    return address(c.kind(), c.label());
  }

  /** {@code ikepolicy.ike-aes256}, as apply's lines name a resource (Terraform's address). */
  static String dotted(Kind kind, String label) {
    return kind.bodyKey() + "." + (label == null ? "" : label);
  }

  /** Terraform's sentence: {@code will be created}, {@code must be replaced}... */
  static String sentence(Action action) {
    return switch (action) {
      case CREATE -> "will be created";
      case UPDATE -> "will be updated in place";
      case REPLACE -> "must be replaced";
      case DELETE -> "will be destroyed";
      case NO_OP -> "is unchanged";
    };
  }

  /** {@code # ikepolicy "ike-aes256" will be created}, without the comment mark. */
  static String heading(ResourceChange c) {
    return address(c) + " " + sentence(c.action());
  }

  /**
   * How a replace proceeds, when it is not the usual delete-then-create and the plan's own note
   * (which names the connections repointed) does not already say so.
   */
  static Optional<String> replaceOrder(ResourceChange c) {
    if (!c.createBeforeDestroy()
        || c.notes().stream().anyMatch(n -> n.kind() == dev.vpnform.model.Note.Kind.GRAPH)) {
      return Optional.empty();
    }
    return Optional.of(
        "the new "
            + c.kind().label()
            + " is created before the old one is deleted; its connections are repointed to it in"
            + " between");
  }

  /** A {@code state: absent} entry whose resource does not exist. */
  static String alreadyAbsent(Kind kind) {
    return "state: absent, and there is no such " + kind.label() + ": nothing to delete";
  }

  /**
   * The live resource's fields that requests carry, in plan order, without empty values: what a
   * delete removes.
   */
  static Map<String, Object> live(ActualResource a) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Attribute f : a.kind().sent()) {
      Object v = a.values().get(f.name());
      if (v != null
          && !(v instanceof List<?> l && l.isEmpty())
          && !(v instanceof Map<?, ?> mm && mm.isEmpty())) {
        m.put(f.name(), v instanceof Secret || f.sensitive() ? Secret.MASK : v);
      }
    }
    return m;
  }

  /** The changes apply acts on, in creation order. */
  static List<ResourceChange> changing(dev.vpnform.plan.Plan plan) {
    return plan.resources().stream().filter(c -> c.action().changes()).toList();
  }

  /**
   * The planned change that {@code r} is the result of: the change of its kind with the result's
   * id, else the one create or replace of its kind and name.
   */
  static Optional<ResourceChange> changeOf(dev.vpnform.plan.Plan plan, ResourceResult r) {
    if (r.id() != null) {
      for (ResourceChange c : plan.resources()) {
        if (c.kind() == r.kind() && r.id().equals(c.id())) {
          return Optional.of(c);
        }
      }
    }
    List<ResourceChange> made =
        plan.resources().stream()
            .filter(c -> c.kind() == r.kind())
            .filter(c -> c.action() == Action.CREATE || c.action() == Action.REPLACE)
            .filter(c -> Objects.equals(c.name(), r.name()))
            .toList();
    return made.size() == 1 ? Optional.of(made.get(0)) : Optional.empty();
  }

  /** A value for display: a pending id becomes {@code (known after apply)}, a secret the mask. */
  static Object shown(Object v) {
    if (Pending.is(v)) {
      return Changes.KNOWN_AFTER_APPLY;
    }
    return v instanceof Secret ? Secret.MASK : v;
  }
}
