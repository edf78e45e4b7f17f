package dev.tasker.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.tasker.engine.ArchFixtureLeakyApi;
import dev.tasker.engine.archfixture.TouchesDatabases;
import dev.tasker.engine.internal.archfixture.HiddenThing;
import dev.tasker.it.archfixture.cycle.a.CycleA;
import dev.tasker.it.archfixture.cycle.b.CycleB;
import dev.tasker.store.archfixture.FakeStore;
import dev.tasker.testkit.archfixture.UsesEngineInternals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of issue #13, checked on the production classes of every module (read from each
 * module's {@code target/classes}; tests excluded), and each rule family shown to fail on a small fixture
 * set from this module's test sources ({@code ..archfixture..}) that breaks it.
 *
 * <p>The benchmarks module is not checked: it is a measuring harness, not shipped, and talks to the
 * databases directly on purpose.
 */
class ArchitectureTest {

    /** The public packages: what users compile against. */
    static final String[] PUBLIC_PACKAGES = {
        "dev.tasker.api", "dev.tasker.engine", "dev.tasker.engine.template", "dev.tasker.engine.observe"
    };

    /** The one edge from the public package into the internals: the builder hands its settings to the assembly. */
    static final String BUILDER = "dev.tasker.engine.TaskerBuilder";

    static final String ASSEMBLY = "dev.tasker.engine.internal.EngineAssembly";

    private static final Pattern INTERNAL = Pattern.compile("(^|.*\\.)internal(\\..*|$)");

    // (a) Public members of public API types show no internal type, no store SPI type but its exceptions,
    // and no store module type. Deprecated members (kept for compatibility) are exempt.
    static final ArchRule PUBLIC_SIGNATURES_HIDE_INTERNALS = members()
            .that()
            .areDeclaredInClassesThat(publicApiType())
            .and()
            .arePublic()
            .and()
            .doNotHaveModifier(JavaModifier.SYNTHETIC)
            .and()
            .areNotAnnotatedWith(Deprecated.class)
            .should(exposeOnlyPublicTypes())
            .because("the public packages are the whole contract; internals and storage rows may change freely");

    /** The JSON conversion of a request's context, done where the request is made (TaskRequest.of). */
    static final String REQUEST = "dev.tasker.engine.TaskRequest";

    /** A step's result read as a Java type (StepSnapshot.result(Class)), by the engine's JSON rules. */
    static final String STEP_SNAPSHOT = "dev.tasker.engine.StepSnapshot";

    static final String JSON = "dev.tasker.engine.internal.support.Json";

    // (b) No package cycles. The public API is one slice: dev.tasker.engine and its template model ship and
    // change together (the builder takes templates, the loader throws the API's root exception). Ignored, by
    // name: the builder's call of the assembly (the one way into the internals), the JSON conversions of a
    // request's context and of a step snapshot's typed result, and the deprecated members that still take the old store
    // types (TaskerListener's row
    // methods, Tasker.tasks(store.TaskQuery)) until they are removed. Any other edge into the internals or
    // the store SPI makes a cycle, since those use the public types.
    static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass c) {
                    String p = c.getPackageName();
                    if (!p.startsWith("dev.tasker.")) {
                        return SliceIdentifier.ignore();
                    }
                    if (p.equals("dev.tasker.engine") || p.equals("dev.tasker.engine.template")) {
                        return SliceIdentifier.of("engine+template");
                    }
                    return SliceIdentifier.of(p.substring("dev.tasker.".length()));
                }

                @Override
                public String getDescription() {
                    return "packages of dev.tasker, the public API (engine, engine.template) as one";
                }
            })
            .should()
            .beFreeOfCycles()
            .ignoreDependency(name(BUILDER), name(ASSEMBLY))
            .ignoreDependency(name(REQUEST), name(JSON))
            .ignoreDependency(name(STEP_SNAPSHOT), name(JSON))
            .ignoreDependency(
                    deprecatedCompatibility(),
                    resideInAnyPackage("dev.tasker.engine.store", "dev.tasker.engine.store.spi"));

    // (c) Nothing outside the engine module reaches into the engine's internals.
    static final ArchRule ONLY_THE_ENGINE_USES_ITS_INTERNALS = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.tasker.cli..",
                    "dev.tasker.testkit..",
                    "dev.tasker.examples..",
                    "dev.tasker.store..",
                    "dev.tasker.persistence..",
                    "dev.tasker.micrometer..",
                    "dev.tasker.opentelemetry..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.tasker.engine.internal..")
            .allowEmptyShould(true);

    // (d) The engine knows no database: no driver, no pool, no store module.
    static final ArchRule ENGINE_KNOWS_NO_DATABASE = noClasses()
            .that()
            .resideInAPackage("dev.tasker.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.h2..",
                    "org.postgresql..",
                    "com.zaxxer.hikari..",
                    "dev.tasker.store..",
                    "dev.tasker.persistence..");

    // (d') The engine knows no metrics or tracing library: they are optional modules (tasker-micrometer,
    // tasker-opentelemetry) on the engine's observation SPI, so users without them get neither jar.
    static final ArchRule ENGINE_KNOWS_NO_OBSERVABILITY_LIBRARY = noClasses()
            .that()
            .resideInAnyPackage("dev.tasker.api..", "dev.tasker.engine..", "dev.tasker.store..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.micrometer..", "io.opentelemetry..", "dev.tasker.micrometer..", "dev.tasker.opentelemetry..");

    // (e) Store modules use the engine through the store SPI and public API types only.
    static final ArchRule STORES_USE_ONLY_THE_SPI = noClasses()
            .that()
            .resideInAnyPackage("dev.tasker.store..", "dev.tasker.persistence..")
            .should()
            .dependOnClassesThat(engineBeyondTheSpi())
            .allowEmptyShould(true);

    // (f) Each database driver is touched by its own store module only.
    static final ArchRule ONLY_THE_H2_STORE_TOUCHES_H2 = driverOnlyIn("org.h2..", "dev.tasker.store.h2..");
    static final ArchRule ONLY_THE_POSTGRES_STORE_TOUCHES_PGJDBC =
            driverOnlyIn("org.postgresql..", "dev.tasker.store.postgres..");

    /** The public types whose deprecated members still take the old store types. */
    private static DescribedPredicate<? super JavaClass> deprecatedCompatibility() {
        return name("dev.tasker.engine.Tasker")
                .or(name("dev.tasker.engine.TaskerListener"))
                .as("Tasker and TaskerListener (their deprecated store-typed members)");
    }

    private static JavaClasses production;

    @Test
    void public_signatures_show_no_internal_or_storage_type() {
        PUBLIC_SIGNATURES_HIDE_INTERNALS.check(production());
    }

    /**
     * Package cycles that exist today, each as the slices it runs through, starting at the first in name order.
     * A cycle not listed here fails the build; fixing one means deleting its line. When the list is empty this
     * is {@link #NO_PACKAGE_CYCLES} itself.
     */
    static final Set<String> KNOWN_CYCLES = Set.of();

    @Test
    void packages_have_no_cycles_but_the_known_ones() {
        List<String> details =
                NO_PACKAGE_CYCLES.evaluate(production()).getFailureReport().getDetails();
        Set<String> found = new TreeSet<>();
        details.forEach(d -> found.add(cycleOf(d)));
        Set<String> unknown = new TreeSet<>(found);
        unknown.removeAll(KNOWN_CYCLES);
        assertTrue(
                unknown.isEmpty(),
                () -> "new package cycles:\n" + String.join("\n", unknown) + "\n\nin detail:\n"
                        + details.stream()
                                .filter(d -> unknown.contains(cycleOf(d)))
                                .collect(Collectors.joining("\n")));
    }

    @Test
    void only_the_engine_uses_its_internals() {
        ONLY_THE_ENGINE_USES_ITS_INTERNALS.check(production());
    }

    @Test
    void the_engine_knows_no_database() {
        ENGINE_KNOWS_NO_DATABASE.check(production());
    }

    @Test
    void the_engine_depends_on_no_metrics_or_tracing_library() {
        ENGINE_KNOWS_NO_OBSERVABILITY_LIBRARY.check(production());
    }

    @Test
    void store_modules_use_the_engine_only_through_the_spi() {
        STORES_USE_ONLY_THE_SPI.check(production());
    }

    @Test
    void only_the_h2_store_touches_h2() {
        ONLY_THE_H2_STORE_TOUCHES_H2.check(production());
    }

    @Test
    void only_the_postgres_store_touches_pgjdbc() {
        ONLY_THE_POSTGRES_STORE_TOUCHES_PGJDBC.check(production());
    }

    @Test
    void the_production_import_sees_every_module() {
        Set<String> packages = new LinkedHashSet<>();
        production().forEach(c -> packages.add(c.getPackageName()));
        for (String expected : List.of(
                "dev.tasker.api",
                "dev.tasker.engine",
                "dev.tasker.engine.internal.run",
                "dev.tasker.engine.store",
                "dev.tasker.engine.template",
                "dev.tasker.cli",
                "dev.tasker.testkit",
                "dev.tasker.examples")) {
            assertTrue(packages.contains(expected), () -> "no class of " + expected + " imported; got " + packages);
        }
        assertFalse(packages.stream().anyMatch(p -> p.contains("archfixture")), "test fixtures leaked into the import");
    }

    // Negative tests: each rule family reports a fixture that breaks it, and nothing the rule allows.

    @Test
    void a_leaking_public_signature_is_reported_but_not_spi_exceptions_deprecated_or_hidden_members() {
        List<String> details =
                violations(PUBLIC_SIGNATURES_HIDE_INTERNALS, ArchFixtureLeakyApi.class, HiddenThing.class);
        assertEquals(2, details.size(), () -> String.join("\n", details));
        assertTrue(
                details.stream().anyMatch(d -> d.contains("leaksInternal") && d.contains("HiddenThing")),
                () -> String.join("\n", details));
        assertTrue(
                details.stream().anyMatch(d -> d.contains("leaksStoreSpi") && d.contains("WorkflowStore")),
                () -> String.join("\n", details));
    }

    @Test
    void a_package_cycle_is_reported() {
        List<String> details = violations(NO_PACKAGE_CYCLES, CycleA.class, CycleB.class);
        assertFalse(details.isEmpty());
        assertTrue(
                details.stream().anyMatch(d -> d.contains("CycleA") && d.contains("CycleB")),
                () -> String.join("\n", details));
    }

    @Test
    void a_module_reaching_into_engine_internals_is_reported() {
        List<String> details =
                violations(ONLY_THE_ENGINE_USES_ITS_INTERNALS, UsesEngineInternals.class, HiddenThing.class);
        assertFalse(details.isEmpty());
        assertTrue(
                details.stream().allMatch(d -> d.contains("UsesEngineInternals") && d.contains("HiddenThing")),
                () -> String.join("\n", details));
    }

    @Test
    void engine_code_touching_a_driver_or_a_store_module_is_reported() {
        List<String> details = violations(ENGINE_KNOWS_NO_DATABASE, TouchesDatabases.class, FakeStore.class);
        assertTrue(details.stream().anyMatch(d -> d.contains("org.h2.Driver")), () -> String.join("\n", details));
        assertTrue(details.stream().anyMatch(d -> d.contains("FakeStore")), () -> String.join("\n", details));
    }

    @Test
    void a_store_using_engine_internals_is_reported_but_not_the_spi_or_public_types() {
        List<String> details = violations(STORES_USE_ONLY_THE_SPI, FakeStore.class, HiddenThing.class);
        assertFalse(details.isEmpty());
        assertTrue(details.stream().allMatch(d -> d.contains("HiddenThing")), () -> String.join("\n", details));
    }

    @Test
    void a_driver_used_outside_its_store_module_is_reported() {
        List<String> details = violations(ONLY_THE_H2_STORE_TOUCHES_H2, TouchesDatabases.class);
        assertFalse(details.isEmpty());
        assertTrue(
                details.stream().allMatch(d -> d.contains("TouchesDatabases") && d.contains("org.h2")),
                () -> String.join("\n", details));
    }

    /** The slices of a reported cycle, from the first in name order: {@code a -> b -> a}. */
    static String cycleOf(String detail) {
        String header = detail.split("\n\\s*1\\. ", 2)[0];
        Matcher m = Pattern.compile("Slice (\\S+)").matcher(header);
        List<String> slices = new ArrayList<>();
        while (m.find()) {
            slices.add(m.group(1));
        }
        slices.removeLast(); // the closing slice repeats the first
        int first = slices.indexOf(slices.stream().min(String::compareTo).orElseThrow());
        List<String> path = new ArrayList<>(slices.subList(first, slices.size()));
        path.addAll(slices.subList(0, first));
        path.add(path.getFirst());
        return String.join(" -> ", path);
    }

    private static List<String> violations(ArchRule rule, Class<?>... fixtures) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(fixtures));
        return result.getFailureReport().getDetails();
    }

    private static DescribedPredicate<JavaClass> publicApiType() {
        return DescribedPredicate.describe(
                "public types of " + String.join(", ", PUBLIC_PACKAGES),
                c -> resideInAnyPackage(PUBLIC_PACKAGES).test(c) && visible(c));
    }

    /** Public, and so is every class it is nested in. */
    private static boolean visible(JavaClass c) {
        for (Optional<JavaClass> at = Optional.of(c);
                at.isPresent();
                at = at.get().getEnclosingClass()) {
            if (!at.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    /** A type the public API must not show. */
    static boolean hidden(JavaClass type) {
        String pkg = type.getPackageName();
        return INTERNAL.matcher(pkg).matches()
                || within(pkg, "dev.tasker.engine.store") && !type.isAssignableTo(RuntimeException.class)
                || within(pkg, "dev.tasker.store");
    }

    private static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private static ArchCondition<JavaMember> exposeOnlyPublicTypes() {
        return new ArchCondition<>("expose no type from ..internal.., from the store SPI (but its exceptions) "
                + "or from a store module") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> shown = new LinkedHashSet<>();
                if (member instanceof JavaField field) {
                    shown.addAll(field.getType().getAllInvolvedRawTypes());
                }
                if (member instanceof JavaCodeUnit code) {
                    shown.addAll(code.getReturnType().getAllInvolvedRawTypes());
                    code.getParameterTypes().forEach(t -> shown.addAll(t.getAllInvolvedRawTypes()));
                    shown.addAll(code.getExceptionTypes());
                }
                for (JavaClass type : shown) {
                    JavaClass base = type.getBaseComponentType();
                    if (hidden(base)) {
                        events.add(SimpleConditionEvent.violated(
                                member, member.getFullName() + " exposes " + base.getName()));
                    }
                }
            }
        };
    }

    private static DescribedPredicate<JavaClass> engineBeyondTheSpi() {
        DescribedPredicate<JavaClass> allowed = resideInAnyPackage(
                        "dev.tasker.engine", "dev.tasker.engine.template", "dev.tasker.engine.store..")
                .and(modifier(JavaModifier.PUBLIC));
        return resideInAPackage("dev.tasker.engine..")
                .and(not(allowed))
                .as("engine classes other than the public API and the store SPI");
    }

    private static ArchRule driverOnlyIn(String driverPackage, String storePackage) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(storePackage)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(driverPackage);
    }

    /** Every module's production classes but the benchmarks' (benchmarks, benchmarks-peers: built after this module), from its target/classes. */
    static synchronized JavaClasses production() {
        if (production == null) {
            production = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPaths(productionClassFolders());
        }
        return production;
    }

    private static List<Path> productionClassFolders() {
        Path root = Path.of(System.getProperty("tasker.root.dir", ".."))
                .toAbsolutePath()
                .normalize();
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                String name = module.getFileName().toString();
                if (!Files.isDirectory(module.resolve("src/main/java")) || name.startsWith("benchmarks")) {
                    continue;
                }
                Path classes = module.resolve("target/classes");
                assertTrue(
                        Files.isDirectory(classes),
                        () -> "module " + name + " is not compiled (" + classes
                                + " is missing): build it first, e.g. mvn -pl integration-tests -am verify");
                folders.add(classes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the modules under " + root, e);
        }
        return folders;
    }
}
