package dev.vpnform.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpnform.Reconciler;
import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetingTest {
  static final String ID = "7a000000-0000-4000-8000-000000000001";

  @TempDir Path dir;
  DesiredState desired;

  @BeforeEach
  void load() throws Exception {
    write(
        "dc1/a.yaml",
        "connections:\n  - name: dc1-to-dc2\n  - name: dc1-to-dc3\n  - id: " + ID + "\n");
    write("dc2/b.yaml", "connections:\n  - name: dc2-to-dc1\n  - name: branch-*-star\n");
    desired = Reconciler.builder().build().load(List.of(dir.resolve("dc1"), dir.resolve("dc2")));
  }

  List<String> selected(List<String> targets, List<String> excludes) throws Exception {
    return Targeting.of(targets, excludes).select(desired).desired().connections().stream()
        .map(DesiredConnection::label)
        .toList();
  }

  @Test
  void withoutSelectorsEverythingIsSelected() throws Exception {
    Targeting.Selected all = Targeting.all().select(desired);
    assertThat(all.selected()).isEqualTo(5);
    assertThat(all.total()).isEqualTo(5);
    assertThat(Targeting.all().inEffect()).isFalse();
  }

  @Test
  void namesMatchByGlobCaseSensitively() throws Exception {
    assertThat(selected(List.of("name:dc1-*"), List.of()))
        .containsExactly("dc1-to-dc2", "dc1-to-dc3");
    assertThat(selected(List.of("dc?-to-dc1"), List.of())).containsExactly("dc2-to-dc1");
    // '*' in a name is literal only through the glob: it matches itself too
    assertThat(selected(List.of("name:branch-*-star"), List.of())).containsExactly("branch-*-star");
    assertThatThrownBy(() -> selected(List.of("name:DC1-*"), List.of()))
        .isInstanceOf(TargetingException.class);
  }

  @Test
  void idsMatchTheIdWrittenInTheConfigurationInAnyCase() throws Exception {
    assertThat(selected(List.of("id:" + ID.toUpperCase()), List.of())).containsExactly(ID);
    // a bare UUID is an id selector
    assertThat(selected(List.of(ID), List.of())).containsExactly(ID);
  }

  @Test
  void filesMatchByGlobOverDirectories() throws Exception {
    assertThat(selected(List.of("file:**/dc2/*.yaml"), List.of()))
        .containsExactly("dc2-to-dc1", "branch-*-star");
    assertThat(selected(List.of("file:**/b.yaml"), List.of("name:branch-*")))
        .containsExactly("dc2-to-dc1");
  }

  @Test
  void excludesAloneLeaveOutTheirMatches() throws Exception {
    assertThat(selected(List.of(), List.of("name:dc1-*", "id:" + ID)))
        .containsExactly("dc2-to-dc1", "branch-*-star");
  }

  @Test
  void aSelectorThatMatchesNothingIsAnErrorWithASuggestion() {
    assertThatThrownBy(() -> selected(List.of("name:dc1-to-dc4"), List.of()))
        .isInstanceOfSatisfying(
            TargetingException.class,
            e ->
                assertThat(e.diagnostics())
                    .extracting(Diagnostic::message)
                    .containsExactly(
                        "target name:dc1-to-dc4 matches no connection; did you mean"
                            + " 'dc1-to-dc2'?"));
    assertThatThrownBy(() -> selected(List.of("id:" + ID.replace('1', '2')), List.of()))
        .hasMessageContaining("matches no connection");
  }

  @Test
  void aSelectionThatLeavesNothingIsAnError() {
    assertThatThrownBy(() -> selected(List.of("name:dc1-*"), List.of("file:**/a.yaml")))
        .hasMessageContaining("the selection leaves no connection to plan")
        .hasMessageContaining("target name:dc1-*; exclude file:**/a.yaml");
  }

  @Test
  void badSelectorsAreNamed() {
    assertThatThrownBy(() -> Targeting.of(List.of("host:x", "id:nope", "name:"), List.of()))
        .isInstanceOfSatisfying(
            TargetingException.class,
            e ->
                assertThat(e.diagnostics())
                    .extracting(Diagnostic::message)
                    .containsExactly(
                        "selector 'host:x' has an unknown kind 'host'; use name:GLOB, id:UUID or"
                            + " file:GLOB",
                        "selector 'id:nope': not a UUID",
                        "selector 'name:' is empty"));
  }

  @Test
  void selectorFilesIgnoreCommentsAndLocateProblems() throws Exception {
    Path f = write("targets.txt", "# the first site\n\nname:dc1-*\n  id:bad\n");
    assertThatThrownBy(() -> Targeting.of(List.of(), List.of()).withFiles(List.of(f), List.of()))
        .isInstanceOfSatisfying(
            TargetingException.class,
            e -> assertThat(e.diagnostics().get(0).location().toString()).isEqualTo(f + ":4:3"));
    Path ok = write("ok.txt", "# dc1 only\nname:dc1-*\n");
    Targeting t = Targeting.all().withFiles(List.of(ok), List.of());
    assertThat(t.targets()).containsExactly("name:dc1-*");
    assertThatThrownBy(
            () -> Targeting.all().withFiles(List.of(dir.resolve("missing.txt")), List.of()))
        .hasMessageContaining("cannot read the selector file: no such file");
  }

  @Test
  void theCompletedPlanSaysTargetingIsInEffectAndKeepsTheOthersProblems() throws Exception {
    write("dc3/c.yaml", "connections:\n  - name: dc3-a\n    mtu: 10\n  - name: dc3-b\n");
    Reconciler r = Reconciler.builder().build();
    DesiredState whole = r.load(List.of(dir.resolve("dc3")));
    Targeting.Selected s = Targeting.of(List.of("name:dc3-b"), List.of()).select(whole);
    Plan plan = r.plan(s.desired(), List.of(), "actual.json");
    Plan complete = s.complete(plan, r.validate(whole));
    assertThat(complete.diagnostics()).extracting(Diagnostic::rule).contains("O9", Targeting.RULE);
    assertThat(complete.diagnostics())
        .filteredOn(d -> d.rule().equals(Targeting.RULE))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.message())
                    .isEqualTo(
                        "targeting is in effect: 1 of 2 connections are planned (target"
                            + " name:dc3-b); the others are neither read nor changed"));
    assertThat(complete.profile()).isEqualTo(Profile.OPENSTACK);
    // without a selection, nothing is added
    Targeting.Selected all = Targeting.all().select(whole);
    Plan full = r.plan(all.desired(), List.of(), "actual.json");
    assertThat(all.complete(full, r.validate(whole))).isEqualTo(full);
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }
}
