package io.tidelake.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of the developers' guide, checked on the compiled main classes of every module:
 * dependencies point one way (table-format ← txn-log ← {merge, compaction, streaming-reader} ← tools),
 * no module uses another module's {@code internal} packages, and no public signature of a public API
 * class exposes an internal type.
 */
class ArchitectureTest {
  /** Package root → module, in dependency order (a module may use the ones before it). */
  private static final Map<String, String> MODULES = new LinkedHashMap<>();
  private static final Map<String, Set<String>> MAY_USE = Map.of(
      "table-format", Set.of("table-format"),
      "txn-log", Set.of("table-format", "txn-log"),
      "merge", Set.of("table-format", "txn-log", "merge"),
      "compaction", Set.of("table-format", "txn-log", "compaction"),
      "streaming-reader", Set.of("table-format", "txn-log", "merge", "streaming-reader"),
      "tools", Set.of("table-format", "txn-log", "merge", "compaction", "streaming-reader", "tools"));

  static {
    MODULES.put("io.tidelake.format", "table-format");
    MODULES.put("io.tidelake.table", "txn-log");
    MODULES.put("io.tidelake.quality", "txn-log");
    MODULES.put("io.tidelake.merge", "merge");
    MODULES.put("io.tidelake.compaction", "compaction");
    MODULES.put("io.tidelake.stream", "streaming-reader");
    MODULES.put("io.tidelake.streaming", "streaming-reader");
    MODULES.put("io.tidelake.cli", "tools");
  }

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    // main classes only: each classpath root holding io/tidelake (target/classes or a module's jar),
    // found through the class loader so that no other jar is scanned
    Set<com.tngtech.archunit.core.importer.Location> roots = new java.util.HashSet<>();
    try {
      java.util.Enumeration<java.net.URL> urls = ArchitectureTest.class.getClassLoader().getResources("io/tidelake");
      while (urls.hasMoreElements()) {
        roots.add(com.tngtech.archunit.core.importer.Location.of(urls.nextElement()));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importLocations(roots);
  }

  static String module(JavaClass c) {
    String pkg = c.getPackageName();
    for (Map.Entry<String, String> e : MODULES.entrySet()) {
      if (pkg.equals(e.getKey()) || pkg.startsWith(e.getKey() + ".")) {
        return e.getValue();
      }
    }
    return null;
  }

  static boolean isInternal(JavaClass c) {
    return c.getPackageName().contains(".internal");
  }

  @Test
  void theMainClassesOfEveryModuleAreChecked() {
    Set<String> seen = new TreeSet<>();
    for (JavaClass c : classes) {
      String m = module(c);
      if (m != null) {
        seen.add(m);
      }
    }
    assertThat(seen).contains("table-format", "txn-log", "tools");
    assertThat(classes.size()).isGreaterThan(200);
  }

  @Test
  void dependenciesPointOneWayAndNeverIntoAnotherModulesInternals() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      String from = module(c);
      if (from == null) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        String to = module(target);
        if (to == null || to.equals(from)) {
          continue;
        }
        if (!MAY_USE.get(from).contains(to)) {
          violations.add(from + " -> " + to + ": " + d.getDescription());
        } else if (isInternal(target)) {
          violations.add(from + " uses " + to + "'s internal " + target.getName() + ": " + d.getDescription());
        }
      }
    }
    assertThat(violations).as("module rule violations").isEmpty();
  }

  @Test
  void publicSignaturesExposeNoInternalType() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      if (module(c) == null || isInternal(c) || !isApi(c)) {
        continue;
      }
      for (JavaCodeUnit u : c.getCodeUnits()) {
        if (!u.getModifiers().contains(JavaModifier.PUBLIC) && !u.getModifiers().contains(JavaModifier.PROTECTED)) {
          continue;
        }
        if (isInternal(u.getRawReturnType().getBaseComponentType())) {
          violations.add(u.getFullName() + " returns " + u.getRawReturnType().getName());
        }
        for (JavaClass p : u.getRawParameterTypes()) {
          if (isInternal(p.getBaseComponentType())) {
            violations.add(u.getFullName() + " takes " + p.getName());
          }
        }
      }
      for (JavaField f : c.getFields()) {
        if (f.getModifiers().contains(JavaModifier.PUBLIC) && isInternal(f.getRawType().getBaseComponentType())) {
          violations.add(f.getFullName() + " has type " + f.getRawType().getName());
        }
      }
      if (c.getRawSuperclass().isPresent() && isInternal(c.getRawSuperclass().get())) {
        violations.add(c.getName() + " extends " + c.getRawSuperclass().get().getName());
      }
    }
    assertThat(violations).as("internal types in public signatures").isEmpty();
  }

  /** A class other modules can see: public, and (when nested) inside public classes only. */
  private static boolean isApi(JavaClass c) {
    for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
      if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }
}
