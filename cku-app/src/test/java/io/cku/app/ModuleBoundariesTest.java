package io.cku.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps DESIGN.md's module layers honest: lower layers never reach up, and no module reaches into another's internals. */
class ModuleBoundariesTest {

    // cku-shared is left out: its sub-package io.cku.shared.api is the wire format every module and the CLI share.
    private static final String[] MODULES = {
        "realtime", "auth", "policy", "audit", "governance", "skillengine", "orchestrator", "healing", "learning", "app", "cli"};

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cku");

    @Test
    void modulesDependOnlyOnLowerLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("layer 0").definedBy("io.cku.shared..", "io.cku.realtime..")
                .layer("layer 1").definedBy("io.cku.auth..", "io.cku.policy..", "io.cku.audit..")
                .layer("governance").definedBy("io.cku.governance..")
                .layer("skill engine").definedBy("io.cku.skillengine..")
                .layer("orchestrator").definedBy("io.cku.orchestrator..")
                .layer("healing").definedBy("io.cku.healing..")
                .layer("learning").definedBy("io.cku.learning..")
                .layer("app").definedBy("io.cku.app..")
                .layer("cli").definedBy("io.cku.cli..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("governance").mayOnlyBeAccessedByLayers("app")
                .whereLayer("skill engine").mayOnlyBeAccessedByLayers("app")
                .whereLayer("orchestrator").mayOnlyBeAccessedByLayers("app")
                .whereLayer("healing").mayOnlyBeAccessedByLayers("app")
                .whereLayer("learning").mayOnlyBeAccessedByLayers("app")
                .whereLayer("layer 1").mayOnlyBeAccessedByLayers("governance", "skill engine", "orchestrator", "healing", "learning", "app")
                .check(classes);
    }

    @Test
    void noModuleReachesIntoAnotherModulesSubPackages() {
        for (String module : MODULES) {
            noClasses().that().resideOutsideOfPackage("io.cku." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.cku." + module + ".*..")
                    .allowEmptyShould(true)
                    .because("the sub-packages of io.cku." + module + " are its internals")
                    .check(classes);
        }
    }
}
