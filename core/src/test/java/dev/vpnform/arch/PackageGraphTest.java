package dev.vpnform.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.vpnform.model.UpwardImportFixture;
import dev.vpnform.plan.Plan;
import org.junit.jupiter.api.Test;

/**
 * The package graph the README's Development section draws, enforced: each layer imports only
 * layers below it, and no package cycle exists. ArchUnit reads the compiled classes.
 */
class PackageGraphTest {
  /** From the ground up; a layer may use only the layers listed before it. */
  static ArchRule layers() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("door")
        .definedBy("dev.vpnform")
        .layer("apply")
        .definedBy("dev.vpnform.apply..")
        .layer("openstack")
        .definedBy("dev.vpnform.openstack..")
        .layer("config")
        .definedBy("dev.vpnform.config..")
        .layer("plan")
        .definedBy("dev.vpnform.plan..")
        .layer("validate")
        .definedBy("dev.vpnform.validate..")
        .layer("cloud")
        .definedBy("dev.vpnform.cloud..")
        .layer("model")
        .definedBy("dev.vpnform.model..")
        .whereLayer("door")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("apply")
        .mayOnlyBeAccessedByLayers("door")
        .whereLayer("openstack")
        .mayOnlyBeAccessedByLayers("door")
        .whereLayer("config")
        .mayOnlyBeAccessedByLayers("door")
        .whereLayer("plan")
        .mayOnlyBeAccessedByLayers("door", "apply")
        .whereLayer("validate")
        .mayOnlyBeAccessedByLayers("door", "apply")
        .whereLayer("cloud")
        .mayOnlyBeAccessedByLayers("door", "apply", "openstack")
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers(
            "door", "apply", "openstack", "config", "plan", "validate", "cloud");
  }

  static ArchRule noCycles() {
    return slices().matching("dev.vpnform.(*)..").should().beFreeOfCycles();
  }

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.vpnform");

  @Test
  void everyPackageImportsOnlyPackagesBelowIt() {
    layers().check(CORE);
  }

  @Test
  void noPackageCycle() {
    noCycles().check(CORE);
  }

  /** The negative case: a model class that imports the plan is refused. */
  @Test
  void anUpwardImportFailsTheRule() {
    JavaClasses upward =
        new ClassFileImporter().importClasses(UpwardImportFixture.class, Plan.class);
    assertThat(layers().evaluate(upward).hasViolation()).isTrue();
  }
}
