package dev.vpnform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectsFileTest {
  @TempDir Path dir;

  @BeforeEach
  void tree() throws IOException {
    Files.createDirectories(dir.resolve("vpn/prod/fra1"));
    Files.createDirectories(dir.resolve("vpn/lab"));
  }

  Path write(String text) throws IOException {
    Path p = dir.resolve(ProjectsFile.NAME);
    Files.writeString(p, text);
    return p;
  }

  List<String> problems(String text) throws IOException {
    Path f = write(text);
    try {
      ProjectsFile.read(f);
      throw new AssertionError("expected problems");
    } catch (ConfigException e) {
      return e.diagnostics().stream().map(d -> d.format().replace(f.toString(), "F")).toList();
    }
  }

  @Test
  void readsProjectsInFileOrderWithPathsBesideTheFile() throws Exception {
    Path f =
        write(
            """
            format: 1
            projects:
              - name: prod-fra1
                cloud: prod
                region: fra1
                profile: huaweicloud
                paths: [vpn/prod/fra1]
              - name: lab
                paths: [vpn/lab]
            """);
    ProjectsFile file = ProjectsFile.read(f);
    assertThat(file.projects())
        .extracting(ProjectsFile.Project::name)
        .containsExactly("prod-fra1", "lab");
    ProjectsFile.Project prod = file.projects().get(0);
    assertThat(prod.cloud()).contains("prod");
    assertThat(prod.region()).contains("fra1");
    assertThat(prod.profile()).contains(Profile.HUAWEICLOUD);
    assertThat(prod.paths()).containsExactly(dir.resolve("vpn/prod/fra1"));
    assertThat(prod.source().toString()).isEqualTo(f + ":3:5");
    ProjectsFile.Project lab = file.projects().get(1);
    assertThat(lab.cloud()).isEmpty();
    assertThat(lab.profile()).isEmpty();
    assertThat(file.select(List.of("lab"))).containsExactly(lab);
    assertThat(file.select(List.of())).hasSize(2);
    assertThatThrownBy(() -> file.select(List.of("prod-fra2")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.diagnostics())
                    .extracting(Diagnostic::message)
                    .containsExactly("no project is named 'prod-fra2'; did you mean 'prod-fra1'?"));
    assertThat(ProjectsFile.find(dir)).contains(f);
    assertThat(ProjectsFile.find(dir.resolve("vpn"))).isEmpty();
  }

  @Test
  void everyProblemIsLocated() throws Exception {
    assertThat(
            problems(
                """
                format: 2
                projects:
                  - name: Prod_FRA
                    paths: [vpn/prod]
                  - name: lab
                    clouds: lab
                    profile: aws
                    paths: [vpn/nowhere, /etc]
                  - name: lab
                    paths: [vpn/lab]
                  - name: other
                    paths: [vpn]
                  - name: nopaths
                """))
        .containsExactly(
            "F:1:9: error: [projects] format: expected 1",
            "F:3:11: error: [projects] name: 'Prod_FRA' must be 1 to 63 lower-case letters,"
                + " digits, '.', '_' or '-', starting with a letter or digit",
            "F:6:5: error: [projects] unknown key 'clouds'; did you mean 'cloud'? (known: name,"
                + " cloud, region, profile, paths)",
            "F:7:14: error: [projects] profile: unknown profile 'aws'; expected one of openstack,"
                + " huaweicloud, fujitsu-k5",
            "F:8:13: error: [projects] paths: vpn/nowhere does not exist",
            "F:8:26: error: [projects] paths: /etc must be relative to the projects file",
            "F:11:5: error: [projects] paths: vpn overlaps a path of project 'lab'; a file belongs"
                + " to one project only",
            "F:13:5: error: [projects] paths: required: the configuration this project plans");
  }

  @Test
  void aDuplicateNameAndAMissingFormat() throws Exception {
    assertThat(
            problems(
                """
                projects:
                  - name: lab
                    paths: [vpn/lab]
                  - name: lab
                    paths: [vpn/prod]
                """))
        .containsExactly(
            "F:1:1: error: [projects] 'format: 1' is required",
            "F:4:5: error: [projects] project 'lab' is already defined at F:2:5");
  }

  @Test
  void notYamlNotAMappingNotAFile() throws Exception {
    assertThat(problems("format: 1\nprojects: [\n")).singleElement().asString().contains("[yaml]");
    assertThat(problems("- a\n"))
        .containsExactly("F:1:1: error: [projects] the file: expected a mapping");
    assertThatThrownBy(() -> ProjectsFile.read(dir.resolve("missing.yaml")))
        .hasMessageContaining("cannot read it: no such file");
  }
}
