package com.dimosaic.vps.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The SDK's main classes on the test classpath (every module's, folders or jars), by name. */
final class SdkClasses {
  private SdkClasses() {}

  /** Names of every class under {@code com/dimosaic/vps} outside test-only code (testing, examples). */
  static TreeSet<String> names() {
    TreeSet<String> names = new TreeSet<>();
    try {
      Enumeration<URL> roots = SdkClasses.class.getClassLoader().getResources("com/dimosaic/vps");
      while (roots.hasMoreElements()) {
        URL u = roots.nextElement();
        if (u.getProtocol().equals("file")) {
          Path root = Path.of(u.toURI()).getParent().getParent().getParent();
          if (root.toString().contains("test-classes")) {
            continue;
          }
          try (Stream<Path> s = Files.walk(root.resolve("com/dimosaic/vps"))) {
            s.filter(p -> p.toString().endsWith(".class"))
                .forEach(p -> names.add(root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "")));
          }
        } else if (u.getProtocol().equals("jar")) {
          try (JarFile jar = ((JarURLConnection) u.openConnection()).getJarFile()) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
              String n = e.nextElement().getName();
              if (n.startsWith("com/dimosaic/vps/") && n.endsWith(".class")) {
                names.add(n.replace('/', '.').replaceAll("\\.class$", ""));
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    names.removeIf(n -> n.startsWith("com.dimosaic.vps.testing.") || n.startsWith("com.dimosaic.vps.examples.")
        || n.endsWith("module-info") || n.endsWith("package-info"));
    return names;
  }

  static Class<?> load(String name) {
    try {
      return Class.forName(name, false, SdkClasses.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
