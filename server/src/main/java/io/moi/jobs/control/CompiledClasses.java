package io.moi.jobs.control;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * A file manager that keeps the class files the compiler writes in memory, and loads them in a
 * class loader of their own: nothing touches the disk, and each job's classes are dropped with it.
 */
final class CompiledClasses extends ForwardingJavaFileManager<StandardJavaFileManager> {

  private final Map<String, ByteArrayOutputStream> classes = new ConcurrentHashMap<>();

  CompiledClasses(StandardJavaFileManager standard) {
    super(standard);
  }

  /** The class files the compiler wrote, by class name. */
  Map<String, byte[]> bytes() {
    Map<String, byte[]> bytes = new HashMap<>();
    classes.forEach((name, out) -> bytes.put(name, out.toByteArray()));
    return Map.copyOf(bytes);
  }

  @Override
  public JavaFileObject getJavaFileForOutput(
      Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
    var uri = URI.create("memory:///" + className.replace('.', '/') + kind.extension);
    return new SimpleJavaFileObject(uri, kind) {
      @Override
      public OutputStream openOutputStream() {
        return classes.computeIfAbsent(className, name -> new ByteArrayOutputStream());
      }
    };
  }

  /**
   * A fresh loader for class files compiled before. Its parent is the platform loader: the code
   * sees the JDK, as it was compiled against, and none of the server's or moi's classes. Each run
   * gets its own loader, so no static state passes from one job to the next.
   */
  static ClassLoader loader(Map<String, byte[]> classes) {
    return new ClassLoader(ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] code = classes.get(name);
        if (code == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, code, 0, code.length);
      }
    };
  }

  /** Source text held in memory, under the name javac expects for a public class. */
  static JavaFileObject source(String className, String text) {
    var uri = URI.create("string:///" + className + ".java");
    return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }
    };
  }
}
